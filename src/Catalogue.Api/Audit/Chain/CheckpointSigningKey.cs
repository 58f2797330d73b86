using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Audit.Chain;

/// <summary>The <c>Catalogue:Audit</c> settings.</summary>
/// <param name="SealingLagWarning">How long an event may wait for its seal before the log warns that sealing is behind.</param>
public sealed record AuditOptions(
    string? SigningKeyPem, string? SigningKeyFile, string DevelopmentKeyFile, TimeSpan CheckpointInterval, TimeSpan SealingLagWarning)
{
    public const string Section = "Catalogue:Audit";
    public const string DevelopmentKeyFileName = "audit-signing-key.pem";
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultSealingLagWarning = TimeSpan.FromMinutes(1);

    public static AuditOptions From(IConfiguration configuration)
    {
        var audit = configuration.GetSection(Section);
        var dataDirectory = configuration[CatalogueDatabase.DataDirectoryKey];
        // With an external connection string there may be no data directory; the development key still needs a home.
        var developmentKey = Path.GetFullPath(Path.Combine(
            string.IsNullOrWhiteSpace(dataDirectory) ? Path.Combine(Environment.CurrentDirectory, ".catalogue") : dataDirectory,
            DevelopmentKeyFileName));
        var interval = CatalogueConfigurationException.Duration(configuration, $"{Section}:CheckpointInterval", "a positive length of time, e.g. 01:00:00")
                       ?? DefaultCheckpointInterval;
        if (interval <= TimeSpan.Zero) throw new CatalogueConfigurationException($"{Section}:CheckpointInterval must be positive, e.g. 01:00:00; it is '{interval}'.");
        var lagWarning = CatalogueConfigurationException.Duration(configuration, $"{Section}:SealingLagWarning", "a positive length of time, e.g. 00:01:00")
                         ?? DefaultSealingLagWarning;
        if (lagWarning <= TimeSpan.Zero) throw new CatalogueConfigurationException($"{Section}:SealingLagWarning must be positive, e.g. 00:01:00; it is '{lagWarning}'.");
        return new AuditOptions(
            NullIfBlank(audit["SigningKeyPem"]), NullIfBlank(audit["SigningKeyFile"]), developmentKey, interval, lagWarning);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>
/// The ECDSA P-256 key that signs checkpoints: from <c>Catalogue:Audit:SigningKeyPem</c>, else the PEM file
/// <c>Catalogue:Audit:SigningKeyFile</c>, else a development key generated once into the data directory, readable
/// only by its owner. Signatures are DER-encoded ECDSA over SHA-256, the form <c>openssl dgst -verify</c> reads.
/// </summary>
public sealed class CheckpointSigningKey : IDisposable
{
    private static readonly Oid P256 = new("1.2.840.10045.3.1.7");

    private readonly ECDsa _key;

    private CheckpointSigningKey(ECDsa key, string origin)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        if (curve.Oid?.Value != P256.Value && curve.Oid?.FriendlyName is not ("nistP256" or "ECDSA_P256" or "prime256v1"))
        {
            throw new CatalogueConfigurationException($"The checkpoint signing key from {origin} is not an ECDSA P-256 key.");
        }

        _key = key;
        Origin = origin;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem() + "\n";
        KeyId = KeyIdOf(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>Where the key came from, for logs and the CLI; never the key itself.</summary>
    public string Origin { get; }

    public string PublicKeyPem { get; }

    /// <summary>SHA-256 of the public key's SubjectPublicKeyInfo (DER), in hex: names the key in each checkpoint.</summary>
    public string KeyId { get; }

    public static CheckpointSigningKey Load(AuditOptions options, ILogger logger)
    {
        if (options.SigningKeyPem is not null) return FromPem(options.SigningKeyPem, $"{AuditOptions.Section}:SigningKeyPem");
        if (options.SigningKeyFile is not null)
        {
            if (!File.Exists(options.SigningKeyFile))
            {
                throw new CatalogueConfigurationException($"{AuditOptions.Section}:SigningKeyFile names {options.SigningKeyFile}, which does not exist.");
            }

            return FromPem(File.ReadAllText(options.SigningKeyFile), options.SigningKeyFile);
        }

        var path = options.DevelopmentKeyFile;
        if (!File.Exists(path))
        {
            CreateDevelopmentKey(path);
            // The start banner says on every start which key signs, and what to set for production.
            logger.LogInformation("Generated a development checkpoint signing key in {Path}", path);
        }

        return FromPem(File.ReadAllText(path), path);
    }

    public static CheckpointSigningKey FromPem(string pem, string origin)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return new CheckpointSigningKey(key, origin);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CatalogueConfigurationException($"{origin} must hold an ECDSA P-256 private key in PEM form (BEGIN PRIVATE KEY or BEGIN EC PRIVATE KEY): {e.Message}");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A secret for <paramref name="purpose"/> that every node holding this key derives alike and nobody else can: what
    /// another part of the service seals its own tokens with, so they need no secret of their own to share.
    /// </summary>
    public byte[] DerivedSecret(string purpose)
    {
        var scalar = _key.ExportParameters(includePrivateParameters: true).D!;
        try
        {
            return HMACSHA256.HashData(scalar, Encoding.UTF8.GetBytes(purpose));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    public byte[] Sign(string statement) =>
        _key.SignData(Encoding.UTF8.GetBytes(statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public bool Verify(string statement, byte[] signature) => VerifyWith(_key, statement, signature);

    public static bool VerifyWith(ECDsa publicKey, string statement, byte[] signature) =>
        publicKey.VerifyData(Encoding.UTF8.GetBytes(statement), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public static string KeyIdOf(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>Writes a new key next to the cluster's files, owner-only, without ever replacing a key that exists.</summary>
    private static void CreateDevelopmentKey(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem() + "\n";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(pem);
        }

        try
        {
            // Another process (the CLI beside the service) may have won the race; its key stands.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }

    public void Dispose() => _key.Dispose();
}

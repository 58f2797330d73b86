using System.Security.Cryptography;
using Catalogue.Api.Audit.Chain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Catalogue.Tests.Audit.Chain;

public sealed class CheckpointSigningKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("catalogue-key-").FullName;

    private AuditOptions Options(params (string Key, string Value)[] settings) => AuditOptions.From(
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("Catalogue:DataDirectory", Path.Combine(_folder, "data"))))
            .Build());

    [Fact]
    public void without_a_configured_key_a_development_key_is_generated_once_readable_only_by_its_owner()
    {
        var options = Options();

        using var first = CheckpointSigningKey.Load(options, NullLogger.Instance);
        using var second = CheckpointSigningKey.Load(options, NullLogger.Instance);

        Assert.Equal(Path.Combine(_folder, "data", "audit-signing-key.pem"), options.DevelopmentKeyFile);
        Assert.Equal(first.KeyId, second.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.DevelopmentKeyFile));
        }
    }

    [Fact]
    public void a_key_from_configuration_or_a_file_is_used_as_given()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportECPrivateKeyPem();
        var file = Path.Combine(_folder, "signing.pem");
        File.WriteAllText(file, pem);

        using var fromPem = CheckpointSigningKey.Load(Options(("Catalogue:Audit:SigningKeyPem", pem)), NullLogger.Instance);
        using var fromFile = CheckpointSigningKey.Load(Options(("Catalogue:Audit:SigningKeyFile", file)), NullLogger.Instance);

        var expected = CheckpointSigningKey.KeyIdOf(ecdsa.ExportSubjectPublicKeyInfo());
        Assert.Equal(expected, fromPem.KeyId);
        Assert.Equal(expected, fromFile.KeyId);
        Assert.False(File.Exists(Path.Combine(_folder, "data", "audit-signing-key.pem")));
    }

    [Fact]
    public void a_key_on_another_curve_is_refused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        var refusal = Assert.Throws<Catalogue.Api.Hosting.CatalogueConfigurationException>(
            () => CheckpointSigningKey.Load(Options(("Catalogue:Audit:SigningKeyPem", ecdsa.ExportECPrivateKeyPem())), NullLogger.Instance));

        Assert.Contains("not an ECDSA P-256 key", refusal.Message);
    }

    [Fact]
    public void the_checkpoint_interval_defaults_to_an_hour_and_can_be_set()
    {
        Assert.Equal(TimeSpan.FromHours(1), Options().CheckpointInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), Options(("Catalogue:Audit:CheckpointInterval", "00:05:00")).CheckpointInterval);
    }

    [Fact]
    public void a_signature_verifies_only_over_the_statement_it_signed()
    {
        using var key = CheckpointSigningKey.Load(Options(), NullLogger.Instance);
        var statement = Checkpoint.StatementFor(8, 8, new string('a', 64), "2026-11-28T06:36:25.123456Z", key.KeyId);

        var signature = key.Sign(statement);

        Assert.True(key.Verify(statement, signature));
        Assert.False(key.Verify(statement.Replace("last-seq: 8", "last-seq: 9"), signature));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

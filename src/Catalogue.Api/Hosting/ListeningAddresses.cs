using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Tries the addresses the service is to listen on before it touches a database: a second start beside a running
/// service would otherwise have joined that service's database, brought its schema up to date, and only then failed to
/// bind, with a page of stack trace.
/// </summary>
public static class ListeningAddresses
{
    /// <summary>One line saying why the service cannot listen where it was asked to; null when it can.</summary>
    public static string? Refusal(string urls, IConfiguration configuration, string contentRoot)
    {
        if (UnreadableCertificate(configuration, contentRoot) is { } unreadableCertificate) return unreadableCertificate;

        var listed = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var url in listed)
        {
            if (Unreadable(url) is { } unreadable) return unreadable;
        }

        if (listed.FirstOrDefault(url => url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) is { } secure && !HasCertificate(configuration))
        {
            return $"Catalogue will not start: it has no certificate to listen on {secure} with. Set Kestrel:Certificates:Default:Path (and :Password or "
                + ":KeyPath), or listen over http:// behind a proxy that holds the certificate (deploy/nginx).";
        }

        if (listed.GroupBy(url => url.TrimEnd('/'), StringComparer.OrdinalIgnoreCase).FirstOrDefault(same => same.Count() > 1) is { } twice)
            return $"Catalogue will not start: --urls names {twice.Key} twice. Name each address once.";

        foreach (var url in listed)
        {
            if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port <= 0)
            {
                // Kestrel reads the forms this does not (a Unix socket, a named pipe) and says itself what is wrong.
                continue;
            }

            foreach (var address in AddressesOf(uri.Host))
            {
                if (TryListen(address, uri.Port) is { } error) return Explain(error, uri);
            }
        }

        return null;
    }

    /// <summary>
    /// Why Kestrel could not read the address, in one line: read by Kestrel's own parser, which the host would otherwise
    /// run only once the database is up and the message handling started, crashing with a stack trace.
    /// </summary>
    private static string? Unreadable(string url)
    {
        const string Form = "an address to listen on, such as http://127.0.0.1:5080";
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return $"Catalogue will not start: --urls holds '{url}', which is not {Form}.";
        }

        if (address.IsUnixPipe || address.IsNamedPipe) return null;
        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase) && !string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase))
            return $"Catalogue will not start: --urls holds '{url}'; the service listens over http:// or https:// only.";
        if (address.Port is < 0 or > IPEndPoint.MaxPort)
            return $"Catalogue will not start: --urls holds '{url}', whose port is not from 0 to 65535.";
        return null;
    }

    /// <summary>
    /// Whether Kestrel has a certificate for https:// — one configured, or the ASP.NET Core development certificate
    /// (<c>dotnet dev-certs https</c>) in the user's store — as it otherwise finds out at the bind, once the message
    /// handling has started on the database, and crashes the start.
    /// </summary>
    private static bool HasCertificate(IConfiguration configuration)
    {
        if (ConfiguredCertificates(configuration).Any(certificate => certificate.GetChildren().Any())) return true;
        try
        {
            using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
            store.Open(OpenFlags.ReadOnly);
            return store.Certificates.Any(c => c.NotAfter > DateTime.Now && c.Extensions.Any(e => e.Oid?.Value == DevelopmentCertificateOid));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// A certificate file configured for Kestrel that cannot be loaded: Kestrel loads the configured ones whenever it binds,
    /// over http:// too, and a missing file or a wrong password crashed the start there, once the database was up.
    /// Loaded here as Kestrel loads them — a PEM certificate with <c>KeyPath</c> (its <c>Password</c> for an encrypted
    /// key), else a PKCS#12 file with its <c>Password</c>, or a certificate alone — relative to the content root.
    /// </summary>
    private static string? UnreadableCertificate(IConfiguration configuration, string contentRoot)
    {
        foreach (var certificate in ConfiguredCertificates(configuration).Where(certificate => !string.IsNullOrEmpty(certificate["Path"])))
        {
            var path = Path.Combine(contentRoot, certificate["Path"]!);
            var keyPath = certificate["KeyPath"] is { Length: > 0 } key ? Path.Combine(contentRoot, key) : null;
            var password = certificate["Password"];
            var named = $"Catalogue will not start: {certificate.Path}:Path names {path}" + (keyPath is null ? "" : $" (its key {keyPath})");
            if (new[] { path, keyPath }.FirstOrDefault(file => file is not null && !File.Exists(file)) is { } missing)
                return $"{named}, but {(Directory.Exists(missing) ? "it is a folder" : "there is no such file")}: {missing}.";
            try
            {
                using var loaded = keyPath is null
                    ? X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12
                        ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                        : X509CertificateLoader.LoadCertificateFromFile(path)
                    : password is null
                        ? X509Certificate2.CreateFromPemFile(path, keyPath)
                        : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                return $"{named}, a certificate that cannot be loaded: {e.Message.TrimEnd('.')}.";
            }
        }

        return null;
    }

    /// <summary>Where Kestrel's configuration names certificates: the default one, and each endpoint's own.</summary>
    private static IEnumerable<IConfigurationSection> ConfiguredCertificates(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint.GetSection("Certificate"))
            .Prepend(configuration.GetSection("Kestrel:Certificates:Default"));

    /// <summary>The extension ASP.NET Core's development certificate carries.</summary>
    private const string DevelopmentCertificateOid = "1.3.6.1.4.1.311.84.1.1";

    private static IEnumerable<IPAddress> AddressesOf(string host) => host switch
    {
        "localhost" => [IPAddress.Loopback],
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => [ip],
        // Kestrel binds a host name it cannot take literally to every interface.
        _ => [IPAddress.Any],
    };

    private static SocketError? TryListen(IPAddress address, int port)
    {
        try
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static string Explain(SocketError error, Uri uri) => error switch
    {
        SocketError.AddressAlreadyInUse =>
            $"Catalogue will not start: port {uri.Port} is in use — is Catalogue already running? Use --urls to choose another, e.g. --urls {uri.Scheme}://{uri.Host}:{(uri.Port == 65535 ? uri.Port - 1 : uri.Port + 1)}",
        SocketError.AccessDenied =>
            $"Catalogue will not start: it may not listen on port {uri.Port} (ports below 1024 need privileges). Use --urls to choose another, e.g. --urls {uri.Scheme}://{uri.Host}:5080",
        SocketError.AddressNotAvailable =>
            $"Catalogue will not start: {uri.Host} is not an address of this machine. Use --urls to choose another, e.g. --urls {uri.Scheme}://127.0.0.1:{uri.Port}",
        _ => $"Catalogue will not start: it cannot listen on {uri.GetLeftPart(UriPartial.Authority)} ({error}). Use --urls to choose another address.",
    };
}

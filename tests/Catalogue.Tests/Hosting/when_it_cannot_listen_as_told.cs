using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The port is taken — most often by a Catalogue already running — or the address or certificate it is given will not
/// do. The service must say so in one line and leave every database alone: it used to join the running service's
/// database and bring its schema up to date first, and crash at the bind.
/// </summary>
public sealed class when_it_cannot_listen_as_told(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task it_says_so_in_one_line_exits_and_has_not_touched_the_database()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_port_taken");
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var (exit, output) = await Run(connectionString, null, "--urls", $"http://127.0.0.1:{port}");

            Assert.NotEqual(0, exit);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.Contains($"port {port} is in use — is Catalogue already running? Use --urls to choose another", line);
            Assert.False(await HasCatalogueSchema(connectionString), "the service created its schema before it found the port taken");
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task with_its_embedded_database_it_starts_no_cluster_either()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-port-taken-{Guid.NewGuid():N}"[..40]);
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;

            var (exit, output) = await Run(null, dataDirectory, "--urls", $"http://127.0.0.1:{port}");

            Assert.NotEqual(0, exit);
            Assert.Contains($"port {port} is in use", Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.False(Directory.Exists(dataDirectory), "the service prepared its embedded cluster before it found the port taken");
        }
        finally
        {
            taken.Stop();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData("garbage", "--urls holds 'garbage', which is not an address to listen on, such as http://127.0.0.1:5080.")]
    [InlineData("https://127.0.0.1:5082", "it has no certificate to listen on https://127.0.0.1:5082 with. Set Kestrel:Certificates:Default:Path")]
    public async Task an_address_it_cannot_listen_on_is_refused_in_one_line_before_any_database_is_touched(string urls, string said)
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_bad_urls");
        // A home of its own: no development certificate there, whatever the machine running the tests holds.
        var home = Directory.CreateTempSubdirectory("catalogue-home-").FullName;
        try
        {
            var (exit, output) = await Run(connectionString, null, new Dictionary<string, string> { ["HOME"] = home }, "--urls", urls);

            Assert.Equal(2, exit);
            Assert.StartsWith("Catalogue will not start: " + said, Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            Assert.False(await HasCatalogueSchema(connectionString), "the service created its schema before it found it could not listen");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Other addresses it cannot listen on, asked in the tests' own process of what the start asks first (the one line
    /// above, before any database is touched, is the start's own doing, shown once for each kind).
    /// </summary>
    [Theory]
    [InlineData("http://127.0.0.1:99999", "--urls holds 'http://127.0.0.1:99999', whose port is not from 0 to 65535.")]
    [InlineData("ftp://127.0.0.1:5080", "--urls holds 'ftp://127.0.0.1:5080'; the service listens over http:// or https:// only.")]
    [InlineData("http://127.0.0.1:5081;http://127.0.0.1:5081/", "--urls names http://127.0.0.1:5081 twice. Name each address once.")]
    public void another_address_it_cannot_listen_on_is_named(string urls, string said) =>
        Assert.StartsWith("Catalogue will not start: " + said, ListeningAddresses.Refusal(urls, new ConfigurationBuilder().Build(), AppContext.BaseDirectory));

    /// <inheritdoc cref="another_address_it_cannot_listen_on_is_named"/>
    [Theory]
    [InlineData("a folder", "but it is a folder")]
    [InlineData("the wrong password", "a certificate that cannot be loaded: The certificate data cannot be read with the provided password")]
    [InlineData("a key where the certificate goes", "a certificate that cannot be loaded")]
    public async Task another_certificate_it_cannot_load_is_named(string given, string said)
    {
        var folder = Directory.CreateTempSubdirectory("catalogue-certificate-").FullName;
        try
        {
            var (path, password) = await Certificates(folder, given);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kestrel:Certificates:Default:Path"] = path,
                ["Kestrel:Certificates:Default:Password"] = password,
            }).Build();

            var refusal = ListeningAddresses.Refusal("http://127.0.0.1:0", configuration, AppContext.BaseDirectory);

            Assert.StartsWith($"Catalogue will not start: Kestrel:Certificates:Default:Path names {path}", refusal);
            Assert.Contains(said, refusal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A certificate and its key in <paramref name="folder"/>, and the path and password to configure as <paramref name="given"/> says.</summary>
    private static async Task<(string Path, string Password)> Certificates(string folder, string given)
    {
        using var key = RSA.Create(2048);
        using var certificate = SelfSignedForLocalhost(key);
        var pfx = Path.Combine(folder, "catalogue.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "right"));
        var keyPem = Path.Combine(folder, "catalogue.key");
        await File.WriteAllTextAsync(keyPem, key.ExportPkcs8PrivateKeyPem());
        return given switch
        {
            "no such file" => (Path.Combine(folder, "missing.pfx"), "right"),
            "a folder" => (folder, "right"),
            "the wrong password" => (pfx, "wrong"),
            _ => (keyPem, "right"),
        };
    }

    [Theory]
    [InlineData("no such file", "but there is no such file")]
    public async Task a_certificate_it_cannot_load_is_refused_in_one_line_before_any_database_is_touched(string given, string said)
    {
        // Kestrel loads the configured certificate at every bind, over http:// too: it crashed the start once the database was up.
        var connectionString = await Service.NewDatabaseAsync("catalogue_bad_certificate");
        var folder = Directory.CreateTempSubdirectory("catalogue-certificate-").FullName;
        try
        {
            var (path, password) = await Certificates(folder, given);

            var (exit, output) = await Run(connectionString, null,
                new Dictionary<string, string> { ["Kestrel__Certificates__Default__Path"] = path, ["Kestrel__Certificates__Default__Password"] = password },
                "--urls", "http://127.0.0.1:0");

            Assert.Equal(2, exit);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith($"Catalogue will not start: Kestrel:Certificates:Default:Path names {path}", line);
            Assert.Contains(said, line);
            Assert.False(await HasCatalogueSchema(connectionString), "the service created its schema before it found it could not load its certificate");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task a_certificate_it_can_load_lets_it_serve_over_https()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_good_certificate");
        var folder = Directory.CreateTempSubdirectory("catalogue-certificate-").FullName;
        try
        {
            using var key = RSA.Create(2048);
            using var certificate = SelfSignedForLocalhost(key);
            // A PEM certificate and its key, as a certificate authority hands them out, named relative to where it runs.
            await File.WriteAllTextAsync(Path.Combine(folder, "catalogue.crt"), certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(folder, "catalogue.key"), key.ExportPkcs8PrivateKeyPem());
            var address = new Uri($"https://127.0.0.1:{CatalogueCli.FreeLoopbackPort()}");

            using var running = new ServiceProcess(
                CatalogueCli.Start(connectionString, ["--urls", address.ToString()], new Dictionary<string, string>
                {
                    ["Kestrel__Certificates__Default__Path"] = Path.Combine(folder, "catalogue.crt"),
                    ["Kestrel__Certificates__Default__KeyPath"] = Path.Combine(folder, "catalogue.key"),
                }),
                address);
            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, served, _, _) => served?.Thumbprint == certificate.Thumbprint };
            using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                var live = await Eventually.Until(
                    async () =>
                    {
                        if (running.Process.HasExited) return (HttpStatusCode?)null;
                        try
                        {
                            return (await client.GetAsync("/health/live")).StatusCode;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            return HttpStatusCode.ServiceUnavailable; // not listening yet
                        }
                    },
                    status => status is null or HttpStatusCode.OK, "the service to answer over https or to exit", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200),
                    _ => $"\n{running.Output}");
                if (live != HttpStatusCode.OK) Assert.Fail($"the service exited ({running.Process.ExitCode}) instead of serving over https:\n{running.Output}");
            }
            finally
            {
                await running.StopAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static X509Certificate2 SelfSignedForLocalhost(RSA key) =>
        new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

    private static Task<(int ExitCode, string Output)> Run(string? connectionString, string? dataDirectory, params string[] args) =>
        Run(connectionString, dataDirectory, new Dictionary<string, string>(), args);

    private static async Task<(int ExitCode, string Output)> Run(string? connectionString, string? dataDirectory, Dictionary<string, string> environment, params string[] args)
    {
        if (dataDirectory is not null) environment["Catalogue__DataDirectory"] = dataDirectory;
        using var process = CatalogueCli.Start(connectionString, args, environment, asPeopleSeeIt: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // It serves on after all (another address, say): stop it, and let the test say what it printed.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await output + await errors);
    }

    private static async Task<bool> HasCatalogueSchema(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select exists (select 1 from pg_namespace where nspname = 'catalogue')", connection);
        return (bool)(await query.ExecuteScalarAsync())!;
    }
}

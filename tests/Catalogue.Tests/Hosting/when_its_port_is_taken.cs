using System.Net;
using System.Net.Sockets;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The port is taken — most often by a Catalogue already running. The service must say so in one line and leave
/// every database alone: it used to join the running service's database and bring its schema up to date first.
/// </summary>
public sealed class when_its_port_is_taken(CatalogueService service) : CatalogueScenario(service)
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
    [InlineData("http://127.0.0.1:99999", "--urls holds 'http://127.0.0.1:99999', whose port is not from 0 to 65535.")]
    [InlineData("ftp://127.0.0.1:5080", "--urls holds 'ftp://127.0.0.1:5080'; the service listens over http:// or https:// only.")]
    [InlineData("http://127.0.0.1:5081;http://127.0.0.1:5081/", "--urls names http://127.0.0.1:5081 twice. Name each address once.")]
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

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

    private static async Task<(int ExitCode, string Output)> Run(string? connectionString, string? dataDirectory, params string[] args)
    {
        var environment = dataDirectory is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Catalogue__DataDirectory"] = dataDirectory };
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

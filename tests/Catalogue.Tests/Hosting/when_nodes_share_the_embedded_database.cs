using System.Net;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Someone tries several nodes on one machine without a PostgreSQL of their own: <c>database</c> serves the embedded
/// cluster, nodes start beside it on the same data directory, and a node that stops leaves the database to the others.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class when_nodes_share_the_embedded_database
{
    [Fact]
    public async Task the_database_verb_keeps_the_cluster_for_the_nodes_until_it_is_stopped_itself()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-shared-{Guid.NewGuid():N}"[..37]);
        var database = new ServiceProcess(
            CatalogueCli.Start(null, ["database"], new Dictionary<string, string> { ["Catalogue__DataDirectory"] = dataDirectory }, asPeopleSeeIt: true),
            new Uri("http://unused"));
        try
        {
            var told = await database.LinesUntilAsync(l => l.Contains("Stop: Ctrl+C", StringComparison.Ordinal));
            var connectionString = ConnectionStringIn(string.Join('\n', told));
            // Nodes started with that connection string make no key: the verb made the first, as the service would.
            var keyFile = Path.Combine(dataDirectory, "admin-api-key");
            Assert.Contains($"The admin key was created just now in {keyFile}", string.Join('\n', told));

            // A node on the same data directory finds the cluster served, uses it, and says so.
            var node = CatalogueCli.LaunchEmbeddedService(dataDirectory);
            string banner;
            try
            {
                await node.WaitUntilReadyAsync();
                banner = string.Join('\n', await node.LinesUntilAsync(l => l.Contains("stop:", StringComparison.Ordinal)));
                var key = (await File.ReadAllTextAsync(keyFile)).Trim();
                var api = new Support.Api(new HttpClient { BaseAddress = node.Address }, key);
                (await api.Post("/api/records", new { title = "Memorandum of conversation kept in the shared cluster" })).ShouldBe(HttpStatusCode.Created);
                Assert.Equal(0, await node.StopAsync());
            }
            finally
            {
                node.Dispose();
            }

            Assert.Contains("served by another process", banner);
            Assert.DoesNotContain("it stops the embedded PostgreSQL too", banner);
            // The node has stopped; the database it wrote to serves on.
            Assert.Equal(1L, await ScalarAsync(connectionString, "select count(*) from catalogue.mt_events"));

            Assert.Equal(0, await database.StopAsync());
            Assert.Contains("Stopping the embedded PostgreSQL", database.Output);
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync(connectionString, "select 1"));
        }
        finally
        {
            database.Dispose();
            // Left running by a failed run: the launcher takes an orphan over, and stops it.
            if (File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid")))
            {
                await (await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory })).DisposeAsync();
            }

            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [GeneratedRegex("ConnectionStrings__Catalogue='([^']+)'")]
    private static partial Regex PrintedConnectionString();

    private static string ConnectionStringIn(string output)
    {
        var match = PrintedConnectionString().Match(output);
        Assert.True(match.Success, $"no connection string for the nodes in:\n{output}");
        return match.Groups[1].Value;
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

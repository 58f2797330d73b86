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
            await ClearAwayAsync(dataDirectory);
        }
    }

    /// <summary>
    /// Found from outside: two nodes on one data directory, the one that started the cluster killed (kill -9) and started
    /// again — it took the server the other was using for an orphan and stopped it, and the other answered 503 for good.
    /// </summary>
    [Fact]
    public async Task a_node_killed_and_started_again_beside_another_leaves_the_other_its_database()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-handover-{Guid.NewGuid():N}"[..39]);
        var nodes = new List<ServiceProcess>();
        ServiceProcess Node()
        {
            var node = CatalogueCli.LaunchEmbeddedService(dataDirectory);
            nodes.Add(node);
            return node;
        }

        try
        {
            var first = Node();
            await first.WaitUntilReadyAsync();
            var second = Node();
            await second.WaitUntilReadyAsync();
            var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-api-key"))).Trim();
            var onSecond = new Support.Api(new HttpClient { BaseAddress = second.Address }, key);
            (await onSecond.Post("/api/records", new { title = "Ciphered telegram written before the first node died" })).ShouldBe(HttpStatusCode.Created);

            await first.KillAsync();
            var again = Node();
            await again.WaitUntilReadyAsync();
            var banner = string.Join('\n', await again.LinesUntilAsync(l => l.Contains("stop:", StringComparison.Ordinal)));

            Assert.Contains("served by another process", banner);
            (await onSecond.Post("/api/records", new { title = "Ciphered telegram written after the first node came back" })).ShouldBe(HttpStatusCode.Created);
            var onAgain = new Support.Api(new HttpClient { BaseAddress = again.Address }, key);
            (await onAgain.Post("/api/records", new { title = "Letter written on the node started again" })).ShouldBe(HttpStatusCode.Created);

            // The one started again stops; the other keeps its database, and stops it as the last to use it.
            Assert.Equal(0, await again.StopAsync());
            (await onSecond.Get("/health/ready")).ShouldBe(HttpStatusCode.OK);
            (await onSecond.Post("/api/records", new { title = "Ciphered telegram written after the other node stopped" })).ShouldBe(HttpStatusCode.Created);
            Assert.Equal(0, await second.StopAsync());
            Assert.Contains("is used by no other process now; stopping it", second.Output);
            Assert.False(ServerRunsOn(dataDirectory));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            await ClearAwayAsync(dataDirectory);
        }
    }

    [Fact]
    public async Task the_database_verb_stopped_before_the_nodes_leaves_them_the_cluster_until_the_last_stops()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-shared-{Guid.NewGuid():N}"[..37]);
        var database = new ServiceProcess(
            CatalogueCli.Start(null, ["database"], new Dictionary<string, string> { ["Catalogue__DataDirectory"] = dataDirectory }, asPeopleSeeIt: true),
            new Uri("http://unused"));
        ServiceProcess? node = null;
        try
        {
            await database.LinesUntilAsync(l => l.Contains("Stop: Ctrl+C", StringComparison.Ordinal));
            node = CatalogueCli.LaunchEmbeddedService(dataDirectory);
            await node.WaitUntilReadyAsync();
            var api = new Support.Api(new HttpClient { BaseAddress = node.Address }, (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-api-key"))).Trim());

            Assert.Equal(0, await database.StopAsync());

            Assert.Contains("Leaving the embedded PostgreSQL running for the processes that still use it", database.Output);
            (await api.Post("/api/records", new { title = "Memorandum written after the database verb stopped" })).ShouldBe(HttpStatusCode.Created);
            Assert.Equal(0, await node.StopAsync());
            Assert.False(ServerRunsOn(dataDirectory));
        }
        finally
        {
            node?.Dispose();
            database.Dispose();
            await ClearAwayAsync(dataDirectory);
        }
    }

    /// <summary>
    /// Found from outside: two nodes started at the same moment on one data directory each found no server running and
    /// each started one; one stopped the other's as an orphan, or both failed on PostgreSQL's own lock file.
    /// </summary>
    [Fact]
    public async Task nodes_started_at_the_same_moment_on_one_data_directory_share_one_cluster()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-at-once-{Guid.NewGuid():N}"[..38]);
        var nodes = new List<ServiceProcess>();
        try
        {
            nodes.AddRange(Enumerable.Range(0, 2).Select(_ => CatalogueCli.LaunchEmbeddedService(dataDirectory)));
            foreach (var node in nodes) await node.WaitUntilReadyAsync();
            var key = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "admin-api-key"))).Trim();
            var banners = new List<string>();
            foreach (var node in nodes)
            {
                banners.Add(string.Join('\n', await node.LinesUntilAsync(l => l.Contains("stop:", StringComparison.Ordinal))));
                (await new Support.Api(new HttpClient { BaseAddress = node.Address }, key).Post("/api/records", new { title = "Telegram written on a node started beside another" }))
                    .ShouldBe(HttpStatusCode.Created);
            }

            Assert.Single(banners, banner => banner.Contains("served by another process", StringComparison.Ordinal));
            foreach (var node in nodes) Assert.Equal(0, await node.StopAsync());
            Assert.False(ServerRunsOn(dataDirectory));
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
            await ClearAwayAsync(dataDirectory);
        }
    }

    private static bool ServerRunsOn(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "pgdata", "postmaster.pid"));

    /// <summary>The data directory taken away, its server first if a failed run left it running (the launcher takes an orphan over, and stops it).</summary>
    private static async Task ClearAwayAsync(string dataDirectory)
    {
        if (ServerRunsOn(dataDirectory))
            await (await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory })).DisposeAsync();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
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

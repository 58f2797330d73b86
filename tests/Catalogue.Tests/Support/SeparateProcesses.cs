using Catalogue.Api.Hosting.EmbeddedPostgres;

namespace Catalogue.Tests.Support;

/// <summary>
/// A PostgreSQL of its own for tests that run the service only as processes of its own, each on a database of its own
/// (several nodes, a node killed): they need no in-process service, so they run beside the tests that share one
/// instead of after them. Most of their time is spent waiting on those processes.
/// </summary>
public sealed class SeparateProcessesCluster : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"{LeftoverClusters.SeparateProcesses}{Guid.NewGuid():N}"[..30]);

    public EmbeddedPostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory, Durable = false });

    /// <summary>PostgreSQL stops, as in an outage of the primary.</summary>
    public Task StopAsync() => Cluster.StopAsync();

    /// <summary>PostgreSQL comes back on the port it had, where the services' connection strings point.</summary>
    public async Task StartAgainAsync() =>
        Cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory, Durable = false, Port = Cluster.Port });

    /// <summary>A streaming replica of the cluster in a folder of its own, for the caller to stop and delete.</summary>
    public Task<EmbeddedPostgresCluster> StartReplicaAsync(string dataDirectory) =>
        Cluster.StartReplicaAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory, Durable = false });

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the OS cleans its temp directory.
        }
    }

    /// <inheritdoc cref="NewDatabases.NewDatabaseAsync"/>
    public Task<string> NewDatabaseAsync(string prefix) => Cluster.NewDatabaseAsync(prefix);
}

public static class NewDatabases
{
    /// <summary>A new empty database in <paramref name="cluster"/>, named after <paramref name="prefix"/>: its connection string.</summary>
    public static async Task<string> NewDatabaseAsync(this EmbeddedPostgresCluster cluster, string prefix)
    {
        var database = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 17, 63)];
        await using (var connection = new Npgsql.NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"create database \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Database = database }.ConnectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class SeparateProcessesCollection : ICollectionFixture<SeparateProcessesCluster>
{
    public const string Name = "the service in processes of its own";
}

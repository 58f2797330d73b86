using Catalogue.Api.Hosting.EmbeddedPostgres;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The PostgreSQL the service uses: the one named by <c>ConnectionStrings:Catalogue</c>, or else a private
/// cluster the service starts itself under <c>Catalogue:DataDirectory</c> and stops when it ends.
/// </summary>
public sealed class CatalogueDatabase : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string ConnectionStringName = "Catalogue";
    public const string DataDirectoryKey = "Catalogue:DataDirectory";

    private readonly EmbeddedPostgresCluster? _cluster;

    private CatalogueDatabase(string connectionString, EmbeddedPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => _cluster is not null;

    public static async Task<CatalogueDatabase> ResolveAsync(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return new CatalogueDatabase(configured, null);

        var dataDirectory = Path.GetFullPath(configuration[DataDirectoryKey] ?? Path.Combine(Environment.CurrentDirectory, ".catalogue"));
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggerFactory.CreateLogger("Catalogue.EmbeddedPostgres");
        try
        {
            var cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory }, logger);
            logger.LogInformation("Using the embedded PostgreSQL in {DataDirectory} on port {Port}", cluster.DataDirectory, cluster.Port);
            return new CatalogueDatabase(cluster.ConnectionString, cluster);
        }
        catch (EmbeddedPostgresException ex)
        {
            await Console.Error.WriteLineAsync($"Catalogue cannot start its embedded PostgreSQL: {ex.Message}");
            Environment.Exit(2);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

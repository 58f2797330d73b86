using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Api.Observability;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The PostgreSQL the service uses: the one named by <c>ConnectionStrings:Catalogue</c>, or else a private
/// cluster the service starts itself under <c>Catalogue:DataDirectory</c> and stops when it ends; either way with the
/// configured <see cref="DatabaseTimeouts"/> and pooled connections reused as <see cref="ConnectionReuse"/> says.
/// </summary>
public sealed class CatalogueDatabase : IAsyncDisposable
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const string ConnectionStringName = "Catalogue";
    public const string DataDirectoryKey = "Catalogue:DataDirectory";
    public const string EmbeddedPortKey = "Catalogue:EmbeddedPostgres:Port";

    private readonly EmbeddedPostgresCluster? _cluster;

    private CatalogueDatabase(string connectionString, EmbeddedPostgresCluster? cluster)
    {
        ConnectionString = connectionString;
        _cluster = cluster;
    }

    public string ConnectionString { get; }

    public bool IsEmbedded => _cluster is not null;

    /// <summary>
    /// True when the embedded cluster is another process's (the service's, or the <c>database</c> verb's, which serves
    /// it to several nodes): other nodes may share it, and this process does not stop it.
    /// </summary>
    public bool IsSharedEmbedded => _cluster?.ServedByAnotherProcess == true;

    /// <summary>The embedded cluster's data directory; null when the service uses a server it was given.</summary>
    public string? EmbeddedDataDirectory => _cluster?.DataDirectory;

    /// <summary>
    /// The connection string another process gives to reach this database: the one configured, or the embedded
    /// cluster's over TCP (this process reaches its own cluster through the server's socket, whose folder changes
    /// at each start).
    /// </summary>
    public string SharedConnectionString => _cluster?.ConnectionString ?? ConnectionString;

    /// <summary>The embedded cluster's loopback port; null when the service uses a server it was given.</summary>
    public int? EmbeddedPort => _cluster?.Port;

    /// <summary>The OS user the embedded cluster runs as when it is not the service's own (the service runs as root).</summary>
    public string? EmbeddedClusterUser => _cluster?.ClusterUser;

    /// <param name="runsTheService">False for a command-line verb: the launcher then says only what goes wrong.</param>
    /// <exception cref="EmbeddedPostgresException">No connection string is set and the embedded cluster cannot start.</exception>
    public static async Task<CatalogueDatabase> ResolveAsync(IConfiguration configuration, bool runsTheService = true)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return new CatalogueDatabase(Settled(configured, configuration), null);

        // Written before the host exists, in the same shape and at the same levels as the host's own lines.
        using var loggerFactory = LoggerFactory.Create(b => b
            .AddConfiguration(configuration.GetSection("Logging"))
            .AddConsole()
            .AddCatalogueConsole(configuration, runsTheService));
        var logger = loggerFactory.CreateLogger("Catalogue.EmbeddedPostgres");
        var port = ConfiguredPort(configuration);
        var configuredDirectory = configuration[DataDirectoryKey];
        var dataDirectory = Path.GetFullPath(configuredDirectory ?? Path.Combine(Environment.CurrentDirectory, ".catalogue"));
        EmbeddedPostgresCluster cluster;
        try
        {
            cluster = await EmbeddedPostgresCluster.StartAsync(ClusterOptions(dataDirectory) with { Port = port }, logger);
        }
        catch (EmbeddedPostgresException ex) when (ex.UnreachableFolder is not null && configuredDirectory is null)
        {
            // Run as root from a folder closed to others (a clone under /root): the default cannot host the cluster,
            // so use a fixed place outside it, the same one for this folder on every start.
            var fallback = FallbackDataDirectory(dataDirectory);
            logger.LogWarning(
                "The PostgreSQL user cannot enter {Folder}, so the embedded cluster lives in {Fallback} instead of {Default}. Set {Key} to choose.",
                ex.UnreachableFolder, fallback, dataDirectory, DataDirectoryKey);
            cluster = await EmbeddedPostgresCluster.StartAsync(ClusterOptions(fallback) with { Port = port }, logger);
        }

        logger.LogDebug("Using the embedded PostgreSQL in {DataDirectory} on port {Port}", cluster.DataDirectory, cluster.Port);
        return new CatalogueDatabase(Settled(cluster.LocalConnectionString, configuration), cluster);
    }

    /// <summary>
    /// The loopback port the embedded cluster listens on when one is set (a firewall rule, a tool's saved connection),
    /// else null: a free one at every start.
    /// </summary>
    private static int? ConfiguredPort(IConfiguration configuration) => configuration[EmbeddedPortKey] switch
    {
        null or "" => null,
        var text when int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1024 and <= 65535 => port,
        var text => throw new CatalogueConfigurationException($"{EmbeddedPortKey} must be a port number from 1024 to 65535; it is '{text}'."),
    };

    /// <summary>The service's own cluster: durable, with a page cache sized for the machine.</summary>
    public static EmbeddedPostgresOptions ClusterOptions(string dataDirectory) =>
        new() { DataDirectory = dataDirectory, SharedBuffersMegabytes = EmbeddedPostgresOptions.SharedBuffersForThisMachine() };

    /// <summary>A connection string with the configured timeouts and connection reuse, as every database of the service gets it.</summary>
    public static string Settled(string connectionString, IConfiguration configuration) =>
        ConnectionReuse.ApplyTo(DatabaseTimeouts.ApplyTo(connectionString, configuration));

    /// <summary>/var/lib/catalogue/&lt;folder name&gt;-&lt;hash of its path&gt;: stable for one checkout, distinct between checkouts.</summary>
    public static string FallbackDataDirectory(string defaultDirectory)
    {
        var checkout = Path.GetDirectoryName(defaultDirectory) ?? defaultDirectory;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(checkout)))[..12];
        return Path.Combine("/var/lib/catalogue", $"{Path.GetFileName(checkout)}-{hash}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

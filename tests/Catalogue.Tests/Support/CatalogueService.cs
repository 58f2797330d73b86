using Alba;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Support;

/// <summary>
/// The service under test, on a private PostgreSQL that the test run starts with the service's own launcher
/// (in a throwaway folder under the system temp directory) once for the whole run.
/// </summary>
public sealed class CatalogueService : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"{LeftoverClusters.SharedServices}{Guid.NewGuid():N}"[..30]);

    public EmbeddedPostgresCluster Cluster { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public Api Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await LeftoverClusters.SweepOnceAsync();
        await StartClusterAsync();
        try
        {
            await StartHostAsync();
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: its cluster would outlive the run.
            await Cluster.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
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

    /// <summary>
    /// Every test starts from an empty catalogue: no events, no documents, no seals, and the async projections' progress
    /// wiped with them, all while the async daemon is paused, so it resumes from the first event of the next test.
    /// </summary>
    public async Task ResetAsync()
    {
        await EventChain.PurgeAllAsync(Host, alsoTheDocuments: true);
    }

    /// <summary>
    /// Waits until every async read model has processed every event committed so far (polling their stored progress, as
    /// the service's own wait for <c>Prefer: wait-for-projections</c> does). A <see cref="TimeoutException"/> naming
    /// those behind after <paramref name="within"/> (30 s by default).
    /// </summary>
    public Task ProjectionsCaughtUp(TimeSpan? within = null) => Projections.CaughtUpAsync(Host.Services, within);

    /// <summary>Stops the service and its PostgreSQL, then starts both again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        await Cluster.StopAsync();
        await StartClusterAsync();
        await StartHostAsync();
    }

    public Task StopDatabaseAsync() => Cluster.StopAsync();

    /// <summary>
    /// Waits until the service (or another host, through its anonymous client) answers ready again after the database
    /// came back; its pools drop the connections the stop broke.
    /// </summary>
    public async Task WaitUntilReadyAsync(Api? anonymous = null)
    {
        anonymous ??= Anonymous;
        await Eventually.Until(
            () => anonymous.Get("/health/ready"), ready => ready.Status == System.Net.HttpStatusCode.OK,
            "the service to answer ready again after PostgreSQL came back", every: TimeSpan.FromMilliseconds(100), describe: ready => ready.Described);
    }

    /// <summary>A fresh database in the shared cluster, for a test that needs a service of its own beside the shared one.</summary>
    public Task<string> NewDatabaseAsync(string prefix) => Cluster.NewDatabaseAsync(prefix);

    /// <summary>
    /// A catalogue of its own on a fresh database named after <paramref name="databasePrefix"/>, with the given settings
    /// and services added (a log capture, a test-only piece of the pipeline).
    /// </summary>
    public async Task<OwnCatalogue> StartOwnCatalogueAsync(
        string databasePrefix, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null) =>
        await StartOwnCatalogueOnAsync(await NewDatabaseAsync(databasePrefix), settings, services);

    /// <summary>A catalogue of its own on a database it or another started before (a restart, an upgrade).</summary>
    public async Task<OwnCatalogue> StartOwnCatalogueOnAsync(
        string connectionString, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", connectionString);
            web.UseSetting("Catalogue:ApiKeys:admin:Key", OwnCatalogue.AdminKey);
            web.UseSetting("Catalogue:ApiKeys:admin:Role", "admin");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) web.UseSetting(key, value);
            web.UseEnvironment("Testing");
            web.ConfigureServices(collection =>
            {
                collection.AddLogging(logging => logging.AddProvider(ServerFailures.Logged.ForOneHost()));
                services?.Invoke(collection);
            });
        });
        return new OwnCatalogue(host, connectionString);
    }

    /// <summary>Starts PostgreSQL again on the port it had, so the running service can reconnect without a restart.</summary>
    public async Task StartDatabaseAgainAsync() =>
        Cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory, Durable = false, Port = Cluster.Port });

    private async Task StartClusterAsync() =>
        Cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory, Durable = false });

    /// <summary>One API key per role, declared in configuration as a deployment would.</summary>
    public static readonly IReadOnlyDictionary<string, string> KeysByRole = new Dictionary<string, string>
    {
        ["admin"] = "test-admin-key-0f6d1c52",
        ["archivist"] = "test-archivist-key-7a43",
        ["auditor"] = "test-auditor-key-4a8e",
        ["reader"] = "test-reader-key-9a43",
    };

    /// <summary>A client acting with the given role's key (admin for most tests, who need to do everything).</summary>
    public Api As(string role) => new(Host.Server.CreateClient(), KeysByRole[role]);

    /// <summary>A client without credentials.</summary>
    public Api Anonymous => new(Host.Server.CreateClient(), apiKey: null);

    private async Task StartHostAsync()
    {
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", Cluster.ConnectionString);
            web.UseEnvironment("Testing");
            foreach (var (role, key) in KeysByRole)
            {
                web.UseSetting($"Catalogue:ApiKeys:{role}-client:Key", key);
                web.UseSetting($"Catalogue:ApiKeys:{role}-client:Role", role);
            }

            // The suite sends far more requests a minute than any archivist would; the limit has its own test.
            web.UseSetting("Catalogue:RateLimit:PermitsPerMinute", "1000000");
            // Harvests of a few records then take several pages, as a harvest of a whole catalogue does.
            web.UseSetting("Catalogue:Interop:OaiRecordsPerPage", "5");
            // Bulk imports commit a run of lines at a time: a few dozen lines then span several runs.
            web.UseSetting("Catalogue:Imports:LinesPerTransaction", "25");
            // A check or rebuild while a test holds the daemon waits this long for it before saying it is behind.
            web.UseSetting(global::Catalogue.Api.Audit.ReadModelMaintenance.CatchUpWaitSetting, "5");
            web.UseSetting("Catalogue:Interop:OaiIdentifiersPerPage", "7");
            // A fond's finding aid of a few records then reads them in several batches, as one of thousands does.
            web.UseSetting("Catalogue:Interop:FindingAidRecordsPerRead", "2");
            web.UseSetting("Catalogue:Jwt:SigningKey", JwtSigningKey);
            web.UseSetting("Catalogue:Jwt:Issuer", "https://login.archive.test");
            web.UseSetting("Catalogue:Jwt:Audience", "catalogue");
            web.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(ServerFailures.Logged.ForOneHost())));
        });
        Api = As("admin");
    }

    /// <summary>The shared key test tokens are signed with, standing in for an OpenID Connect provider.</summary>
    public const string JwtSigningKey = "test-signing-key-for-catalogue-tokens-0123456789abcdef";
}

/// <summary>
/// The scenarios that share a service are split into three lanes, each with a service and a PostgreSQL of its own, which
/// xunit runs side by side: a scenario mostly waits (on PostgreSQL, the async daemon, a process it started), so one lane
/// left the two cores idle for most of the run. This is the lane of writing, provenance, hosting and security.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CatalogueCollection : ICollectionFixture<CatalogueService>
{
    public const string Name = "catalogue service";
}

/// <summary>The lane of audit and failures: read models rebuilt and checked, the event chain, faults and fuzzing.</summary>
[CollectionDefinition(Name)]
public sealed class AuditAndFailuresCollection : ICollectionFixture<CatalogueService>
{
    public const string Name = "catalogue service for audit and failures";
}

/// <summary>The lane of finding and exchanging records: search, authorities, reports, generation, the standards' formats.</summary>
[CollectionDefinition(Name)]
public sealed class FindingAndExchangeCollection : ICollectionFixture<CatalogueService>
{
    public const string Name = "catalogue service for finding and exchange";
}

/// <summary>Base of integration tests: one shared service (of the default lane, unless the class names another), data reset before each test.</summary>
[Collection(CatalogueCollection.Name)]
public abstract class CatalogueScenario(CatalogueService service) : IAsyncLifetime
{
    protected CatalogueService Service { get; } = service;

    protected Api Api => Service.Api;

    public virtual Task InitializeAsync() => Service.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

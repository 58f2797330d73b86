using Alba;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Support;

/// <summary>
/// The service under test, on a private PostgreSQL that the test run starts with the service's own launcher
/// (in a throwaway folder under the system temp directory) once for the whole run.
/// </summary>
public sealed class CatalogueService : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-tests-{Guid.NewGuid():N}"[..30]);

    public EmbeddedPostgresCluster Cluster { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public Api Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await StartClusterAsync();
        await StartHostAsync();
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

    /// <summary>Every test starts from an empty catalogue.</summary>
    public async Task ResetAsync()
    {
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await EventChainTestSupport.PurgeAllAsync(Host);
        await store.Advanced.Clean.DeleteAllDocumentsAsync();
    }

    /// <summary>Stops the service and its PostgreSQL, then starts both again on the same data directory.</summary>
    public async Task RestartAsync()
    {
        await Host.DisposeAsync();
        await Cluster.StopAsync();
        await StartClusterAsync();
        await StartHostAsync();
    }

    public Task StopDatabaseAsync() => Cluster.StopAsync();

    private async Task StartClusterAsync() =>
        Cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions { DataDirectory = _dataDirectory, Durable = false });

    private async Task StartHostAsync()
    {
        Host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", Cluster.ConnectionString);
            web.UseEnvironment("Testing");
        });
        Api = new Api(Host.Server.CreateClient());
    }
}

[CollectionDefinition(Name)]
public sealed class CatalogueCollection : ICollectionFixture<CatalogueService>
{
    public const string Name = "catalogue service";
}

/// <summary>Base of integration tests: one shared service, data reset before each test.</summary>
[Collection(CatalogueCollection.Name)]
public abstract class CatalogueScenario(CatalogueService service) : IAsyncLifetime
{
    protected CatalogueService Service { get; } = service;

    protected Api Api => Service.Api;

    public virtual Task InitializeAsync() => Service.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

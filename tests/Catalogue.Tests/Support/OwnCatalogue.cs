using Alba;

namespace Catalogue.Tests.Support;

/// <summary>
/// A catalogue of its own beside the shared one, for a test that needs other settings or a store no earlier test has
/// touched: its own database in the shared cluster, its own host, one admin key.
/// </summary>
public sealed class OwnCatalogue(IAlbaHost host, string connectionString) : IAsyncDisposable
{
    public const string AdminKey = "own-catalogue-admin-key";

    public IAlbaHost Host { get; } = host;

    public string ConnectionString { get; } = connectionString;

    public IServiceProvider Services => Host.Services;

    public Api Admin => new(Host.Server.CreateClient(), AdminKey);

    public Api Anonymous => new(Host.Server.CreateClient(), apiKey: null);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Security;

/// <summary>
/// An embedded catalogue must not start open: on the first start, when no key exists anywhere, an admin key is
/// created, written once to a file only the owner can read, and the log says where. Deployments with their own
/// database declare their first key in configuration instead.
/// </summary>
public sealed class FirstStartAdminKey(ApiKeys keys, IDocumentStore store, CatalogueDatabase database, IConfiguration configuration, ILogger<FirstStartAdminKey> logger) : IHostedService
{
    public const string FileName = "admin-api-key";

    public async Task StartAsync(CancellationToken ct)
    {
        if (database.EmbeddedDataDirectory is not { } dataDirectory) return;
        if (SecurityServices.ConfiguredKeys(configuration).Count > 0) return;

        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (await keys.AnyStoredAsync(ct)) return;

        if ((await keys.CreateAsync("admin", Roles.Admin, "first start", ct)).Issued is not { } issued) return;

        var file = Path.Combine(dataDirectory, FileName);
        await File.WriteAllTextAsync(file, issued.Key + "\n", ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        logger.LogWarning("Created the first admin API key and wrote it to {File} (readable only by its owner). Send it as X-Api-Key.", file);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

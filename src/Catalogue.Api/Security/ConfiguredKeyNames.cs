using Catalogue.Api.Hosting;

namespace Catalogue.Api.Security;

/// <summary>
/// A key declared in configuration may not have the name of a stored key, active or revoked: both would act as
/// <c>key:NAME</c>, and the history could no longer tell whose doing an event was. The service refuses to start
/// rather than refuse only that key: a service running without the credential its deployment counts on would be
/// noticed only when something fails to authenticate, and a renamed key is a one-line fix.
/// </summary>
public static class ConfiguredKeyNames
{
    /// <returns>What clashes and how to fix it, or null when every configured key's name is its own.</returns>
    public static async Task<string?> ClashAsync(IServiceProvider services, CancellationToken ct)
    {
        var configured = services.GetRequiredService<ConfiguredApiKeys>();
        if (configured.Keys.Count == 0) return null;

        await services.GetRequiredService<CatalogueSchemaUpdates>().EnsureAsync();
        var clashes = await services.GetRequiredService<ApiKeys>().NamedAsync(configured.Keys.Select(k => k.Name), ct);
        return clashes.Count == 0 ? null : string.Join(" ", clashes.Select(stored => Describe(configured.Named(stored.Name)!, stored)));
    }

    private static string Describe(ConfiguredApiKey declared, ApiKey stored) =>
        $"The API key '{declared.Name}' declared in configuration (Catalogue:ApiKeys:{declared.Name}) has the name of a key stored in the database " +
        $"('{stored.Name}', created {stored.CreatedAt:yyyy-MM-dd} by {stored.CreatedBy}, " + (stored.IsActive ? "active" : $"revoked {stored.RevokedAt:yyyy-MM-dd}") +
        $"): both would act as key:{declared.Name}. Rename the configured key; revoking the stored one would not free the name, which stays with it in the history.";
}

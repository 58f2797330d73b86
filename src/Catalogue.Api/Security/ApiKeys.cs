using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Security;

/// <summary>A stored API key: never the key itself, only its SHA-256, with the name and role it grants.</summary>
public sealed record ApiKey
{
    /// <summary>The key's SHA-256 in hex: looking a key up is one primary-key read.</summary>
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";
    public string Role { get; init; } = "";

    /// <summary>The first characters of the key, to tell keys apart in listings.</summary>
    public string Prefix { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }

    public bool IsActive => RevokedAt is null;
}

public sealed record ApiKeyListing(string Name, string Role, string Prefix, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public static ApiKeyListing Of(ApiKey key) => new(key.Name, key.Role, key.Prefix, key.CreatedAt, key.CreatedBy, key.RevokedAt, key.RevokedBy);
}

public sealed record IssuedApiKey(string Name, string Role, string Key);

/// <summary>The new key, or why its name cannot be had.</summary>
public sealed record KeyIssue(IssuedApiKey? Issued, string? Refusal);

/// <summary>The keys declared in configuration, whose names no stored key may take.</summary>
public sealed record ConfiguredApiKeys(IReadOnlyList<ConfiguredApiKey> Keys)
{
    /// <summary>Configuration reads its keys' names ignoring case, and so do people reading the history.</summary>
    public ConfiguredApiKey? Named(string name) => Keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// API keys for scripts and services. A key is 32 random bytes, so a plain SHA-256 of it cannot be reversed or
/// guessed; a slow password hash would only slow every request down.
/// </summary>
/// <remarks>
/// A key's name is the actor <c>key:NAME</c> on everything it does, so a name means one key for good: it is never
/// shared with a configured key nor given again after its key is revoked, and names differing only in case count as one.
/// </remarks>
public sealed class ApiKeys(IDocumentStore store, TimeProvider clock, ConfiguredApiKeys configured, KeyLookups lookups, CatalogueReads reads)
{
    public const string KeyPrefix = "cat_";

    /// <summary>
    /// Held while a name is checked and taken, so two keys created at once cannot both find it free; and while a key is
    /// found active and revoked, so two revocations at once cannot both find it active (each was told it revoked the
    /// key, and the second's time overwrote the first's).
    /// </summary>
    private const long NamingLockKey = 0x63_61_74_5F_6B_65_79_73; // "cat_keys"

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>The new key, shown once; or why no key may have that name.</returns>
    public async Task<KeyIssue> CreateAsync(string name, string role, string createdBy, CancellationToken ct)
    {
        if (configured.Named(name) is { } declared)
        {
            return new KeyIssue(null, $"'{declared.Name}' is the name of a key declared in configuration (Catalogue:ApiKeys:{declared.Name}); " +
                $"a stored key of that name would act as the same actor, key:{declared.Name}. Choose another name.");
        }

        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, NamingLockKey);
        if ((await NamedAsync(session, [name], ct)).FirstOrDefault() is { } taken) return new KeyIssue(null, Taken(taken));

        var key = NewKey();
        session.Store(new ApiKey
        {
            Id = Hash(key),
            Name = name,
            Role = role,
            Prefix = key[..(KeyPrefix.Length + 6)],
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = createdBy,
        });
        await session.SaveChangesAsync(ct);
        return new KeyIssue(new IssuedApiKey(name, role, key), null);
    }

    private static string Taken(ApiKey key) => key.IsActive
        ? $"A key is already named '{key.Name}'; choose another name."
        : $"A key named '{key.Name}' was revoked on {key.RevokedAt:yyyy-MM-dd}; its name stays with it, so that key:{key.Name} in the history " +
          "always means that one key. Choose another name.";

    /// <summary>The stored keys, active or revoked, that have one of the given names (ignoring case); active ones first.</summary>
    public async Task<IReadOnlyList<ApiKey>> NamedAsync(IEnumerable<string> names, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await NamedAsync(session, names, ct);
    }

    private static async Task<IReadOnlyList<ApiKey>> NamedAsync(IQuerySession session, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (wanted.Count == 0) return [];
        // Keys are few: reading them all beats teaching the query to fold case.
        var all = await session.Query<ApiKey>().ToListAsync(ct);
        return [.. all.Where(k => wanted.Contains(k.Name)).OrderBy(k => k.IsActive ? 0 : 1).ThenBy(k => k.CreatedAt)];
    }

    /// <summary>Revokes the active key of that name, in any letter case, as names are compared when a key is created.</summary>
    /// <returns>The key's name as it was created; null when no active key has that name.</returns>
    public async Task<string?> RevokeAsync(string name, string revokedBy, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        await session.BeginTransactionAsync(ct);
        await session.QueryAsync<int>("select 1 from pg_advisory_xact_lock(?)", ct, NamingLockKey);
        var active = (await NamedAsync(session, [name], ct)).Where(k => k.IsActive).ToList();
        foreach (var key in active) session.Store(key with { RevokedAt = clock.GetUtcNow(), RevokedBy = revokedBy });
        await session.SaveChangesAsync(ct);
        foreach (var key in active) lookups.Forget(key.Id);
        return active.FirstOrDefault()?.Name;
    }

    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<ApiKey>().OrderBy(k => k.Name).ThenBy(k => k.CreatedAt).ToListAsync(ct);
        return [.. keys.Select(ApiKeyListing.Of)];
    }

    /// <returns>
    /// The active key, unless a key declared in configuration has its name: a command line run with another
    /// configuration than the service's could have stored it, and it must not act as the configured key's actor.
    /// </returns>
    /// <remarks>Found as <see cref="KeyLookups"/> last found it, within the time it is trusted.</remarks>
    public async Task<ApiKey?> FindActiveAsync(string presentedKey, CancellationToken ct)
    {
        var hash = Hash(presentedKey);
        var key = await lookups.FindAsync(hash, async () =>
        {
            try
            {
                await using var session = store.QuerySession();
                return await session.LoadAsync<ApiKey>(hash, ct);
            }
            catch (Exception e) when (reads.FromReplica && CatalogueExceptionHandler.DatabaseProblem(e) is not null)
            {
                // The primary is away: the replica's copy of the keys, a moment behind it, lets the reads it serves go on.
                await using var replica = reads.OpenSession();
                return await replica.LoadAsync<ApiKey>(hash, ct);
            }
        });
        return key is { IsActive: true } && configured.Named(key.Name) is null ? key : null;
    }

    public async Task<bool> AnyStoredAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<ApiKey>().AnyAsync(ct);
    }
}

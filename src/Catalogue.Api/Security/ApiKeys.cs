using System.Security.Cryptography;
using System.Text;
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

/// <summary>
/// API keys for scripts and services. A key is 32 random bytes, so a plain SHA-256 of it cannot be reversed or
/// guessed; a slow password hash would only slow every request down.
/// </summary>
public sealed class ApiKeys(IDocumentStore store, TimeProvider clock)
{
    public const string KeyPrefix = "cat_";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <returns>The new key, shown once; null when an active key already has that name.</returns>
    public async Task<IssuedApiKey?> CreateAsync(string name, string role, string createdBy, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.Query<ApiKey>().AnyAsync(k => k.Name == name && k.RevokedAt == null, ct)) return null;

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
        return new IssuedApiKey(name, role, key);
    }

    /// <returns>False when no active key has that name.</returns>
    public async Task<bool> RevokeAsync(string name, string revokedBy, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var active = await session.Query<ApiKey>().Where(k => k.Name == name && k.RevokedAt == null).ToListAsync(ct);
        foreach (var key in active) session.Store(key with { RevokedAt = clock.GetUtcNow(), RevokedBy = revokedBy });
        await session.SaveChangesAsync(ct);
        return active.Count > 0;
    }

    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var keys = await session.Query<ApiKey>().OrderBy(k => k.Name).ThenBy(k => k.CreatedAt).ToListAsync(ct);
        return [.. keys.Select(ApiKeyListing.Of)];
    }

    public async Task<ApiKey?> FindActiveAsync(string presentedKey, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var key = await session.LoadAsync<ApiKey>(Hash(presentedKey), ct);
        return key is { IsActive: true } ? key : null;
    }

    public async Task<bool> AnyStoredAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<ApiKey>().AnyAsync(ct);
    }
}

using Catalogue.Api.Hosting;
using Microsoft.Extensions.Caching.Memory;

namespace Catalogue.Api.Security;

/// <summary>
/// What authentication last found in the database for a presented key (its stored record, or that there is none),
/// trusted for <see cref="TrustedFor"/>: a script sending hundreds of requests a minute costs one lookup per period, not
/// one per request. Revoking a key through this service forgets it at once; a key revoked by another node or by the
/// command line is refused here once the period has passed.
/// </summary>
/// <remarks>
/// Keys that were never issued are remembered too, so guessing does not reach the database on every try; at most
/// <see cref="MostRemembered"/> lookups are kept (Microsoft.Extensions.Caching.Memory, bounded by size), and past that a
/// lookup is simply not remembered.
/// </remarks>
public sealed class KeyLookups : IDisposable
{
    public const string SettingKey = "Catalogue:Security:KeyCacheSeconds";
    public const int DefaultSeconds = 30;
    public const int MostRemembered = 10_000;

    private readonly MemoryCache _found = new(new MemoryCacheOptions { SizeLimit = MostRemembered });

    /// <summary>How many times a key was forgotten: a lookup begun before the last time is not remembered.</summary>
    private long _forgotten;

    public KeyLookups(TimeSpan trustedFor) => TrustedFor = trustedFor;

    public TimeSpan TrustedFor { get; }

    /// <summary>From <see cref="SettingKey"/>: whole seconds from 0 (every request looks its key up) to 3600.</summary>
    public static KeyLookups From(IConfiguration configuration) => new(TimeSpan.FromSeconds(
        CatalogueConfigurationException.Integer(
            configuration, SettingKey, "a whole number of seconds from 0 (look every key up on every request) to 3600", least: 0, most: 3600)
        ?? DefaultSeconds));

    /// <param name="hash">The presented key's hash (a stored key's id).</param>
    /// <param name="lookUp">The database's answer, asked when this node has none it may still trust.</param>
    public async Task<ApiKey?> FindAsync(string hash, Func<Task<ApiKey?>> lookUp)
    {
        if (_found.TryGetValue(hash, out Found? found)) return found!.Key;
        var forgottenBefore = Volatile.Read(ref _forgotten);
        var key = await lookUp();
        // A lookup that was under way while a key was revoked may have read it still active: it is not remembered.
        if (TrustedFor > TimeSpan.Zero && Volatile.Read(ref _forgotten) == forgottenBefore)
            _found.Set(hash, new Found(key), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TrustedFor });
        return key;
    }

    /// <summary>The next request with this key is looked up again.</summary>
    public void Forget(string hash)
    {
        Interlocked.Increment(ref _forgotten);
        _found.Remove(hash);
    }

    public void Dispose() => _found.Dispose();

    private sealed record Found(ApiKey? Key);
}

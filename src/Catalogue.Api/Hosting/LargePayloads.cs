using System.Threading.RateLimiting;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Bounds how many bytes of large payloads — a command's body, an import's line past <see cref="Threshold"/> — the
/// service holds and works on at once. Working on one costs several times its size (its bytes, its strings, its events
/// as JSON, the documents written from them): twelve full texts of 8 MiB sent at once took 1.8 GB, and with the heap
/// a 512 MiB container gives .NET, eleven of them failed with OutOfMemoryException; so did one import of six exported
/// records of 33 MB each. Past the bound a payload waits for room, the one waiting longest first: a command at most
/// <see cref="CommandWait"/>, then it is refused with 503 and Retry-After; an import's line as long as its import goes on.
/// Small payloads never wait. Built on the runtime's <see cref="ConcurrencyLimiter"/>, its permits counted in MiB.
/// </summary>
public sealed class LargePayloads : IDisposable
{
    public const string MiBAtOnceKey = "Catalogue:Limits:LargePayloadMiB";

    public const string WaitSecondsKey = "Catalogue:Limits:LargePayloadWaitSeconds";

    /// <summary>One command of the largest body (8 MiB) at a time: two at once, and the work the async read models do on
    /// what they wrote, did not fit the heap a 512 MiB container gives .NET.</summary>
    public const int DefaultMiBAtOnce = 8;

    /// <summary>A payload up to this size is small: it never waits.</summary>
    public const int Threshold = 1024 * 1024;

    private const long MiB = 1024 * 1024;

    private readonly ConcurrencyLimiter limiter;

    public LargePayloads(int mibAtOnce, TimeSpan commandWait)
    {
        MiBAtOnce = mibAtOnce;
        CommandWait = commandWait;
        limiter = WaitedTurns.Limiter(mibAtOnce);
    }

    public static LargePayloads From(IConfiguration configuration) => new(
        CatalogueConfigurationException.Integer(configuration, MiBAtOnceKey, $"a whole number of MiB, 1 or more (default {DefaultMiBAtOnce})", least: 1) ?? DefaultMiBAtOnce,
        // A wait past about 49 days is one a timer cannot keep (CancelAfter refuses it): an hour is more than any client waits.
        TimeSpan.FromSeconds(CatalogueConfigurationException.Integer(configuration, WaitSecondsKey, "a whole number of seconds from 1 to 3600 (default 30)", least: 1, most: 3600) ?? 30));

    /// <summary>How many MiB of large payloads may be held at once.</summary>
    public int MiBAtOnce { get; }

    /// <summary>How long a command with a large body waits for room before it is refused.</summary>
    public TimeSpan CommandWait { get; }

    /// <summary>The MiB free now: <see cref="MiBAtOnce"/> when no large payload is held.</summary>
    public long AvailableMiB => limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Room for a payload of <paramref name="bytes"/> (all the room, when it is larger than the bound).</summary>
    /// <param name="wait">How long to wait at most; null to wait until <paramref name="ct"/> is cancelled.</param>
    /// <returns>The room, to dispose once the payload is let go of; null when none came within <paramref name="wait"/>.</returns>
    public ValueTask<IDisposable?> EnterAsync(long bytes, TimeSpan? wait, CancellationToken ct) =>
        limiter.TakeAsync((int)Math.Clamp((bytes + MiB - 1) / MiB, 1, MiBAtOnce), wait, ct);

    /// <summary>
    /// Room for a command's body of <paramref name="bytes"/>, held until the answer has been sent; nothing when it is small.
    /// </summary>
    /// <exception cref="LargePayloadsBusyException">No room came within <see cref="CommandWait"/>.</exception>
    public static async ValueTask EnterForRequestAsync(HttpContext http, long bytes)
    {
        var payloads = http.RequestServices.GetRequiredService<LargePayloads>();
        var room = await payloads.EnterAsync(bytes, payloads.CommandWait, http.RequestAborted)
                   ?? throw new LargePayloadsBusyException(payloads.CommandWait);
        http.Response.RegisterForDispose(room);
    }

    public void Dispose() => limiter.Dispose();
}

/// <summary>A request with a large body found no room for it in time (answered 503 with Retry-After).</summary>
public sealed class LargePayloadsBusyException(TimeSpan waited)
    : Exception($"The service is working on other large requests, and this one waited {waited.TotalSeconds:0} s for room.");

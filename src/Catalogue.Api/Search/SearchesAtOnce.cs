using System.Threading.RateLimiting;
using Catalogue.Api.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Search;

/// <summary>
/// Bounds how many searches run at once. Found from outside: 80 clients searching broadly at once (about 1.5 s each at
/// 100,000 records, a search by relevance on two connections) took the whole connection pool; 237 of 240 searches were
/// refused with 503, some after 53 s, and the async daemon and Wolverine's durability agent failed for want of a
/// connection. A search is work for PostgreSQL's cores: past a few at once, more only share them and hold connections
/// longer. Past the bound a search waits its turn, the one waiting longest first, for <see cref="Wait"/> at most; then it
/// is refused with 503 and Retry-After. The searches that run keep their pace, and the connections others need stay free.
/// Built on the runtime's <see cref="ConcurrencyLimiter"/>.
/// </summary>
public sealed class SearchesAtOnce : IDisposable
{
    public const string AtOnceKey = "Catalogue:Search:AtOnce";

    public const string WaitSecondsKey = "Catalogue:Search:WaitSeconds";

    /// <summary>Two a core (each a statement or two at a time), and never fewer than four.</summary>
    public static readonly int DefaultAtOnce = Math.Max(4, 2 * Environment.ProcessorCount);

    public const int DefaultWaitSeconds = 15;

    /// <summary>Half the connections Npgsql pools by default (100), a search by relevance taking two.</summary>
    public const int MostAtOnce = 50;

    private readonly ConcurrencyLimiter limiter;

    public SearchesAtOnce(int atOnce, TimeSpan wait)
    {
        AtOnce = atOnce;
        Wait = wait;
        limiter = WaitedTurns.Limiter(atOnce);
    }

    public static SearchesAtOnce From(IConfiguration configuration) => new(
        // More than the connection pool could serve would be no bound (found from outside: 2147483647 was taken).
        CatalogueConfigurationException.Integer(configuration, AtOnceKey, $"a whole number from 1 to {MostAtOnce} (default twice the cores, at least 4: {DefaultAtOnce} here)", least: 1, most: MostAtOnce) ?? DefaultAtOnce,
        TimeSpan.FromSeconds(CatalogueConfigurationException.Integer(configuration, WaitSecondsKey, $"a whole number of seconds from 1 to 3600 (default {DefaultWaitSeconds})", least: 1, most: 3600) ?? DefaultWaitSeconds));

    /// <summary>How many searches run at once.</summary>
    public int AtOnce { get; }

    /// <summary>How long a search waits for its turn before it is refused.</summary>
    public TimeSpan Wait { get; }

    /// <summary>How many searches wait for their turn now.</summary>
    public long Waiting => limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <returns>The turn, to dispose once the search has been answered; null when none came within <see cref="Wait"/>.</returns>
    public ValueTask<IDisposable?> EnterAsync(CancellationToken ct) => limiter.TakeAsync(1, Wait, ct);

    /// <summary>503 with Retry-After: the search waited its turn for <see cref="Wait"/> and got none.</summary>
    public IResult Refusal(HttpContext http)
    {
        http.Response.Headers.RetryAfter = CatalogueExceptionHandler.RetryAfterSeconds;
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The catalogue is busy with other searches",
            Detail = $"The catalogue runs searches {AtOnce} at a time, and this one waited {Wait.TotalSeconds:0} s for its turn. Search again after the time in Retry-After.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        });
    }

    public void Dispose() => limiter.Dispose();
}

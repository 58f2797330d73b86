using System.Threading.RateLimiting;

namespace Catalogue.Api.Hosting;

/// <summary>Turns taken from the runtime's <see cref="ConcurrencyLimiter"/>, waited for a bounded time.</summary>
public static class WaitedTurns
{
    /// <summary>
    /// A limiter whose waiters are bounded by the time each waits, not by their count (a count would refuse at once),
    /// and served the one waiting longest first.
    /// </summary>
    public static ConcurrencyLimiter Limiter(int permits) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <param name="wait">How long to wait at most; null to wait until <paramref name="ct"/> is cancelled.</param>
    /// <returns>The turn, to dispose when it is over; null when none came within <paramref name="wait"/>.</returns>
    public static async ValueTask<IDisposable?> TakeAsync(this ConcurrencyLimiter limiter, int permits, TimeSpan? wait, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (wait is { } most) timeout.CancelAfter(most);
        try
        {
            var lease = await limiter.AcquireAsync(permits, timeout.Token);
            if (lease.IsAcquired) return lease;
            lease.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }
}

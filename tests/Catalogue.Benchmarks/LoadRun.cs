using System.Diagnostics;

namespace Catalogue.Benchmarks;

/// <summary>What a run measured: each answered request's latency, how many failed, over how long.</summary>
public sealed record Measured(double[] LatenciesMs, int Failures, TimeSpan Elapsed)
{
    public int Requests => LatenciesMs.Length;

    public double PerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>The latency below which <paramref name="fraction"/> of the requests were answered (nearest rank).</summary>
    public double Percentile(double fraction)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// A fixed number of clients, each sending its next request as soon as the last is answered, for a fixed time after a
/// warm-up that is not counted (connections opened, code compiled, pages cached).
/// </summary>
public static class LoadRun
{
    /// <param name="once">One request; false when it was answered with a failure.</param>
    public static Task<Measured> ClosedLoopAsync(int clients, TimeSpan warmUp, TimeSpan duration, Func<CancellationToken, Task<bool>> once) =>
        ClosedLoopAsync(clients, warmUp, duration, (_, ct) => once(ct));

    /// <param name="once">One request by the client numbered (from 0); false when it was answered with a failure.</param>
    public static async Task<Measured> ClosedLoopAsync(int clients, TimeSpan warmUp, TimeSpan duration, Func<int, CancellationToken, Task<bool>> once)
    {
        var clock = Stopwatch.StartNew();
        var measureFrom = warmUp;
        var measureUntil = warmUp + duration;
        var failures = 0;
        var latencies = new List<double>[clients];
        var lastAnswer = TimeSpan.Zero;
        var gate = new Lock();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = latencies[client] = new List<double>(4096);
            while (clock.Elapsed < measureUntil)
            {
                var started = clock.Elapsed;
                var answered = await once(client, CancellationToken.None);
                var ended = clock.Elapsed;
                if (started < measureFrom) continue;
                if (!answered) Interlocked.Increment(ref failures);
                else mine.Add((ended - started).TotalMilliseconds);
                lock (gate) lastAnswer = ended > lastAnswer ? ended : lastAnswer;
            }
        })));

        return new Measured([.. latencies.SelectMany(l => l)], failures, lastAnswer - measureFrom);
    }
}

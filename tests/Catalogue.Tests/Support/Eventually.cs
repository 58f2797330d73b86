using System.Collections;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Catalogue.Tests.Support;

/// <summary>
/// Waits for what comes true by itself a moment later — the sealer catching up, a span ending, a line reaching a log,
/// a service answering again — by looking again until it holds or a deadline passes. A fixed sleep is either too short
/// on a loaded machine or wasted on an idle one; this waits exactly as long as it takes, and says what it last saw.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>Looks with <paramref name="observe"/> until <paramref name="holds"/> accepts what it sees, and returns that.</summary>
    /// <param name="what">What is waited for, as the failure names it: "every committed event to be sealed".</param>
    /// <param name="describe">How the failure shows the last value seen; by default its JSON, its items or its text.</param>
    /// <exception cref="TimeoutException">Not so within <paramref name="within"/>; the message names what and the last value seen.</exception>
    public static async Task<T> Until<T>(
        Func<Task<T>> observe, Func<T, bool> holds, string what, TimeSpan? within = null, TimeSpan? every = null, Func<T, string>? describe = null)
    {
        var deadline = within ?? DefaultWithin;
        var clock = Stopwatch.StartNew();
        for (var looks = 1; ; looks++)
        {
            var seen = await observe();
            if (holds(seen)) return seen;
            if (clock.Elapsed >= deadline)
            {
                throw new TimeoutException(
                    $"Waited {deadline.TotalSeconds:0.#} s for {what}; the last of {looks} looks saw: {(describe ?? Describe<T>)(seen)}");
            }

            await Task.Delay(every ?? DefaultEvery);
        }
    }

    /// <inheritdoc cref="Until{T}(Func{Task{T}}, Func{T, bool}, string, TimeSpan?, TimeSpan?, Func{T, string}?)"/>
    public static Task<T> Until<T>(
        Func<T> observe, Func<T, bool> holds, string what, TimeSpan? within = null, TimeSpan? every = null, Func<T, string>? describe = null) =>
        Until(() => Task.FromResult(observe()), holds, what, within, every, describe);

    private static string Describe<T>(T seen) => seen switch
    {
        null => "null",
        string text => $"\"{text}\"",
        JsonNode json => json.ToJsonString(),
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Take(20).Select(i => i?.ToString() ?? "null"))}]",
        _ => seen.ToString() ?? "",
    };
}

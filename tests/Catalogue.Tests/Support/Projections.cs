using Catalogue.Api.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Support;

/// <summary>Waiting for the async read models, for any host (the shared service, a catalogue of a test's own).</summary>
public static class Projections
{
    public static async Task CaughtUpAsync(IServiceProvider services, TimeSpan? within = null)
    {
        var progress = services.GetRequiredService<ProjectionProgress>();
        var sequence = await progress.LastCommittedSequenceAsync(CancellationToken.None);
        var timeout = within ?? Eventually.DefaultWithin;
        var behind = await progress.WaitForPositionsAsync(sequence, timeout, CancellationToken.None);
        if (behind.Count > 0)
        {
            throw new TimeoutException(
                $"Waited {timeout.TotalSeconds:0.#} s for the async read models to process event {sequence}; still behind: "
                + string.Join(", ", behind.Select(b => $"{b.Key} at {b.Value}")) + " (is the async daemon running?)");
        }
    }
}

using Catalogue.Api.Hosting;

namespace Catalogue.Api.Audit;

/// <summary><c>projections rebuild</c> and <c>verify-projections</c>: read-model maintenance from the command line.</summary>
public static class ReadModelCommandLine
{
    /// <summary>
    /// Replaces the Critter Stack's own <c>projections rebuild</c>, which would tear the live read models down while the
    /// service serves and could lose what is appended meanwhile; this one goes through the same maintenance as the API.
    /// </summary>
    public static async Task<int> RebuildAsync(VerbRun run)
    {
        try
        {
            var rebuilt = await run.Services.GetRequiredService<ReadModelMaintenance>().RebuildAsync(VerbRun.Actor, new Lines(run.Output), run.Cancellation);
            await run.Output.WriteLineAsync("Rebuilt:");
            foreach (var model in rebuilt.Rebuilt)
            {
                await run.Output.WriteLineAsync(model.Skipped is { } skipped
                    ? $"  {model.ReadModel}: {skipped}"
                    : $"  {model.ReadModel}: {model.Documents} documents from the events, {model.Changed} live documents changed, {model.Seconds:F1} s");
            }

            await run.Output.WriteLineAsync("The event chain's sealer is not a read model: it is never rebuilt, and it went on sealing.");
            return rebuilt.Rebuilt.Any(r => r.Skipped is not null) ? 1 : 0;
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            await run.Error.WriteLineAsync($"Not rebuilt: already running: {busy.Running}. Try again when it has finished.");
            return 1;
        }
    }

    public static async Task<int> VerifyAsync(VerbRun run)
    {
        ProjectionCheck check;
        try
        {
            check = await run.Services.GetRequiredService<ReadModelMaintenance>().VerifyAsync(VerbRun.Actor, new Lines(run.Output), run.Cancellation);
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            await run.Error.WriteLineAsync($"Not checked: already running: {busy.Running}. Try again when it has finished.");
            return 1;
        }

        foreach (var difference in check.Differences)
        {
            await run.Output.WriteLineAsync($"  {difference.ReadModel} {difference.DocumentId}: {difference.Difference}");
        }

        await run.Output.WriteLineAsync($"Changes went on during the check; they waited {check.ChangesHeldSeconds:F1} s of it in all.");
        await run.Output.WriteLineAsync(check.Identical ? "Read models are identical to a rebuild from the events." : "Read models DIFFER from a rebuild from the events.");
        return check.Identical ? 0 : 1;
    }

    /// <summary>
    /// Progress written as it happens, in order (<see cref="Progress{T}"/> would post it to the thread pool), one line at
    /// a time from the read models built side by side.
    /// </summary>
    private sealed class Lines(TextWriter output) : IProgress<string>
    {
        private readonly Lock _line = new();

        public void Report(string value)
        {
            lock (_line) output.WriteLine(value);
        }
    }
}

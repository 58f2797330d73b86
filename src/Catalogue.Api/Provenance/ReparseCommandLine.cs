using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Provenance;

/// <summary><c>reparse</c>: every stored citation read again with the current citation parser, and what changed.</summary>
public static class ReparseCommandLine
{
    public static async Task<int> RunAsync(VerbRun run)
    {
        var context = new ChangeContext(VerbRun.Actor, Guid.NewGuid().ToString("N"), "cli reparse", Reason: null);
        var summary = await run.Services.GetRequiredService<ProvenanceReparser>().RunAsync(context, run.Cancellation);
        await run.Output.WriteLineAsync(
            $"Citation parser {summary.ParserVersion}: {VerbRun.Counted(summary.RecordsExamined, "record")} and {VerbRun.Counted(summary.ReferencesExamined, "parsed reference")} examined, " +
            $"{VerbRun.Counted(summary.Changes.Count, "reference")} changed in {VerbRun.Counted(summary.RecordsChanged, "record")}.");
        foreach (var change in summary.Changes)
        {
            await run.Output.WriteLineAsync($"  {change.RecordId} #{change.Number}: {Describe(change.Before)} -> {Describe(change.After)}   [{change.Citation}]");
        }

        foreach (var left in summary.NotReparsed) await run.Error.WriteLineAsync($"Not re-parsed: {left.RecordId}: {left.Reason}");
        // EX_TEMPFAIL: what is left is taken up by running it again.
        return summary.NotReparsed.Count == 0 ? 0 : 75;
    }

    private static string Describe(ArchivalReference? reference) => reference is null ? "(none)" : reference.LocatorText();
}

using Catalogue.Api.Audit;
using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Imports;

/// <summary>
/// A field of a record that an archivist corrected since the record was last imported, and that an import has now
/// replaced: the field as the record's JSON names it (<c>title</c>, <c>documentType</c>, <c>provenance</c>), and the
/// correction it replaced — its version, event, who made it, when and why.
/// </summary>
public sealed record OverwrittenCorrection(string Field, ChangeOrigin Correction);

/// <summary>
/// What an import replaces of archivists' work: the fields it changes that someone changed, by a command, after the
/// record was last imported (after its accession, for a record no import ever wrote to). A re-import decides on its
/// own what to set; this says what that costs, so the import's answer can tell it rather than overwrite it silently.
/// </summary>
public static class OverwrittenCorrections
{
    /// <summary>
    /// Whether an event was written by an import: a page or a batch of pages, JSON lines or CSV, over HTTP or from the
    /// command line. A batch's revert is not one: it puts back what an import changed and nobody corrected since.
    /// </summary>
    public static bool IsImport(string? source) =>
        source is not null && !source.Contains("/revert", StringComparison.OrdinalIgnoreCase)
        && (ArchivePageImporter.IsImportSource(source) || source.StartsWith("cli import-", StringComparison.Ordinal));

    /// <summary>The version the record's last import left it at; 1, its accession, when no import wrote to it.</summary>
    public static long LastImported(IReadOnlyList<RecordEvent> history) =>
        history.LastOrDefault(e => IsImport(e.Header(ChangeContext.SourceKey)))?.Version ?? 1;

    /// <param name="history">The record's events, from its accession on, as they stand before the import.</param>
    /// <param name="since">The version after which a change is a correction (<see cref="LastImported"/>).</param>
    /// <param name="appended">What the import appends to the record.</param>
    public static IReadOnlyList<OverwrittenCorrection> Find(IReadOnlyList<RecordEvent> history, long since, IReadOnlyList<IRecordEvent> appended)
    {
        if (appended.Count == 0 || history.Count == 0 || history[^1].Version <= since) return [];

        // The latest correction of each field path since the last import.
        var corrected = new Dictionary<string, ChangeOrigin>(StringComparer.Ordinal);
        foreach (var change in RecordReplay.Changes(null, history, since, history[^1].Version)) corrected[change.Path] = change.Event;
        if (corrected.Count == 0) return [];

        var before = RecordReplay.Fold(history);
        var after = RecordEvolution.Fold(before, appended);
        var replaced = new RecordFields.Replay(before).MoveTo(after);
        return
        [
            .. replaced.Where(r => corrected.ContainsKey(r.Path))
                .GroupBy(r => FieldOf(r.Path), StringComparer.Ordinal)
                .Select(g => new OverwrittenCorrection(g.Key, g.Select(r => corrected[r.Path]).MaxBy(c => c.Version)!)),
        ];
    }

    /// <summary>"provenance[number=10].folios" is of the field provenance, "title" of title.</summary>
    private static string FieldOf(string path) => path.IndexOfAny(['.', '[']) is var end and > 0 ? path[..end] : path;
}

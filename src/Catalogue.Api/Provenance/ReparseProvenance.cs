using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Marten;
using Wolverine.Http;
using CitationParser = Catalogue.Citations.CitationParser;

namespace Catalogue.Api.Provenance;

public sealed record ReparsedReference(Guid RecordId, int Number, string Citation, ArchivalReference? Before, ArchivalReference? After);

/// <summary>A record the re-parse could not change, and why: a re-parse run again takes it up.</summary>
public sealed record RecordNotReparsed(Guid RecordId, string Reason);

public sealed record ReparseSummary(
    string ParserVersion, int RecordsExamined, int ReferencesExamined, int RecordsChanged, IReadOnlyList<ReparsedReference> Changes,
    IReadOnlyList<RecordNotReparsed> NotReparsed);

public static class ProvenanceReparse
{
    /// <summary>
    /// What re-reading every stored citation of a record with today's parser changes. Each locator the new reading
    /// finds goes to the reference read from it before: first the one whose locator text (<c>raw</c>) is the same, then
    /// in order. A locator of the citation that an archivist has taken over — the reference first read from it
    /// corrected by hand, or given a citation of its own — belongs to that reference and is neither given to another
    /// nor recorded again. A locator the new reading adds is recorded; a reference it no longer yields is dropped.
    /// </summary>
    /// <param name="recordings">The record's <see cref="ProvenanceRecorded"/> events: what each reference was first read from.</param>
    public static IReadOnlyList<IRecordEvent> Decide(CatalogueRecord record, IEnumerable<ProvenanceRecorded> recordings)
    {
        var firstReadings = recordings.ToDictionary(r => r.Number, r => r.Reference);
        var events = new List<IRecordEvent>();
        foreach (var citation in record.Provenance.Where(IsRead).GroupBy(p => p.Citation!))
        {
            var before = citation.OrderBy(p => p.Number).ToList();
            var locators = ProvenanceReading.Parse(citation.Key).Select((reading, position) => (Reading: reading, Position: position)).ToList();
            foreach (var takenOver in record.Provenance.Except(before).OrderBy(p => p.Number))
            {
                if (!FirstReadingOf(takenOver, citation.Key, firstReadings, out var raw, out var position)) continue;
                var held = locators.FindIndex(l => raw is not null && l.Reading.Raw == raw);
                if (held < 0) held = locators.FindIndex(l => l.Position == position);
                if (held >= 0) locators.RemoveAt(held);
            }

            var paired = new List<(ProvenanceEntry Reference, ArchivalReference Reading)>();
            foreach (var reference in before.ToList())
            {
                var sameText = locators.FindIndex(l => reference.Raw is not null && l.Reading.Raw == reference.Raw);
                if (sameText < 0) continue;
                paired.Add((reference, locators[sameText].Reading));
                before.Remove(reference);
                locators.RemoveAt(sameText);
            }

            paired.AddRange(before.Zip(locators, (reference, locator) => (reference, locator.Reading)));
            foreach (var (reference, reading) in paired.OrderBy(p => p.Reference.Number))
            {
                if (!reference.SameReadingAs(reading)) events.Add(new ProvenanceReparsed(reference.Number, reading, CitationParser.Version));
            }

            foreach (var dropped in before.Skip(locators.Count)) events.Add(new ProvenanceReparsed(dropped.Number, null, CitationParser.Version));
            foreach (var (added, _) in locators.Skip(before.Count))
                events.Add(new ProvenanceRecorded(checked((int)record.Version + 1 + events.Count), added));
        }

        return events;
    }

    /// <summary>
    /// Whether the reference is the parser's to read again: its reading of a citation, or a citation stored unread (a
    /// JSON-lines import before this version kept a citation given alone so), which has no locator an archivist set.
    /// </summary>
    public static bool IsRead(ArchivalReference reference) =>
        reference.Citation is not null && (reference.ParserVersion is not null || ProvenanceReading.IsCitationAlone(reference));

    /// <summary>Whether the reference was first read from the citation, and as which of its locators (its text, and its place in the reading).</summary>
    private static bool FirstReadingOf(ProvenanceEntry reference, string citation, Dictionary<int, ArchivalReference> firstReadings, out string? raw, out int position)
    {
        (raw, position) = (null, -1);
        if (!firstReadings.TryGetValue(reference.Number, out var first) || first.Citation != citation || first.ParserVersion is null) return false;
        raw = first.Raw;
        position = firstReadings.Where(r => r.Value.Citation == citation && r.Value.ParserVersion is not null && r.Key < reference.Number).Count();
        return true;
    }
}

/// <summary>
/// Re-reads every stored citation with the current parser and appends what changed, record by record, through the one
/// write path (<see cref="RecordWriter"/>): each record in a scope and a transaction of its own.
/// </summary>
public sealed class ProvenanceReparser(IDocumentStore store, IServiceScopeFactory scopes)
{
    private const int PageSize = 200;
    private const int Attempts = 3;

    public async Task<ReparseSummary> RunAsync(ChangeContext context, CancellationToken ct)
    {
        var changes = new List<ReparsedReference>();
        var notReparsed = new List<RecordNotReparsed>();
        int records = 0, references = 0, changedRecords = 0;
        // Paged by key, not by offset: records archivists create meanwhile can neither shift a record into the next page
        // (examined and counted twice) nor make each page read past all the ones before it.
        for (var after = Guid.Empty; ; )
        {
            await using var query = store.QuerySession();
            var page = await query.QueryAsync<CatalogueRecord>("where id > ? order by id limit ?", ct, after, PageSize);
            if (page.Count == 0) break;
            after = page[^1].Id;

            foreach (var candidate in page)
            {
                records++;
                references += candidate.Provenance.Count(ProvenanceReparse.IsRead);
                var (reparsed, refused) = await ReparseOneAsync(candidate.Id, context, ct);
                if (refused is not null) notReparsed.Add(new RecordNotReparsed(candidate.Id, refused));
                if (reparsed.Count == 0) continue;
                changedRecords++;
                changes.AddRange(reparsed);
            }
        }

        return new ReparseSummary(CitationParser.Version, records, references, changedRecords, changes, notReparsed);
    }

    /// <returns>What changed, or why the record was left as it was when the re-reading differs but could not be appended.</returns>
    private async Task<(IReadOnlyList<ReparsedReference> Changes, string? NotReparsed)> ReparseOneAsync(Guid id, ChangeContext context, CancellationToken ct)
    {
        // An archivist's edit between reading and appending wins; read the record again and re-decide.
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            // Read, not fetched for writing: the writer appends at the version read, and that is the concurrency check.
            // The events themselves, not only the record they make: a reference's first reading says which locator it holds.
            var stream = await session.Events.FetchStreamAsync(id, token: ct);
            CatalogueRecord? record = null;
            foreach (var e in stream) record = RecordEvolution.Apply(record, e.Data, e.Version);
            if (record is null) return ([], null);

            var events = ProvenanceReparse.Decide(record, stream.Select(e => e.Data).OfType<ProvenanceRecorded>());
            if (events.Count == 0) return ([], null);

            var reason = $"Citation parser {CitationParser.Version} reads the stored citation differently.";
            var refused = await scope.ServiceProvider.GetRequiredService<RecordWriter>().TryAppend(context.WithReason(reason), record, events, ct);
            switch (refused?.Status)
            {
                case null:
                    return (Changes(record, events), null);
                case StatusCodes.Status409Conflict when attempt < Attempts:
                    continue;
                // A withdrawn record is left as it is, a re-reading included; re-parsing after its reinstatement catches it up.
                case StatusCodes.Status422UnprocessableEntity when record.Status == RecordStatus.Withdrawn:
                    return ([], null);
                // The new reading would give the record more references than it holds: named, with what to do.
                case StatusCodes.Status422UnprocessableEntity:
                    return ([], refused.Detail);
                // One record archivists keep changing does not stop the others: it is named, for a re-parse run again.
                default:
                    return ([], $"It changed each of the {Attempts} times it was re-read ({refused.Title}); run the re-parse again to take it up.");
            }
        }
    }

    private static List<ReparsedReference> Changes(CatalogueRecord record, IReadOnlyList<IRecordEvent> events)
    {
        var byNumber = record.Provenance.ToDictionary(p => p.Number);
        return events.Select(e => e switch
        {
            ProvenanceReparsed r => new ReparsedReference(record.Id, r.Number, byNumber[r.Number].Citation!, byNumber[r.Number].Reference(), r.Reference),
            ProvenanceRecorded r => new ReparsedReference(record.Id, r.Number, r.Reference.Citation!, null, r.Reference),
            _ => throw new InvalidOperationException($"Unexpected re-parse event {e.GetType().Name}"),
        }).ToList();
    }
}

public static class ReparseEndpoint
{
    /// <summary>Re-parses every stored citation; running it twice changes nothing the second time.</summary>
    [WolverinePost("/api/admin/reparse")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ReparseSummary>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Post(EmptyBody _, HttpContext http, ProvenanceReparser reparser) =>
        Results.Ok(await reparser.RunAsync(ChangeContext.FromRequest(http, reason: null), http.RequestAborted));
}

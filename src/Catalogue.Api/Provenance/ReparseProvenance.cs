using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Marten;
using Wolverine.Http;
using CitationParser = Catalogue.Citations.CitationParser;

namespace Catalogue.Api.Provenance;

public sealed record ReparsedReference(Guid RecordId, int Number, string Citation, ArchivalReference? Before, ArchivalReference? After);

public sealed record ReparseSummary(string ParserVersion, int RecordsExamined, int ReferencesExamined, int RecordsChanged, IReadOnlyList<ReparsedReference> Changes);

public static class ProvenanceReparse
{
    /// <summary>
    /// What re-reading every stored citation of a record with today's parser changes: the references of one
    /// citation are paired in order; a reference the new reading adds is recorded, one it no longer yields is dropped.
    /// </summary>
    public static IReadOnlyList<IRecordEvent> Decide(CatalogueRecord record)
    {
        var events = new List<IRecordEvent>();
        foreach (var citation in record.Provenance.Where(p => p.ParserVersion is not null && p.Citation is not null).GroupBy(p => p.Citation!))
        {
            var before = citation.OrderBy(p => p.Number).ToList();
            var after = ProvenanceReading.Parse(citation.Key);
            for (var i = 0; i < Math.Max(before.Count, after.Count); i++)
            {
                if (i >= after.Count)
                    events.Add(new ProvenanceReparsed(before[i].Number, null, CitationParser.Version));
                else if (i >= before.Count)
                    events.Add(new ProvenanceRecorded(checked((int)record.Version + 1 + events.Count), after[i]));
                else if (!before[i].SameReadingAs(after[i]))
                    events.Add(new ProvenanceReparsed(before[i].Number, after[i], CitationParser.Version));
            }
        }

        return events;
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
                references += candidate.Provenance.Count(p => p.ParserVersion is not null);
                var reparsed = await ReparseOneAsync(candidate.Id, context, ct);
                if (reparsed.Count == 0) continue;
                changedRecords++;
                changes.AddRange(reparsed);
            }
        }

        return new ReparseSummary(CitationParser.Version, records, references, changedRecords, changes);
    }

    private async Task<IReadOnlyList<ReparsedReference>> ReparseOneAsync(Guid id, ChangeContext context, CancellationToken ct)
    {
        // An archivist's edit between reading and appending wins; read the record again and re-decide.
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<IDocumentSession>();
            // Read, not fetched for writing: the writer appends at the version read, and that is the concurrency check.
            if (await session.Events.AggregateStreamAsync<CatalogueRecord>(id, token: ct) is not { } record) return [];

            var events = ProvenanceReparse.Decide(record);
            if (events.Count == 0) return [];

            var reason = $"Citation parser {CitationParser.Version} reads the stored citation differently.";
            var refused = await scope.ServiceProvider.GetRequiredService<RecordWriter>().TryAppend(context.WithReason(reason), record, events, ct);
            switch (refused?.Status)
            {
                case null:
                    return Changes(record, events);
                case StatusCodes.Status409Conflict when attempt < Attempts:
                    continue;
                // A withdrawn record is left as it is, a re-reading included; re-parsing after its reinstatement catches it up.
                case StatusCodes.Status422UnprocessableEntity:
                    return [];
                default:
                    throw new InvalidOperationException($"Record {id} was not re-parsed: {refused.Detail ?? refused.Title}");
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

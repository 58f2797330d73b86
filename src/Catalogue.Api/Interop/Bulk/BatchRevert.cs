using System.Text.Json;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>What a revert could not put back, and why: an archivist changed it since, or no event can.</summary>
public sealed record RevertKept(Guid Record, string Field, string Message);

/// <summary>What undoing a batch did: records withdrawn, records put back, records it left as they were, and what it kept.</summary>
public sealed record BatchReverted(
    Guid Batch, string Reason, long Withdrawn, long Restored, long Untouched, long KeptCount, IReadOnlyList<RevertKept> Kept);

/// <summary>
/// Undoes a bulk import with compensating events, never by taking events away: each record the batch created is
/// withdrawn, with the revert's reason; each value the batch changed is put back as it was before the batch. What
/// someone changed since (a value the record states otherwise than the batch left it, a record the batch created that
/// has events after the batch's) is kept and reported, as is what no event can put back (a record published by the
/// batch does not return to draft). The history shows both the import and its undoing.
/// </summary>
public sealed class BatchRevert(IDocumentStore store, NpgsqlDataSource database, TimeProvider clock)
{
    public const int RecordsPerTransaction = 100;
    private const int AttemptsPerRecord = 5;

    private static readonly (string Field, Func<CatalogueRecord, object?> Value)[] Fields =
    [
        ("title", r => r.Title), ("documentType", r => r.DocumentType), ("sourceUrl", r => r.SourceUrl), ("externalIds", r => r.ExternalIds),
        ("sourceCitation", r => r.SourceCitation), ("dates", r => r.Dates), ("classification", r => r.Classification),
        ("creators", r => r.Creators), ("participants", r => r.Participants), ("summary", r => r.Summary), ("originalLanguages", r => r.OriginalLanguages),
        ("provenance", r => r.Provenance.Select(p => p.Reference())), ("translations", r => r.Translations.Select(t => new { t.Language, t.Translators, t.Credit })),
        ("acquisitionCredits", r => r.AcquisitionCredits.Select(a => new { a.Role, a.People, a.Credit })),
        ("fundingNotes", r => r.FundingNotes.Select(f => new { f.Funder, f.Note })),
        ("subjects", r => r.Subjects.Order(StringComparer.OrdinalIgnoreCase)), ("places", r => r.Places.Order(StringComparer.OrdinalIgnoreCase)),
        ("fullTexts", r => r.FullTexts.Select(t => new { t.Language, t.Kind, t.Sha256 }).OrderBy(t => t.Language).ThenBy(t => t.Kind)),
        ("status", r => r.Status),
    ];

    /// <returns>What was done, or null with why the batch cannot be reverted.</returns>
    public async Task<(BatchReverted? Done, Microsoft.AspNetCore.Mvc.ProblemDetails? Refusal)> RevertAsync(Guid id, ChangeContext request, string? reason, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        if (await query.LoadAsync<ImportBatch>(id, ct) is null) return (null, Problems.NotFoundProblem("No such import batch", $"There is no import batch {id}."));
        await using var lease = await BatchLease.TryTakeAsync(database, id, ct);
        if (lease is null)
            // The lease is held by whoever works on the batch: an import of it, or another revert.
            return (null, Problems.Conflict("The batch is in use", $"Batch {id} is being imported or reverted now; send the revert again once that has stopped."));

        // Read again under the lease (found from outside: read before it, a batch was reverted twice by two reverts at
        // once, and a batch whose import finished meanwhile was stored back as it was before, interrupted for good).
        var batch = (await query.LoadAsync<ImportBatch>(id, ct))!;
        if (batch.RevertedAt is not null)
            return (null, Problems.Conflict("The batch is reverted", $"Batch {id} was reverted at {batch.RevertedAt:O}; its history shows it."));

        var why = string.IsNullOrWhiteSpace(reason) ? $"Import batch {id} reverted" : reason.Trim();
        var context = request with { Reason = why };
        // A record the batch named on several lines is undone once, from before its first change to after its last.
        var changes = (await query.Query<ImportedLines>().Where(p => p.BatchId == id).ToListAsync(ct))
            .SelectMany(p => p.Records)
            .GroupBy(r => r.RecordId)
            .Select(r => new ImportedRecordChange(r.Min(c => c.Line), r.Key, r.Any(c => c.Created), r.Min(c => c.Before), r.Max(c => c.After)))
            .OrderBy(r => r.Line).ToList();

        var done = new RevertTally();
        var kept = new List<RevertKept>();
        foreach (var run in changes.Chunk(RecordsPerTransaction))
        {
            if (await RevertRunAsync(run, context, done, kept, ct) is { } stuck)
                return (null, Problems.Conflict(
                    "The batch's records kept changing",
                    $"Record {stuck.RecordId} of batch {id} (line {stuck.Line}) changed each of the {AttemptsPerRecord} times the revert read it. "
                    + $"What it undid before it stays undone ({done.Withdrawn} withdrawn, {done.Restored} put back); send the revert again to finish it."));
        }

        await using var session = store.LightweightSession();
        session.Store(batch with { RevertedAt = clock.GetUtcNow(), RevertedBy = request.Actor, RevertReason = why });
        await session.SaveChangesAsync(ct);
        return (new BatchReverted(id, why, done.Withdrawn, done.Restored, done.Untouched, kept.Count, [.. kept.Take(ImportBatch.ProblemsKept)]), null);
    }

    /// <summary>What a revert has done so far.</summary>
    private sealed class RevertTally
    {
        public long Withdrawn { get; set; }
        public long Restored { get; set; }
        public long Untouched { get; set; }
    }

    /// <summary>
    /// Reverts a run of records in one transaction. One that finds a record written to meanwhile is split in halves,
    /// each decided again on its own, so that the records archivists are not working on are undone however many others
    /// they change while the revert runs; a record alone is decided again up to <see cref="AttemptsPerRecord"/> times.
    /// </summary>
    /// <returns>Null when the run is undone; else the record written to each time it was decided.</returns>
    private async Task<ImportedRecordChange?> RevertRunAsync(
        IReadOnlyList<ImportedRecordChange> run, ChangeContext context, RevertTally done, List<RevertKept> kept, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            long withdrawn = 0, restored = 0, untouched = 0;
            var keptHere = new List<RevertKept>();
            await using var session = store.LightweightSession();
            context.StampOnto(session);
            var histories = await HistoriesAsync(session, run, ct);
            // In the order of the records' ids, as every writer of many streams appends (see RecordStreams).
            foreach (var change in run.OrderBy(c => c.RecordId))
            {
                var history = histories.TryGetValue(change.RecordId, out var events) ? events : [];
                var current = Audit.RecordReplay.Fold(history);
                if (current is null) continue;

                var compensating = change.Created ? Withdrawal(change, current, keptHere) : PutBack(change, history, current, keptHere);
                if (compensating.Count == 0)
                {
                    untouched++;
                    continue;
                }

                session.Events.Append(change.RecordId, current.Version + compensating.Count, compensating.Cast<object>().ToArray());
                if (change.Created) withdrawn++;
                else restored++;
            }

            try
            {
                await session.SaveChangesAsync(ct);
                kept.AddRange(keptHere);
                done.Withdrawn += withdrawn;
                done.Restored += restored;
                done.Untouched += untouched;
                return null;
            }
            catch (ConcurrencyException) when (run.Count > 1)
            {
                // An archivist wrote to one of these records meanwhile: each half is decided again against what they left.
                var half = run.Count / 2;
                return await RevertRunAsync(run.Take(half).ToList(), context, done, kept, ct)
                       ?? await RevertRunAsync(run.Skip(half).ToList(), context, done, kept, ct);
            }
            catch (ConcurrencyException)
            {
                if (attempt == AttemptsPerRecord) return run[0];
            }
        }
    }

    /// <summary>The events of every record of the run, in one read rather than one a record.</summary>
    private static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<IEvent>>> HistoriesAsync(IQuerySession session, IReadOnlyList<ImportedRecordChange> run, CancellationToken ct)
    {
        var ids = run.Select(c => c.RecordId).Distinct().ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)[.. g]);
    }

    /// <summary>A record the batch created, withdrawn — unless someone worked on it since, whose work is kept and reported.</summary>
    private static List<IRecordEvent> Withdrawal(ImportedRecordChange change, CatalogueRecord current, List<RevertKept> kept)
    {
        if (current.Status == RecordStatus.Withdrawn) return [];
        if (current.Version > change.After)
        {
            kept.Add(new RevertKept(current.Id, "record", $"Changed since the batch created it (now at version {current.Version}): kept, not withdrawn; withdraw it if it must go."));
            return [];
        }

        return [new RecordWithdrawn()];
    }

    /// <summary>Each field the batch changed and nobody changed since, put back as it was before the batch.</summary>
    private static List<IRecordEvent> PutBack(ImportedRecordChange change, IReadOnlyList<IEvent> history, CatalogueRecord current, List<RevertKept> kept)
    {
        var before = Audit.RecordReplay.Fold([.. history.TakeWhile(e => e.Version <= change.Before)]);
        var after = Audit.RecordReplay.Fold([.. history.TakeWhile(e => e.Version <= change.After)]);
        if (before is null || after is null) return [];

        var events = new List<IRecordEvent>();
        var state = current;
        // A record the batch withdrew comes back first, so that what else the batch changed can be put back; one it
        // took out of withdrawal goes back last, once the rest is put back.
        var reinstating = current.Status == RecordStatus.Withdrawn && before.Status != RecordStatus.Withdrawn;
        foreach (var (field, value) in reinstating ? Fields.OrderBy(f => f.Field != "status") : Fields.AsEnumerable())
        {
            // Already as before the batch: put back by a revert stopped short and sent again, or by hand.
            if (Same(value(before), value(after)) || Same(value(current), value(before))) continue;
            if (!Same(value(current), value(after)))
            {
                kept.Add(new RevertKept(current.Id, field, $"Changed since the batch (now at version {current.Version}): kept as it is."));
                continue;
            }

            var (put, refused) = RecordImport.Change(state, As(field, before, history, change.Before), 0);
            if (refused.Count > 0)
            {
                kept.AddRange(refused.Select(p => new RevertKept(current.Id, field, p.Message)));
                continue;
            }

            state = RecordEvolution.Fold(state, put)!;
            events.AddRange(put);
        }

        return events;
    }

    private static bool Same(object? a, object? b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    /// <summary>A line giving only <paramref name="field"/>, as <paramref name="before"/> had it.</summary>
    private static ImportedRecord As(string field, CatalogueRecord before, IReadOnlyList<IEvent> history, long version) => field switch
    {
        "title" => new() { Title = before.Title },
        "documentType" => new() { DocumentType = before.DocumentType ?? "" },
        "sourceUrl" => new() { SourceUrl = before.SourceUrl ?? "" },
        "externalIds" => new() { ExternalIds = before.ExternalIds },
        "sourceCitation" => new() { SourceCitation = before.SourceCitation ?? "" },
        "dates" => new() { Dates = before.Dates },
        "classification" => new() { Classification = before.Classification ?? "" },
        "creators" => new() { Creators = before.Creators },
        "participants" => new() { Participants = before.Participants },
        "summary" => new() { Summary = before.Summary ?? "" },
        "originalLanguages" => new() { OriginalLanguages = before.OriginalLanguages },
        "provenance" => new() { Provenance = [.. before.Provenance.Select(p => p.Reference())] },
        "translations" => new() { Translations = [.. before.Translations.Select(t => new ImportedTranslation(t.Language, t.Translators, t.Credit))] },
        "acquisitionCredits" => new() { AcquisitionCredits = [.. before.AcquisitionCredits.Select(a => new ImportedAcquisition(a.Role, a.People, a.Credit))] },
        "fundingNotes" => new() { FundingNotes = [.. before.FundingNotes.Select(f => new ImportedFundingNote(f.Funder, f.Note))] },
        "subjects" => new() { Subjects = before.Subjects },
        "places" => new() { Places = before.Places },
        "fullTexts" => new() { FullTexts = [.. before.FullTexts.Select(t => new ImportedFullText(t.Language, t.Kind, TextAt(history, version, t)))] },
        "status" => new() { Status = before.Status },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a field a batch changes"),
    };

    /// <summary>The text a record held in a language and kind at a version: the last one attached up to it.</summary>
    private static string TextAt(IReadOnlyList<IEvent> history, long version, FullTextEntry entry) =>
        history.Where(e => e.Version <= version).Select(e => e.Data).OfType<FullTextAttached>().Last(t => t.Language == entry.Language && t.Kind == entry.Kind).Text;
}

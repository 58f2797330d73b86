using Catalogue.Api.Records.Writing.Idempotency;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Catalogue.Api.Records.Writing;

/// <summary>The result of a command that was accepted: the record and the version it is now at.</summary>
public sealed record CommandAccepted(Guid Id, long Version);

/// <summary>A new record's stream: its id and its first events.</summary>
public sealed record RecordStart(Guid Id, IReadOnlyList<IRecordEvent> Events);

/// <summary>Events decided against a record as it was read; its version is the one the append expects.</summary>
public sealed record RecordChange(CatalogueRecord Record, IReadOnlyList<IRecordEvent> Events);

/// <summary>
/// The one write path for catalogue records. It loads the record, checks the version the archivist edited,
/// lets the command's pure decision run against the current state, stamps who/why/where onto the events
/// and appends them in one transaction — or appends nothing and says why. Under an Idempotency-Key the
/// response is stored in that same transaction, and a retry gets it back instead of appending again.
/// </summary>
public sealed class RecordWriter(IDocumentSession session, IdempotencyKeys keys)
{
    public async Task<IResult> Decide<TCommand>(
        HttpContext http, Guid id, TCommand command, Func<CatalogueRecord, Decision> decide)
        where TCommand : IRecordCommand
    {
        var ct = http.RequestAborted;
        var check = await keys.CheckAsync(http, ct);
        if (check.Answer is { } answered) return answered;
        var request = check.Request;

        if (!ExpectedVersion.TryRead(command, http.Request, out var expected))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["If-Match"] = [ExpectedVersion.IfMatchRefusal] });
        }

        // No record has the all-zero id, and Marten refuses it as a stream id with an exception rather than an empty stream.
        if (id == Guid.Empty) return Problems.NotFound(id).ToResult();

        var stream = await session.Events.FetchForWriting<CatalogueRecord>(id, ct);
        if (stream.Aggregate is null) return Problems.NotFound(id).ToResult();
        if (expected is null) return Problems.VersionRequired().ToResult();

        // Marten reads the stream's version and the record's document in two statements: a twin of this command
        // committing between them gives the version before its change with the document after it, and the command,
        // deciding on that document, found nothing left to do and answered 200 at the old version (seen once in 45 races
        // of four identical corrections). The document says which version it holds.
        var current = Math.Max(stream.StartingVersion ?? 0, stream.Aggregate.Version);
        if (current != expected)
        {
            // A concurrent twin of this request may have moved the record on: then its response is the answer.
            var twin = request is null ? null : await keys.StoredAnswerAsync(request, ct);
            return twin ?? Problems.StaleVersion(id, expected.Value, current).ToResult();
        }

        var decision = decide(stream.Aggregate);
        if (decision.Refusal is not null) return decision.Refusal.ToResult();
        if (decision.Events.Count == 0) return await keys.AnswerAsync(request, Accepted(id, current), ct);
        if (Refusal(stream.Aggregate, decision.Events) is { } refused) return refused.ToResult();

        ChangeContext.FromRequest(http, command.Reason).StampOnto(session);
        stream.AppendMany(decision.Events);
        var reply = Accepted(id, current + decision.Events.Count);
        if (keys.Keep(request, reply) is { } kept) session.Insert(kept);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is ConcurrencyException || IdempotencyKeys.IsKeyClash(ex))
        {
            if (request is not null && await keys.StoredAnswerAsync(request, CancellationToken.None) is { } stored) return stored;
            if (ex is not ConcurrencyException) return IdempotencyKeys.InProgress().ToResult();

            // A fresh session, as for the stored answer: this one's save has just failed, and its connection with it.
            await using var query = session.DocumentStore.QuerySession();
            var state = await query.Events.FetchStreamStateAsync(id, CancellationToken.None);
            return Problems.StaleVersion(id, expected.Value, state?.Version ?? current).ToResult();
        }

        return reply.ToResult();
    }

    public static Microsoft.AspNetCore.Mvc.ProblemDetails AccessionNumberTaken => Problems.Conflict(
        "Accession number already used",
        "Another record already has this accession number; accession numbers identify one accession each.");

    /// <summary>Starts a new record's stream; a clash on the accession number or id appends nothing.</summary>
    /// <param name="eventsToStart">
    /// Makes the stream's first events once the Idempotency-Key has been checked, so that a replay draws nothing it
    /// would waste (an accession number).
    /// </param>
    public async Task<IResult> Start(HttpContext http, Guid id, Func<CancellationToken, Task<Decision>> eventsToStart)
    {
        var ct = http.RequestAborted;
        var check = await keys.CheckAsync(http, ct);
        if (check.Answer is { } answered) return answered;

        var decision = await eventsToStart(ct);
        if (decision.Refusal is { } refused) return refused.ToResult();
        var events = decision.Events;

        var version = (long)events.Count;
        var reply = CommandReply.Json(
            StatusCodes.Status201Created, new CommandAccepted(id, version), $"/api/records/{id}", ExpectedVersion.ETagFor(version));
        var problem = await TryStart(ChangeContext.FromRequest(http, reason: null), id, events, ct, keys.Keep(check.Request, reply));
        if (problem is null) return reply.ToResult();

        var stored = check.Request is null ? null : await keys.StoredAnswerAsync(check.Request, CancellationToken.None);
        return stored ?? problem.ToResult();
    }

    /// <param name="kept">The response to keep under the request's Idempotency-Key, in the same transaction.</param>
    /// <returns>Null when the stream was started, else the problem that stopped it.</returns>
    public Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> TryStart(
        ChangeContext context, Guid id, IReadOnlyList<IRecordEvent> events, CancellationToken ct, IdempotentResponse? kept = null) =>
        TryStart(context, [new RecordStart(id, events)], ct, kept);

    /// <summary>
    /// Starts several records' streams in one transaction, all with the same context: all are started, or none. One
    /// commit for many records is what lets a generated catalogue be written at hundreds of records a second.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> TryStart(
        ChangeContext context, IReadOnlyList<RecordStart> records, CancellationToken ct, IdempotentResponse? kept = null)
    {
        foreach (var record in records)
        {
            if (RecordCapacity.Refusal(null, record.Events) is { } refused) return refused;
        }

        context.StampOnto(session);
        session.Events.StartAndAppendInIdOrder(records, []);
        if (kept is not null) session.Insert(kept);
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (ExistingStreamIdCollisionException collision)
        {
            return Problems.Conflict("The record already exists", $"A record with the id {collision.Id} already exists.");
        }
        catch (Exception ex) when (IdempotencyKeys.IsKeyClash(ex))
        {
            return IdempotencyKeys.InProgress();
        }
        catch (Exception ex) when (IsUniqueViolation(ex))
        {
            return AccessionNumberTaken;
        }
    }

    /// <summary>Appends events decided elsewhere (the importer, the re-parse) to the record as it was read, with the given context.</summary>
    /// <param name="record">The record the events were decided against; its version is the one expected.</param>
    /// <param name="kept">The response to keep under the request's Idempotency-Key, in the same transaction.</param>
    /// <returns>Null when the events were appended, else why not: the record's state (422) or a concurrent write (409).</returns>
    public Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> TryAppend(
        ChangeContext context, CatalogueRecord record, IReadOnlyList<IRecordEvent> events, CancellationToken ct, IdempotentResponse? kept = null) =>
        TryAppend(context, [new RecordChange(record, events)], ct, kept);

    /// <summary>
    /// Appends to several records in one transaction, all with the same context (and so the same reason): all are
    /// appended, or none. Each record's state is checked as for one, and each append expects the version it was decided at.
    /// </summary>
    public async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> TryAppend(
        ChangeContext context, IReadOnlyList<RecordChange> changes, CancellationToken ct, IdempotentResponse? kept = null)
    {
        foreach (var change in changes)
        {
            if (Refusal(change.Record, change.Events) is { } refused) return refused;
        }

        context.StampOnto(session);
        session.Events.StartAndAppendInIdOrder([], changes);
        if (kept is not null) session.Insert(kept);
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception ex) when (ex is ConcurrencyException || IdempotencyKeys.IsKeyClash(ex))
        {
            var ids = string.Join(", ", changes.Select(c => c.Record.Id));
            return Problems.Conflict(
                "The record changed meanwhile",
                changes.Count == 1
                    ? $"Record {ids} changed while the events were being decided; send them again."
                    : $"One of the records {ids} changed while the events were being decided; send them again.");
        }
    }

    /// <summary>Why the events may not be appended to the record whatever decided them: its state, or a list they would grow past its bound.</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails? Refusal(CatalogueRecord record, IReadOnlyList<IRecordEvent> events) =>
        StateRefusal(record, events) ?? RecordCapacity.Refusal(record, events);

    /// <summary>
    /// What a record's state forbids whatever the command: a withdrawn record takes nothing but its reinstatement.
    /// Checked here, on the way to an append, so that no command, import or re-parse can forget it. A command that
    /// changes nothing is not refused: asking a withdrawn record for what it already says is answered like any other.
    /// </summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails? StateRefusal(CatalogueRecord record, IReadOnlyList<IRecordEvent> events) =>
        record.Status == RecordStatus.Withdrawn && events.Any(e => e is not RecordReinstated)
            ? Problems.Unprocessable(
                "The record is withdrawn",
                $"Record {record.Id} is withdrawn and accepts no change. To change it, reinstate it first: POST /api/records/{record.Id}/reinstatement with a reason; it returns to draft.")
            : null;

    private static CommandReply Accepted(Guid id, long version) =>
        CommandReply.Json(StatusCodes.Status200OK, new CommandAccepted(id, version), etag: ExpectedVersion.ETagFor(version));

    private static bool IsUniqueViolation(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || (ex.InnerException is not null && IsUniqueViolation(ex.InnerException));
}

using JasperFx;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Catalogue.Api.Records.Writing;

/// <summary>The result of a command that was accepted: the record and the version it is now at.</summary>
public sealed record CommandAccepted(Guid Id, long Version);

/// <summary>
/// The one write path for catalogue records. It loads the record, checks the version the archivist edited,
/// lets the command's pure decision run against the current state, stamps who/why/where onto the events
/// and appends them in one transaction — or appends nothing and says why.
/// </summary>
public sealed class RecordWriter(IDocumentSession session)
{
    public async Task<IResult> Decide<TCommand>(
        HttpContext http, Guid id, TCommand command, Func<CatalogueRecord, Decision> decide)
        where TCommand : IRecordCommand
    {
        var ct = http.RequestAborted;
        if (!ExpectedVersion.TryRead(command, http.Request, out var expected))
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["If-Match"] = ["If-Match must be the record's ETag, e.g. \"3\"."] });
        }

        var stream = await session.Events.FetchForWriting<CatalogueRecord>(id, ct);
        if (stream.Aggregate is null) return Problems.NotFound(id).ToResult();
        if (expected is null) return Problems.VersionRequired().ToResult();

        var current = stream.StartingVersion ?? 0;
        if (current != expected) return Problems.StaleVersion(id, expected.Value, current).ToResult();

        var decision = decide(stream.Aggregate);
        if (decision.Refusal is not null) return decision.Refusal.ToResult();
        if (decision.Events.Count == 0) return Accepted(http, id, current);

        ChangeContext.FromRequest(http, command.Reason).StampOnto(session);
        stream.AppendMany(decision.Events);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            var state = await session.Events.FetchStreamStateAsync(id, CancellationToken.None);
            return Problems.StaleVersion(id, expected.Value, state?.Version ?? current).ToResult();
        }

        return Accepted(http, id, current + decision.Events.Count);
    }

    /// <summary>Starts a new record's stream; a clash on the accession number or id appends nothing.</summary>
    public async Task<IResult> Start(HttpContext http, Guid id, IReadOnlyList<IRecordEvent> events)
    {
        var outcome = await TryStart(ChangeContext.FromRequest(http, reason: null), id, events, http.RequestAborted);
        if (outcome is not null) return outcome.ToResult();

        var version = (long)events.Count;
        http.Response.Headers.ETag = ExpectedVersion.ETagFor(version);
        return Results.Created($"/api/records/{id}", new CommandAccepted(id, version));
    }

    /// <returns>Null when the stream was started, else the problem that stopped it.</returns>
    public async Task<Microsoft.AspNetCore.Mvc.ProblemDetails?> TryStart(
        ChangeContext context, Guid id, IReadOnlyList<IRecordEvent> events, CancellationToken ct)
    {
        context.StampOnto(session);
        session.Events.StartStream<CatalogueRecord>(id, events.Cast<object>().ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (ExistingStreamIdCollisionException)
        {
            return Problems.Conflict("The record already exists", $"A record with the id {id} already exists.");
        }
        catch (Exception ex) when (IsUniqueViolation(ex))
        {
            return Problems.Conflict(
                "Accession number already used",
                "Another record already has this accession number; accession numbers identify one accession each.");
        }
    }

    /// <summary>Appends events decided elsewhere (the importer) at an expected version, with the given context.</summary>
    public async Task<bool> TryAppend(ChangeContext context, Guid id, long expectedVersion, IReadOnlyList<IRecordEvent> events, CancellationToken ct)
    {
        context.StampOnto(session);
        session.Events.Append(id, expectedVersion + events.Count, events.Cast<object>().ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false;
        }
    }

    private static IResult Accepted(HttpContext http, Guid id, long version)
    {
        http.Response.Headers.ETag = ExpectedVersion.ETagFor(version);
        return Results.Ok(new CommandAccepted(id, version));
    }

    private static bool IsUniqueViolation(Exception ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || (ex.InnerException is not null && IsUniqueViolation(ex.InnerException));
}

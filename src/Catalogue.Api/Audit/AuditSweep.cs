using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Audit;

public sealed record AuditPage(IReadOnlyList<HistoryEntry> Events, long? NextAfter);

public static class AuditSweepEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>
    /// Events across every record in global sequence order, for an auditor's sweep. Page with <c>after</c>: pass the
    /// <c>nextAfter</c> of one page to get the next; it is null on the last page.
    /// </summary>
    [WolverineGet("/api/audit/events")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuditPage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(
        string? actor, string? type, string? from, string? to, long? after, int? limit, RecordEventNames types, IQuerySession session, HttpContext http)
    {
        HistoryFilter.TryRead(actor, type, from, to, types, out var filter, out var errors);
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"'limit' must be between 1 and {MaxLimit}."];
        if (after is < 0) errors["after"] = ["'after' is a global sequence number, 0 or more."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var size = limit ?? DefaultLimit;
        var afterSequence = after ?? 0;
        // Marten's fillers for failed writes' sequence numbers are bookkeeping, not catalogue events (see GapFillers).
        var gapFiller = Chain.GapFillers.Type;
        var query = session.Events.QueryAllRawEvents().Where(e => e.Sequence > afterSequence && e.EventTypeName != gapFiller);
        // In any letter case, as key names are told apart (key:ADMIN is the key admin) and as an auditor types a name.
        if (filter.Actor?.ToLowerInvariant() is { } who) query = query.Where(e => e.UserName!.ToLower() == who);
        if (filter.Type is { } kind) query = query.Where(e => e.EventTypeName == kind);
        if (filter.From is { } start) query = query.Where(e => e.Timestamp >= start);
        if (filter.To is { } end) query = query.Where(e => e.Timestamp <= end);

        // One more than asked tells whether another page follows.
        var events = await query.OrderBy(e => e.Sequence).Take(size + 1).ToListAsync(http.RequestAborted);
        var page = events.Take(size).Select(HistoryEntry.From).ToList();
        return Results.Ok(new AuditPage(page, events.Count > size ? page[^1].Sequence : null));
    }
}

using Catalogue.Api.Records.Writing;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.History;

/// <summary>One event of a record's history, with who made the change, when, why and from where.</summary>
public sealed record HistoryEntry(
    long Version,
    long Sequence,
    string Type,
    DateTimeOffset Timestamp,
    string Actor,
    string? Reason,
    string? CorrelationId,
    string? Source,
    object Data)
{
    public static HistoryEntry From(IEvent e) => new(
        e.Version,
        e.Sequence,
        e.EventTypeName,
        e.Timestamp,
        e.UserName ?? ChangeContext.AnonymousActor,
        Header(e, ChangeContext.ReasonKey),
        e.CorrelationId,
        Header(e, ChangeContext.SourceKey),
        e.Data);

    private static string? Header(IEvent e, string key) =>
        e.Headers is not null && e.Headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}

public sealed record RecordHistoryResponse(Guid Id, long Version, IReadOnlyList<HistoryEntry> Events);

public static class RecordHistoryEndpoint
{
    [WolverineGet("/api/records/{id}/history")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http)
    {
        var events = await session.Events.FetchStreamAsync(id, token: http.RequestAborted);
        if (events.Count == 0) return Problems.NotFound(id).ToResult();

        var history = events.Select(HistoryEntry.From).ToList();
        return Results.Ok(new RecordHistoryResponse(id, history[^1].Version, history));
    }
}

using System.Text.Json.Nodes;
using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Audit;

/// <summary>The event that set a field, and who, when and why.</summary>
public sealed record ChangeOrigin(long Version, long Sequence, string Type, DateTimeOffset Timestamp, string Actor, string? Reason)
{
    public static ChangeOrigin Of(RecordEvent e)
    {
        var entry = HistoryEntry.From(e);
        return new ChangeOrigin(entry.Version, entry.Sequence, entry.Type, entry.Timestamp, entry.Actor, entry.Reason);
    }
}

public sealed record FieldChange(string Path, JsonNode? Old, JsonNode? New, ChangeOrigin Event);

public sealed record RecordDiff(Guid Id, long From, long To, IReadOnlyList<FieldChange> Changes);

public sealed record FieldOrigin(string Path, JsonNode? Value, ChangeOrigin Event);

public sealed record RecordBlame(Guid Id, long Version, IReadOnlyList<FieldOrigin> Fields);

/// <summary>Replays a record's events: the record as it stood at any version, what each event changed, and who set each field.</summary>
public static class RecordReplay
{
    public static CatalogueRecord? Fold(IEnumerable<RecordEvent> events) =>
        events.Aggregate((CatalogueRecord?)null, (record, e) => RecordEvolution.Apply(record, e.Data, e.Version));

    public static CatalogueRecord? Fold(IEnumerable<IEvent> events) => Fold(events.Select(RecordEvent.Of));

    /// <summary>Every field change made by the events after version <paramref name="from"/> up to <paramref name="to"/>, event by event.</summary>
    public static IReadOnlyList<FieldChange> Changes(IReadOnlyList<RecordEvent> events, long from, long to)
    {
        // The version that set each field's value: a full text is referred to through the event that attached it.
        var setBy = new Dictionary<string, long>();
        var changes = new List<FieldChange>();
        foreach (var (e, _, changed) in Replayed(events.Where(e => e.Version <= to)))
        {
            var origin = e.Version > from ? ChangeOrigin.Of(e) : null;
            foreach (var (path, old, now) in changed)
            {
                if (origin is not null)
                    changes.Add(new FieldChange(path, Shown(e.StreamId, path, old, setBy.GetValueOrDefault(path)), Shown(e.StreamId, path, now, e.Version), origin));
                setBy[path] = e.Version;
            }
        }

        return changes;
    }

    /// <summary>For each field of the current record, the last event that changed it.</summary>
    public static IReadOnlyList<FieldOrigin> Blame(IReadOnlyList<RecordEvent> events)
    {
        CatalogueRecord? record = null;
        // Only the last event to change a field is kept, and who set it is told only for the fields the record still has.
        var lastSet = new Dictionary<string, (RecordEvent By, JsonNode? Value)>();
        foreach (var (e, after, changed) in Replayed(events))
        {
            record = after;
            foreach (var (path, _, now) in changed) lastSet[path] = (e, now);
        }

        return [.. RecordFields.Flatten(record).Keys.Select(path =>
        {
            var (by, value) = lastSet[path];
            return new FieldOrigin(path, Shown(by.StreamId, path, value, by.Version), ChangeOrigin.Of(by));
        })];
    }

    /// <summary>Each event in turn, the record as it left it, and the fields it changed (before and after).</summary>
    private static IEnumerable<(RecordEvent Event, CatalogueRecord? Record, List<(string Path, JsonNode? Old, JsonNode? New)> Changed)> Replayed(
        IEnumerable<RecordEvent> events)
    {
        CatalogueRecord? record = null;
        var fields = new RecordFields.Replay();
        foreach (var e in events)
        {
            record = RecordEvolution.Apply(record, e.Data, e.Version);
            yield return (e, record, fields.MoveTo(record));
        }
    }

    /// <summary>A field's value as a diff or blame gives it: a full text's digest becomes a reference to the text.</summary>
    private static JsonNode? Shown(Guid recordId, string path, JsonNode? value, long setBy)
    {
        if (value is not JsonObject digest || !RecordFields.IsFullText(path)) return value;
        var reference = digest.DeepClone().AsObject();
        reference["href"] = FullTextReference.HrefFor(recordId, setBy);
        return reference;
    }
}

public static class RecordReplayEndpoints
{
    [WolverineGet("/api/records/{id}/diff")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordDiff>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Diff(Guid id, long? from, long? to, IQuerySession session, RecordEventReader history, HttpContext http)
    {
        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        if (state is null) return Problems.NotFound(id).ToResult();

        var current = state.Version;
        var (start, end) = (from ?? 0, to ?? current);
        var errors = new Dictionary<string, string[]>();
        if (start < 0 || start > current) errors["from"] = [$"'from' must be a version between 0 and {current}."];
        if (end < 1 || end > current) errors["to"] = [$"'to' must be a version between 1 and {current}."];
        if (errors.Count == 0 && start >= end) errors["from"] = ["'from' must be before 'to'."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var events = await history.ReadAsync(id, version: end, ct: http.RequestAborted);
        return Results.Ok(new RecordDiff(id, start, end, RecordReplay.Changes(events, start, end)));
    }

    [WolverineGet("/api/records/{id}/blame")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordBlame>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Blame(Guid id, RecordEventReader history, HttpContext http)
    {
        var events = await history.ReadAsync(id, ct: http.RequestAborted);
        if (events.Count == 0) return Problems.NotFound(id).ToResult();

        return Results.Ok(new RecordBlame(id, events[^1].Version, RecordReplay.Blame(events)));
    }
}

using System.Text.Json.Nodes;
using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Audit;

/// <summary>The event that set a field, and who, when and why.</summary>
public sealed record ChangeOrigin(long Version, long Sequence, string Type, DateTimeOffset Timestamp, string Actor, string? Reason)
{
    /// <summary>Who, when and why, as the event's history entry says, without its data.</summary>
    public static ChangeOrigin Of(RecordEvent e) => new(e.Version, e.Sequence, e.EventTypeName, e.Timestamp, e.Actor, e.Reason);
}

public sealed record FieldChange(string Path, JsonNode? Old, JsonNode? New, ChangeOrigin Event);

public sealed record RecordDiff(Guid Id, long From, long To, IReadOnlyList<FieldChange> Changes);

public sealed record FieldOrigin(string Path, JsonNode? Value, ChangeOrigin Event);

public sealed record RecordBlame(Guid Id, long Version, IReadOnlyList<FieldOrigin> Fields);

/// <summary>Replays a record's events: the record as it stood at any version, what each event changed, and who set each field.</summary>
public static class RecordReplay
{
    public static CatalogueRecord? Fold(IEnumerable<RecordEvent> events, RecordSnapshot? start = null) =>
        events.Aggregate(start?.Record, (record, e) => RecordEvolution.Apply(record, e.Data, e.Version));

    public static CatalogueRecord? Fold(IEnumerable<IEvent> events) => Fold(events.Select(RecordEvent.Of));

    /// <summary>Every field change made by the events after version <paramref name="from"/> up to <paramref name="to"/>, event by event.</summary>
    /// <param name="start">A snapshot at or before <paramref name="from"/> that <paramref name="events"/> follow, or null when they start at the accession.</param>
    public static IReadOnlyList<FieldChange> Changes(RecordSnapshot? start, IReadOnlyList<RecordEvent> events, long from, long to)
    {
        // The version that set each field's value: a full text is referred to through the event that attached it.
        var setBy = start?.SetBy.ToDictionary(f => f.Key, f => f.Value.Version) ?? [];
        var changes = new List<FieldChange>();
        foreach (var (e, _, changed) in Replayed(start, events.Where(e => e.Version <= to)))
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

    /// <summary>For each field of the record as <paramref name="events"/> leave it, the last event that changed it.</summary>
    /// <param name="start">The snapshot <paramref name="events"/> follow, or null when they start at the accession.</param>
    public static IReadOnlyList<FieldOrigin> Blame(RecordSnapshot? start, IReadOnlyList<RecordEvent> events)
    {
        var (record, setBy) = Followed(start, events);
        return [.. RecordFields.Flatten(record).Select(field =>
        {
            var by = setBy[field.Key];
            return new FieldOrigin(field.Key, Shown(record!.Id, field.Key, field.Value, by.Version), by);
        })];
    }

    /// <summary>The snapshot <paramref name="events"/> lead to from <paramref name="start"/>; null when they leave no record.</summary>
    public static RecordSnapshot? Snapshot(RecordSnapshot? start, IReadOnlyList<RecordEvent> events)
    {
        var (record, setBy) = Followed(start, events);
        if (record is null) return null;
        if (events.Count == 0) return start;
        var reached = events.Select(e => e.Timestamp).Append(start?.Reached ?? DateTimeOffset.MinValue).Max();
        return new RecordSnapshot(RecordSnapshot.IdFor(record.Id, record.Version), record.Id, record.Version, events[^1].Timestamp, reached, record, setBy);
    }

    /// <summary>The record <paramref name="events"/> leave, and for each field it has, the last event that changed it.</summary>
    private static (CatalogueRecord? Record, Dictionary<string, ChangeOrigin> SetBy) Followed(RecordSnapshot? start, IReadOnlyList<RecordEvent> events)
    {
        var record = start?.Record;
        var setBy = start?.SetBy.ToDictionary() ?? [];
        foreach (var (e, after, changed) in Replayed(start, events))
        {
            record = after;
            ChangeOrigin? origin = null;
            foreach (var (path, _, now) in changed)
            {
                // A field without a value is no field: who set it is told only for the fields the record still has.
                if (now is null) setBy.Remove(path);
                else setBy[path] = origin ??= ChangeOrigin.Of(e);
            }
        }

        return (record, setBy);
    }

    /// <summary>Each event in turn, the record as it left it, and the fields it changed (before and after).</summary>
    private static IEnumerable<(RecordEvent Event, CatalogueRecord? Record, List<(string Path, JsonNode? Old, JsonNode? New)> Changed)> Replayed(
        RecordSnapshot? start, IEnumerable<RecordEvent> events)
    {
        var record = start?.Record;
        var fields = new RecordFields.Replay(record);
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
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordDiff>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Diff(Guid id, long? from, long? to, IQuerySession session, RecordEventReader history, HttpContext http)
    {
        // The versions are checked against the record's; what the checks every endpoint runs refused is refused whether it exists or not.
        var refusedBefore = RequestParameters.RefusedBefore(http);
        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        if (state is null) return refusedBefore.Count > 0 ? Results.ValidationProblem(refusedBefore) : Problems.NotFound(id).ToResult();

        var current = state.Version;
        var (start, end) = (from ?? 0, to ?? current);
        var errors = new Dictionary<string, string[]>();
        if (start < 0 || start > current) errors["from"] = [$"'from' must be a version between 0 and {current}."];
        if (end < 1 || end > current) errors["to"] = [$"'to' must be a version between 1 and {current}."];
        // A version against itself is an empty diff, as any diff tool answers; only versions out of order are refused.
        if (errors.Count == 0 && start > end) errors["from"] = ["'from' must not be after 'to'."];
        if (RequestParameters.Refusing(refusedBefore, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var snapshot = await RecordSnapshot.LatestAsync(session, id, start, http.RequestAborted);
        var events = await history.ReadAsync(id, version: end, after: snapshot?.Version ?? 0, ct: http.RequestAborted);
        // A stream that is not a record's (a person's authority) has a state, and no record events.
        if (snapshot is null && events.Count == 0) return Problems.NotFound(id).ToResult();
        return Results.Ok(new RecordDiff(id, start, end, RecordReplay.Changes(snapshot, events, start, end)));
    }

    [WolverineGet("/api/records/{id}/blame")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordBlame>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Blame(Guid id, IQuerySession session, RecordEventReader history, HttpContext http)
    {
        var snapshot = await RecordSnapshot.LatestAsync(session, id, null, http.RequestAborted);
        var events = await history.ReadAsync(id, after: snapshot?.Version ?? 0, ct: http.RequestAborted);
        if (snapshot is null && events.Count == 0) return Problems.NotFound(id).ToResult();

        return Results.Ok(new RecordBlame(id, events.Count > 0 ? events[^1].Version : snapshot!.Version, RecordReplay.Blame(snapshot, events)));
    }
}

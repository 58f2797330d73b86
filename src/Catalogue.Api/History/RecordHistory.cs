using System.Text;
using System.Text.Json;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using JasperFx.Events;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.History;

/// <summary>
/// One event of a record's history, with who made the change, when, why and from where. A full text in the event's
/// data is given as a <see cref="FullTextReference"/>.
/// </summary>
public sealed record HistoryEntry(
    Guid RecordId,
    long Version,
    long Sequence,
    string Type,
    DateTimeOffset Timestamp,
    string Actor,
    string? Reason,
    string? CorrelationId,
    string? CausationId,
    string? Source,
    object Data)
{
    public static HistoryEntry From(IEvent e) => From(RecordEvent.Of(e));

    public static HistoryEntry From(RecordEvent e) => new(
        e.StreamId,
        e.Version,
        e.Sequence,
        e.EventTypeName,
        e.Timestamp,
        e.Actor,
        e.Reason,
        e.CorrelationId,
        e.CausationId,
        e.Header(ChangeContext.SourceKey),
        e.Data is FullTextAttached attached ? new FullTextAttachedEntry(FullTextReference.To(e.StreamId, e.Version, attached.Text), attached.Language, attached.Kind) : e.Data);
}

/// <summary>The data of a <see cref="FullTextAttached"/> event in a history, its text referred to.</summary>
public sealed record FullTextAttachedEntry(FullTextReference Text, string Language, string Kind);

public sealed record RecordHistoryResponse(Guid Id, long Version, IReadOnlyList<HistoryEntry> Events);

/// <summary>Filters an auditor may put on a history: who, which kind of event, and when (inclusive).</summary>
public sealed record HistoryFilter(string? Actor, string? Type, DateTimeOffset? From, DateTimeOffset? To)
{
    /// <param name="types">The event types there are: a type that is none of them would match nothing, silently.</param>
    public static bool TryRead(
        string? actor, string? type, string? from, string? to, RecordEventNames types, out HistoryFilter filter, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var start = ReadInstant("from", from, DayAlone.Start, errors);
        var end = ReadInstant("to", to, DayAlone.End, errors);
        if (start > end) errors["from"] = ["'from' must not be after 'to'."];
        var kindSent = NullIfEmpty(type);
        var kind = kindSent is null ? null : types.Named(kindSent);
        if (kindSent is not null && kind is null)
            errors["type"] = [$"'{kindSent}' is not an event type. The event types are: {string.Join(", ", types.All)}."];
        filter = new HistoryFilter(NullIfEmpty(actor), kind, start, end);
        return errors.Count == 0;
    }

    public bool Admits(HistoryEntry e) =>
        (Actor is null || string.Equals(e.Actor, Actor, StringComparison.OrdinalIgnoreCase)) && (Type is null || e.Type == Type) && (From is null || e.Timestamp >= From) && (To is null || e.Timestamp <= To);

    private static DateTimeOffset? ReadInstant(string name, string? value, DayAlone day, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value)) return null;
        // In UTC: the same instant whatever offset it was written with, and the only offset Npgsql sends to PostgreSQL.
        if (Instants.TryRead(name, value, day, out var instant, out var problem)) return instant.ToUniversalTime();
        errors[name] = [problem];
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public static class RecordHistoryEndpoints
{
    public const string JsonLines = "application/x-ndjson";

    private static readonly string[] Formats = ["json", "jsonl"];

    /// <summary>Every event of the record in order, optionally filtered; as JSON, or JSON lines with <c>?format=jsonl</c>.</summary>
    [WolverineGet("/api/records/{id}/history")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordHistoryResponse>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(
        Guid id, string? actor, string? type, string? from, string? to, string? format, RecordEventNames types, RecordEventReader reader, HttpContext http)
    {
        HistoryFilter.TryRead(actor, type, from, to, types, out var filter, out var errors);
        if (format is not null && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            errors["format"] = [$"'{format}' is not a format of the history. The formats are: {string.Join(", ", Formats)}."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var events = await reader.ReadAsync(id, ct: http.RequestAborted);
        if (events.Count == 0) return Problems.NotFound(id).ToResult();

        var history = events.Select(HistoryEntry.From).Where(filter.Admits).ToList();
        if (string.Equals(format, "jsonl", StringComparison.OrdinalIgnoreCase))
            return Results.Text(ToJsonLines(history), JsonLines, Encoding.UTF8);

        return Results.Ok(new RecordHistoryResponse(id, events[^1].Version, history));
    }

    /// <summary>The record's history as PREMIS 3 events, for preservation systems; filtered as the history is.</summary>
    [WolverineGet("/api/records/{id}/history/premis")]
    [ChecksItsQueryToo]
    public static async Task<IResult> Premis(
        Guid id, string? actor, string? type, string? from, string? to, RecordEventNames types, RecordEventReader reader, HttpContext http)
    {
        HistoryFilter.TryRead(actor, type, from, to, types, out var filter, out var errors);
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var events = await reader.ReadAsync(id, ct: http.RequestAborted);
        if (events.Count == 0) return Problems.NotFound(id).ToResult();

        return Results.Bytes(PremisEvents.Write(id, [.. events.Select(HistoryEntry.From).Where(filter.Admits)]), "application/xml; charset=utf-8");
    }

    /// <summary>
    /// Exactly the text a record's event attached, as UTF-8, whole or by a byte range: what a history's, diff's or
    /// blame's reference points to.
    /// </summary>
    [WolverineGet("/api/records/{id}/history/{version}/full-text")]
    public static async Task<IResult> FullText(Guid id, long version, IQuerySession session, HttpContext http)
    {
        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        if (state is null) return Problems.NotFound(id).ToResult();
        var e = await session.Events.QueryAllRawEvents().Where(x => x.StreamId == id && x.Version == version).FirstOrDefaultAsync(http.RequestAborted);
        if (e is null) return NoFullText(id, $"Record {id} has no version {version}; its versions run from 1 to {state.Version}.");
        if (e.Data is not FullTextAttached attached) return NoFullText(id, $"Version {version} of record {id} is a {e.EventTypeName} event, which attaches no full text.");

        var bytes = FullTextDigest.BytesOf(attached.Text);
        var sha256 = System.Security.Cryptography.SHA256.HashData(bytes);
        // The current text's ETag: the same text, attached at this version or read as the record holds it, is one representation.
        var etag = $"\"{Convert.ToHexStringLower(sha256)}\"";
        http.Response.Headers.ETag = etag;
        // RFC 9530: a client can check what it received without trusting the reference it followed.
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(sha256)}:";
        if (ExpectedVersion.IsCurrent(http.Request.Headers.IfNoneMatch, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return TextRanges.Serve(http, bytes, etag);
    }

    private static IResult NoFullText(Guid id, string detail) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No full text at that version",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            Extensions = { ["recordId"] = id },
        });

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJsonLines(IEnumerable<HistoryEntry> history) =>
        string.Concat(history.Select(e => JsonSerializer.Serialize(e, Json) + "\n"));
}

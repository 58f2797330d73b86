using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Marten;

namespace Catalogue.Api.Audit;

/// <summary>A record exactly as it stood at a version or an instant, replayed from its events.</summary>
public static class RecordAsOf
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IResult> GetAsync(Guid id, long? version, string? asOf, IQuerySession session, RecordEventReader history, HttpContext http)
    {
        DateTimeOffset? instant = null;
        var errors = new Dictionary<string, string[]>();
        if (version is not null && asOf is not null) errors["asOf"] = ["Give either 'version' or 'asOf', not both."];
        else if (asOf is not null)
        {
            if (Instants.TryRead("asOf", asOf, DayAlone.Refused, out var parsed, out var problem)) instant = parsed;
            else errors["asOf"] = [problem];
        }

        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        if (state is null) return Problems.NotFound(id).ToResult();

        var current = state.Version;
        if (version is < 1 || version > current)
            return NotThere(id, $"Record {id} has no version {version}; its versions run from 1 to {current}.");
        if (instant is { } then) version = await history.VersionAtAsync(id, then, http.RequestAborted);
        // Only the events up to the version are read, and only those after the latest snapshot before it.
        var snapshot = await RecordSnapshot.LatestAsync(session, id, version, http.RequestAborted);
        var upTo = version == 0 ? [] : await history.ReadAsync(id, version, snapshot?.Version ?? 0, http.RequestAborted);
        if (snapshot is null && upTo.Count == 0)
        {
            var first = await history.ReadAsync(id, version: 1, ct: http.RequestAborted);
            // A stream that is not a record's (a person's authority) has a state and no record events.
            if (first.Count == 0) return Problems.NotFound(id).ToResult();
            return NotThere(id, $"Record {id} did not exist yet at {instant:O}; it was accessioned at {first[0].Timestamp:O}.");
        }

        // An event appended since the stream's state was read is within an instant's reach too.
        var record = RecordReplay.Fold(upTo, snapshot)!;
        current = Math.Max(current, record.Version);
        var body = JsonSerializer.SerializeToNode(record, Json)!.AsObject();
        // A text the record held then may since have been replaced or removed: the past version names it as attached.
        foreach (var (entry, text) in body["fullTexts"]!.AsArray().Zip(record.FullTexts)) entry!["href"] = FullTextReference.HrefFor(id, text.Version);
        var permalink = ReadRecordsEndpoints.Permalink(id, record.Version);
        body["asOf"] = new JsonObject
        {
            ["version"] = record.Version,
            ["timestamp"] = upTo.Count > 0 ? upTo[^1].Timestamp : snapshot!.Timestamp,
            ["requestedInstant"] = instant,
            ["currentVersion"] = current,
        };
        body["permalink"] = permalink;

        http.Response.Headers.ETag = ExpectedVersion.ETagFor(record.Version);
        http.Response.Headers.Link = $"<{permalink}>; rel=\"permalink\"";
        return Results.Json(body);
    }

    private static IResult NotThere(Guid id, string detail) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such version of the record",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            Extensions = { ["recordId"] = id },
        });
}

using Catalogue.Api.History;
using Catalogue.Api.Hosting;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Ead;

/// <summary>
/// Finding aids in EAD3: one record, a whole fond, or one file of it. Readers and the public get published records
/// only; a fond or file with none of those does not exist for them.
/// </summary>
public static class ExportEadEndpoints
{
    /// <summary>One record as an EAD3 finding aid of one item, its history as the maintenance history.</summary>
    [WolverineGet("/api/records/{id}/ead")]
    public static async Task<IResult> Record(Guid id, CatalogueReads reads, IOptions<InteropOptions> options, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var ct = http.RequestAborted;
        // Marten refuses the all-zero id as a stream id with an exception rather than an empty stream; no record has it.
        if (id == Guid.Empty) return Problems.NotFound(id).ToResult();
        var record = await session.LoadAsync<CatalogueRecord>(id, ct);
        if (record is null || !ReadRecordsEndpoints.MaySee(http.User, record)) return Problems.NotFound(id).ToResult();

        // Up to the record's version: an event appended since the record was read is not in the record either.
        var events = await session.Events.FetchStreamAsync(id, version: record.Version, token: ct);
        var namesWho = WhoMayReadHistory(http.User);
        var history = events.Select(HistoryEntry.From).Select(e => MaintenanceEvent.From(e, namesWho, options.Value.AgencyName)).ToList();

        http.Response.Headers.ETag = ExpectedVersion.ETagFor(record.Version);
        return Results.Bytes(EadDocument.OfRecord(record, history, options.Value, Links(http)), EadDocument.ContentType);
    }

    /// <summary>A whole fond as one finding aid: its opisi, their files, and in each file its records in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/ead")]
    public static async Task<IResult> Fond(
        string code, string fond, ProvenanceQueries queries, CatalogueReads reads, IOptions<InteropOptions> options, TimeProvider clock, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var placements = await queries.InFondAsync(code, fond, http.RequestAborted);
        var items = await VisibleAsync(placements, session, http);
        if (items.Count == 0) return NotFound($"{ProvenanceQueries.Code(code)} has no fond {fond} with records you may read in the catalogue.");

        var aid = new FindingAid(ProvenanceQueries.Code(code), fond, null, null, null, items, clock.GetUtcNow());
        return Results.Bytes(EadDocument.OfFindingAid(aid, options.Value, Links(http)), EadDocument.ContentType);
    }

    /// <summary>One delo or papka as a finding aid: its records in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}/ead")]
    public static async Task<IResult> File(
        string code, string fond, string opis, string file, ProvenanceQueries queries, CatalogueReads reads, IOptions<InteropOptions> options, TimeProvider clock, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var placements = await queries.InFileAsync(code, fond, opis, file, http.RequestAborted);
        var items = await VisibleAsync(placements, session, http);
        if (items.Count == 0)
            return NotFound($"{ProvenanceQueries.Code(code)} has no file {file} in fond {fond}, opis {opis} with records you may read in the catalogue.");

        var aid = new FindingAid(ProvenanceQueries.Code(code), fond, opis, file, placements[0].FileKind, items, clock.GetUtcNow());
        return Results.Bytes(EadDocument.OfFindingAid(aid, options.Value, Links(http)), EadDocument.ContentType);
    }

    /// <summary>Auditors and admins read who changed a record and why; the history is theirs (see the history endpoints).</summary>
    public static bool WhoMayReadHistory(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Roles.Auditor) || user.IsInRole(Roles.Admin);

    /// <summary>This catalogue's paths as absolute URLs, as the request reached it.</summary>
    public static Func<string, string> Links(HttpContext http)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return path => root + path;
    }

    private static async Task<IReadOnlyList<FindingAidItem>> VisibleAsync(IReadOnlyList<ProvenancePlacement> placements, IQuerySession session, HttpContext http)
    {
        var records = await BrowseRepositoriesEndpoints.RecordsByIdAsync(session, placements, http.RequestAborted);
        return [.. placements
            .Where(p => records.TryGetValue(p.RecordId, out var record) && ReadRecordsEndpoints.MaySee(http.User, record))
            .Select(p => new FindingAidItem(p, records[p.RecordId]))];
    }

    private static IResult NotFound(string detail) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No finding aid",
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        });
}

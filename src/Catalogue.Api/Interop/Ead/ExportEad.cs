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

        // The version it shows, and which of its two views: an auditor's names who made each change and why, anyone
        // else's the agency alone (found from outside: both answered one strong ETag).
        http.Response.Headers.ETag = namesWho ? $"\"{record.Version}-history\"" : ExpectedVersion.ETagFor(record.Version);
        return Results.Bytes(EadDocument.OfRecord(record, history, options.Value, Links(http)), EadDocument.ContentType);
    }

    /// <summary>A whole fond as one finding aid: its opisi, their files, and in each file its records in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/ead")]
    public static async Task<IResult> Fond(
        string code, string fond, ProvenanceQueries queries, CatalogueReads reads, IOptions<InteropOptions> options, TimeProvider clock, HttpContext http)
    {
        fond = ProvenanceQueries.PathPart(fond);
        var aid = new FindingAid(ProvenanceQueries.Code(code), fond, null, null, null, clock.GetUtcNow());
        var placements = await queries.InFondAsync(code, fond, http.RequestAborted);
        return await FindingAidAsync(aid, placements, reads, options.Value, http)
            ?? NotFound($"{ProvenanceQueries.Code(code)} has no fond {fond} with records you may read in the catalogue.");
    }

    /// <summary>One delo or papka as a finding aid: its records in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}/ead")]
    public static async Task<IResult> File(
        string code, string fond, string opis, string file, ProvenanceQueries queries, CatalogueReads reads, IOptions<InteropOptions> options, TimeProvider clock, HttpContext http)
    {
        (fond, opis, file) = (ProvenanceQueries.PathPart(fond), ProvenanceQueries.PathPart(opis), ProvenanceQueries.PathPart(file));
        var placements = await queries.InFileAsync(code, fond, opis, file, http.RequestAborted);
        var aid = new FindingAid(ProvenanceQueries.Code(code), fond, opis, file, placements.FirstOrDefault()?.FileKind, clock.GetUtcNow());
        return await FindingAidAsync(aid, placements, reads, options.Value, http)
            ?? NotFound($"{ProvenanceQueries.Code(code)} has no file {file} in fond {fond}, opis {opis} with records you may read in the catalogue.");
    }

    /// <summary>
    /// The finding aid over the records placed there that the caller may read, or null when there is none. The records
    /// are read twice, a batch at a time (<see cref="InteropOptions.FindingAidRecordsPerRead"/>): once for what the
    /// head says of them all, then again as the components are written and sent, so that no fond is ever held whole.
    /// </summary>
    private static async Task<IResult?> FindingAidAsync(
        FindingAid aid, IReadOnlyList<ProvenancePlacement> placements, CatalogueReads reads, InteropOptions options, HttpContext http)
    {
        var summary = new FindingAidSummary();
        var listed = new List<ProvenancePlacement>();
        await using (var session = reads.OpenSession())
        {
            await foreach (var item in VisibleAsync(EadDocument.ListingOrder(aid, placements), session, options.FindingAidRecordsPerRead, http))
            {
                summary.Add(item.Record);
                listed.Add(item.Placement);
            }
        }

        if (summary.Records == 0) return null;
        // A HEAD's body is dropped (HeadRequests): the first reading has said all its answer needs.
        if (HttpMethods.IsHead(http.Request.Method)) return Results.Stream(_ => Task.CompletedTask, EadDocument.ContentType);
        return Results.Stream(async body =>
        {
            // A record withdrawn between the two readings leaves the listing; the head counted it as it stood before.
            await using var session = reads.OpenSession();
            var items = VisibleAsync(listed, session, options.FindingAidRecordsPerRead, http);
            await EadDocument.WriteFindingAidAsync(body, aid, summary, items, options, Links(http), http.RequestAborted);
        }, EadDocument.ContentType);
    }

    /// <summary>Auditors and admins read who changed a record and why; the history is theirs (see the history endpoints).</summary>
    public static bool WhoMayReadHistory(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Roles.Auditor) || user.IsInRole(Roles.Admin);

    /// <summary>This catalogue's paths as absolute URLs, as the request reached it.</summary>
    public static Func<string, string> Links(HttpContext http)
    {
        var root = $"{http.Request.Scheme}://{HostOf(http)}{http.Request.PathBase}";
        return path => root + path;
    }

    /// <summary>
    /// The host the request reached the service by; for a request that names none (an empty Host, which HTTP/1.1
    /// allows), the address it reached it at — not "http:///oai", and identifiers "oai::…" (found from outside).
    /// </summary>
    public static HostString HostOf(HttpContext http)
    {
        if (http.Request.Host.HasValue) return http.Request.Host;
        var address = http.Connection.LocalIpAddress ?? System.Net.IPAddress.Loopback;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        var name = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return http.Connection.LocalPort > 0 ? new HostString(name, http.Connection.LocalPort) : new HostString(name);
    }

    /// <summary>The records placed there that the caller may read, in the placements' order, read <paramref name="perRead"/> placements at a time.</summary>
    private static async IAsyncEnumerable<FindingAidItem> VisibleAsync(IReadOnlyList<ProvenancePlacement> placements, IQuerySession session, int perRead, HttpContext http)
    {
        foreach (var batch in placements.Chunk(perRead))
        {
            var records = await BrowseRepositoriesEndpoints.RecordsByIdAsync(session, batch, http.RequestAborted);
            foreach (var placement in batch)
            {
                if (records.TryGetValue(placement.RecordId, out var record) && ReadRecordsEndpoints.MaySee(http.User, record))
                    yield return new FindingAidItem(placement, record);
            }
        }
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

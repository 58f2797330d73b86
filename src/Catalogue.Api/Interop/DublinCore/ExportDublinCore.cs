using Catalogue.Api.Hosting;
using Catalogue.Api.Interop.Ead;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Catalogue.Api.Interop.DublinCore;

public static class ExportDublinCoreEndpoints
{
    public const string OaiDcFormat = "oai_dc";
    public const string JsonFormat = "json";

    private static readonly string[] Formats = [JsonFormat, OaiDcFormat];

    /// <summary>
    /// A record as Dublin Core: JSON, or the <c>oai_dc</c> XML that OAI-PMH harvesters read (<c>?format=oai_dc</c> or
    /// <c>Accept: application/xml</c>).
    /// </summary>
    [WolverineGet("/api/records/{id}/dublin-core")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<DublinCoreRecord>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(
        Guid id, string? format, CatalogueReads reads, ProvenanceQueries queries, IOptions<InteropOptions> options, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (format is not null && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            errors["format"] = [$"'{format}' is not a format of Dublin Core here. The formats are: {string.Join(", ", Formats)}."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        await using var session = reads.OpenSession();

        var ct = http.RequestAborted;
        if (id == Guid.Empty) return Problems.NotFound(id).ToResult();
        var record = await session.LoadAsync<CatalogueRecord>(id, ct);
        if (record is null || !ReadRecordsEndpoints.MaySee(http.User, record)) return Problems.NotFound(id).ToResult();

        var links = ExportEadEndpoints.Links(http);
        var dublinCore = DublinCoreRecord.Of(record, links($"/api/records/{id}"), await SameFileAsync(record, session, queries, http), options.Value);
        // No ETag: the record's version does not name what is shown, since 'relation' lists the other records of its file
        // as they are now (found from outside: a record published beside it changed the body under the same ETag).
        http.Response.Headers.Vary = "Accept";
        return WantsXml(format, http)
            ? Results.Bytes(dublinCore.ToOaiDc(), EadDocument.ContentType)
            : Results.Ok(dublinCore);
    }

    private static bool WantsXml(string? format, HttpContext http) =>
        format is not null
            ? string.Equals(format, OaiDcFormat, StringComparison.OrdinalIgnoreCase)
            : http.Request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault() is { } best
              && (best.MediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) || best.MediaType.Equals("text/xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>Dublin Core's relation: the other records of the same delo or papka that the caller may read.</summary>
    private static async Task<IReadOnlyList<string>> SameFileAsync(CatalogueRecord record, IQuerySession session, ProvenanceQueries queries, HttpContext http)
    {
        var links = ExportEadEndpoints.Links(http);
        var related = new List<ProvenancePlacement>();
        foreach (var reference in record.Provenance.Where(p => p.Repository is not null && p.Fond is not null && p.File is not null))
            related.AddRange(await queries.InFileAsync(reference.Repository!, reference.Fond!, reference.Opis, reference.File!, http.RequestAborted));
        related.RemoveAll(p => p.RecordId == record.Id);
        if (related.Count == 0) return [];

        var records = await BrowseRepositoriesEndpoints.RecordsByIdAsync(session, related, http.RequestAborted);
        return [.. related.Select(p => p.RecordId).Distinct()
            .Where(id => records.TryGetValue(id, out var r) && ReadRecordsEndpoints.MaySee(http.User, r))
            .Select(id => links($"/api/records/{id}"))];
    }
}

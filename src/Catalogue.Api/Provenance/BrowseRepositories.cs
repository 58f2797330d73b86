using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Citations;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

public sealed record RepositoryListing(string Code, string NameEnglish, string? NameOriginal, string Country, IReadOnlyList<string> Aliases, IReadOnlyList<string> FormerNames);

public sealed record FileRecord(Guid RecordId, int ReferenceNumber, string Title, string AccessionNumber, string? Folios);

public sealed record FileListing(string Repository, string Fond, string Opis, string File, IReadOnlyList<FileRecord> Records);

/// <summary>The repository authority list and the tree of each repository down to the file, with record counts.</summary>
public static class BrowseRepositoriesEndpoints
{
    [WolverineGet("/api/repositories")]
    public static IReadOnlyList<RepositoryListing> List() =>
        [.. RepositoryAuthorities.All.Select(a => new RepositoryListing(a.Code, a.NameEnglish, a.NameOriginal, a.Country, a.Aliases, a.FormerNames))];

    /// <summary>The fonds of a repository; none for a repository in the authority list with nothing catalogued yet.</summary>
    [WolverineGet("/api/repositories/{code}/fonds")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<ProvenanceQueries.Level>>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Fonds(string code, ProvenanceQueries queries, HttpContext http)
    {
        var fonds = await queries.FondsAsync(code, http.RequestAborted);
        return fonds.Count > 0 ? Results.Ok(fonds) : await NotCataloguedAsync(queries, http.RequestAborted, code) ?? Results.Ok(fonds);
    }

    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<ProvenanceQueries.Level>>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Opisi(string code, string fond, ProvenanceQueries queries, HttpContext http)
    {
        fond = ProvenanceQueries.PathPart(fond);
        var opisi = await queries.OpisiAsync(code, fond, http.RequestAborted);
        return opisi.Count > 0 ? Results.Ok(opisi) : await NotCataloguedAsync(queries, http.RequestAborted, code, fond) ?? Results.Ok(opisi);
    }

    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IReadOnlyList<ProvenanceQueries.Level>>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Files(string code, string fond, string opis, ProvenanceQueries queries, HttpContext http)
    {
        (fond, opis) = (ProvenanceQueries.PathPart(fond), ProvenanceQueries.PathPart(opis));
        var files = await queries.FilesAsync(code, fond, opis, http.RequestAborted);
        return files.Count > 0 ? Results.Ok(files) : await NotCataloguedAsync(queries, http.RequestAborted, code, fond, opis) ?? Results.Ok(files);
    }

    /// <summary>The records of one delo or papka, in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<FileListing>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> File(string code, string fond, string opis, string file, ProvenanceQueries queries, CatalogueReads reads, HttpContext http)
    {
        (fond, opis, file) = (ProvenanceQueries.PathPart(fond), ProvenanceQueries.PathPart(opis), ProvenanceQueries.PathPart(file));
        await using var session = reads.OpenSession();
        var placements = await queries.InFileAsync(code, fond, opis, file, http.RequestAborted);
        if (placements.Count == 0 && await NotCataloguedAsync(queries, http.RequestAborted, code, fond, opis, file) is { } notFound) return notFound;

        var records = await RecordsByIdAsync(session, placements, http.RequestAborted);
        var listed = placements.Select(p => new FileRecord(p.RecordId, p.Number, records[p.RecordId].Title, records[p.RecordId].AccessionNumber, p.Folios)).ToList();
        return Results.Ok(new FileListing(ProvenanceQueries.Code(code), fond, opis, file, listed));
    }

    /// <summary>
    /// 404 naming the first level of the path under which no record is catalogued, or null when every level holds one.
    /// Only an empty level is looked into, so a path that lists something costs nothing more. A repository in the
    /// authority list exists before anything in it is catalogued; one only named as written exists once a reference names it.
    /// </summary>
    private static async Task<IResult?> NotCataloguedAsync(ProvenanceQueries queries, CancellationToken ct, string code, params string[] below)
    {
        code = ProvenanceQueries.PathPart(code);
        var depth = await queries.CataloguedDepthAsync([code, .. below], ct);
        if (depth == 0 && RepositoryAuthorities.Resolve(code) is null)
        {
            return NotFound("Repository not found", $"No repository {code} is in the authority list or named by a catalogued reference.");
        }

        var repository = ProvenanceQueries.Code(code);
        return Math.Max(depth, 1) switch
        {
            1 when below.Length >= 1 => NotFound("Fond not found", $"{repository} has no fond {below[0]} in the catalogue."),
            2 when below.Length >= 2 => NotFound("Opis not found", $"{repository} has no opis {below[1]} in fond {below[0]} in the catalogue."),
            3 when below.Length >= 3 => NotFound("File not found", $"{repository} has no file {below[2]} in fond {below[0]}, opis {below[1]} in the catalogue."),
            _ => null,
        };
    }

    private static IResult NotFound(string title, string detail) =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = title,
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        });

    public static async Task<IReadOnlyDictionary<Guid, CatalogueRecord>> RecordsByIdAsync(IQuerySession session, IEnumerable<ProvenancePlacement> placements, CancellationToken ct)
    {
        var ids = placements.Select(p => p.RecordId).Distinct().ToArray();
        var records = await session.LoadManyAsync<CatalogueRecord>(ct, ids);
        return records.ToDictionary(r => r.Id);
    }
}

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

    [WolverineGet("/api/repositories/{code}/fonds")]
    public static async Task<IResult> Fonds(string code, ProvenanceQueries queries, HttpContext http) =>
        Results.Ok(await queries.FondsAsync(code, http.RequestAborted));

    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi")]
    public static async Task<IResult> Opisi(string code, string fond, ProvenanceQueries queries, HttpContext http) =>
        Results.Ok(await queries.OpisiAsync(code, fond, http.RequestAborted));

    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files")]
    public static async Task<IResult> Files(string code, string fond, string opis, ProvenanceQueries queries, HttpContext http) =>
        Results.Ok(await queries.FilesAsync(code, fond, opis, http.RequestAborted));

    /// <summary>The records of one delo or papka, in folio order.</summary>
    [WolverineGet("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}")]
    public static async Task<IResult> File(string code, string fond, string opis, string file, ProvenanceQueries queries, IQuerySession session, HttpContext http)
    {
        var placements = await queries.InFileAsync(code, fond, opis, file, http.RequestAborted);
        var records = await RecordsByIdAsync(session, placements, http.RequestAborted);
        var listed = placements.Select(p => new FileRecord(p.RecordId, p.Number, records[p.RecordId].Title, records[p.RecordId].AccessionNumber, p.Folios)).ToList();
        return Results.Ok(new FileListing(code, fond, opis, file, listed));
    }

    public static async Task<IReadOnlyDictionary<Guid, CatalogueRecord>> RecordsByIdAsync(IQuerySession session, IEnumerable<ProvenancePlacement> placements, CancellationToken ct)
    {
        var ids = placements.Select(p => p.RecordId).Distinct().ToArray();
        var records = await session.LoadManyAsync<CatalogueRecord>(ct, ids);
        return records.ToDictionary(r => r.Id);
    }
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

/// <summary>A record in the same file, with how many folios lie between it and the one before it.</summary>
public sealed record Neighbour(Guid RecordId, int ReferenceNumber, string Title, string? Folios, bool IsThisRecord, int? FolioGapFromPrevious);

public sealed record SameFile(string Repository, string Fond, string? Opis, string File, string? FileKind, IReadOnlyList<Neighbour> Records);

public sealed record RelatedRecords(Guid Id, IReadOnlyList<SameFile> Files);

public static class RelatedRecordsEndpoint
{
    /// <summary>Records that sit in the same delo or papka as this one, side by side in folio order.</summary>
    [WolverineGet("/api/records/{id}/related")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RelatedRecords>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(Guid id, CatalogueReads reads, ProvenanceQueries queries, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var ct = http.RequestAborted;
        var own = await session.Query<ProvenancePlacement>().Where(p => p.RecordId == id).ToListAsync(ct);
        if (own.Count == 0 && await session.LoadAsync<Records.CatalogueRecord>(id, ct) is null) return Problems.NotFound(id).ToResult();

        var files = new List<SameFile>();
        foreach (var placement in own.Where(p => p.Fond is not null && p.File is not null).OrderBy(p => p.Number))
        {
            var inFile = await queries.InFileAsync(placement.Repository, placement.Fond!, placement.Opis, placement.File!, ct);
            var records = await BrowseRepositoriesEndpoints.RecordsByIdAsync(session, inFile, ct);
            files.Add(new SameFile(placement.Repository, placement.Fond!, placement.Opis, placement.File!, placement.FileKind, Neighbours(inFile, placement, records)));
        }

        return Results.Ok(new RelatedRecords(id, files));
    }

    public static IReadOnlyList<Neighbour> Neighbours(IReadOnlyList<ProvenancePlacement> inFolioOrder, ProvenancePlacement self, IReadOnlyDictionary<Guid, Records.CatalogueRecord> records)
    {
        var neighbours = new List<Neighbour>();
        ProvenancePlacement? previous = null;
        foreach (var placement in inFolioOrder)
        {
            int? gap = previous?.LastFolio is { } end && placement.FirstFolio is { } start ? start - end - 1 : null;
            neighbours.Add(new Neighbour(placement.RecordId, placement.Number, records.TryGetValue(placement.RecordId, out var r) ? r.Title : "", placement.Folios, placement.Id == self.Id, gap));
            previous = placement;
        }

        return neighbours;
    }
}

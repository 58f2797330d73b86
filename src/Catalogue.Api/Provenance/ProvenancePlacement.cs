using System.Globalization;
using Catalogue.Api.Records;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Catalogue.Api.Provenance;

/// <summary>
/// Where one provenance reference of one record sits in its repository's hierarchy: the row behind the
/// browse tree and the same-file links. Folio numbers are kept as integers beside the text only to sort by.
/// </summary>
public sealed record ProvenancePlacement
{
    public string Id { get; init; } = "";
    public Guid RecordId { get; init; }
    public int Number { get; init; }
    public string Repository { get; init; } = "";
    public string? Fond { get; init; }
    public string? Opis { get; init; }

    /// <summary>The delo, or the papka where the citation names no delo.</summary>
    public string? File { get; init; }

    public string? FileKind { get; init; }
    public string? Folios { get; init; }
    public int? FirstFolio { get; init; }
    public int? LastFolio { get; init; }

    public static string IdFor(Guid recordId, int number) => $"{recordId:N}:{number}";

    public static ProvenancePlacement? For(Guid recordId, int number, ArchivalReference? reference)
    {
        if (reference?.Repository is not { Length: > 0 } repository) return null;
        var (first, last) = FolioRange(reference.Folios);
        return new ProvenancePlacement
        {
            Id = IdFor(recordId, number),
            RecordId = recordId,
            Number = number,
            Repository = repository,
            Fond = reference.Fond,
            Opis = reference.Opis,
            File = reference.File,
            FileKind = reference.Delo is not null ? "delo" : reference.Papka is not null ? "papka" : null,
            Folios = reference.Folios,
            FirstFolio = first,
            LastFolio = last,
        };
    }

    /// <summary>"81-85" → (81, 85); "92-93ob" → (92, 93); "0055" → (55, 55); "12ob" → (12, 12); anything else → none.</summary>
    public static (int? First, int? Last) FolioRange(string? folios)
    {
        if (string.IsNullOrWhiteSpace(folios)) return (null, null);
        var parts = folios.Split('-', 2);
        var first = LeadingNumber(parts[0]);
        var last = parts.Length == 2 ? LeadingNumber(parts[1]) ?? first : first;
        return first is null ? (null, null) : (first, last is < 0 || last < first ? first : last);
    }

    private static int? LeadingNumber(string text)
    {
        var digits = new string(text.Trim().TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length is > 0 and <= 9 ? int.Parse(digits, CultureInfo.InvariantCulture) : null;
    }
}

/// <summary>Keeps one <see cref="ProvenancePlacement"/> per provenance reference that names a repository.</summary>
public sealed partial class ProvenancePlacementProjection : EventProjection
{
    public ProvenancePlacementProjection()
    {
        // The daemon then loads only these events, on its way and in a rebuild.
        IncludeType<ProvenanceRecorded>();
        IncludeType<ProvenanceCorrected>();
        IncludeType<ProvenanceReparsed>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case ProvenanceRecorded recorded:
                Place(operations, e.StreamId, recorded.Number, recorded.Reference);
                break;
            case ProvenanceCorrected corrected:
                Place(operations, e.StreamId, corrected.Number, corrected.Reference);
                break;
            case ProvenanceReparsed reparsed:
                Place(operations, e.StreamId, reparsed.Number, reparsed.Reference);
                break;
        }

        return ValueTask.CompletedTask;
    }

    private static void Place(IDocumentOperations operations, Guid recordId, int number, ArchivalReference? reference)
    {
        if (ProvenancePlacement.For(recordId, number, reference) is { } placement)
            operations.Store(placement);
        else
            operations.Delete<ProvenancePlacement>(ProvenancePlacement.IdFor(recordId, number));
    }
}

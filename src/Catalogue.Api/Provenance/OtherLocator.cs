using Catalogue.Api.Records;

namespace Catalogue.Api.Provenance;

/// <summary>
/// A locator beside repository, fond, opis, delo, poryadok, papka and folios: an American record group, series, box and
/// folder, a file or document number, a signature, pages. A command may give each as a field, a correction may change
/// or remove each, an import reads each; one list, so that none is left out of one of them.
/// </summary>
public sealed record OtherLocator(
    string Name,
    Func<IProvenanceFields, string?> Given,
    Func<ArchivalReference, string?> Read,
    Func<ArchivalReference, string?, ArchivalReference> With)
{
    public const int MaxLength = 100;

    public static readonly IReadOnlyList<OtherLocator> All =
    [
        new("fileNumber", x => x.FileNumber, x => x.FileNumber, (r, v) => r with { FileNumber = v }),
        new("documentNumber", x => x.DocumentNumber, x => x.DocumentNumber, (r, v) => r with { DocumentNumber = v }),
        new("pages", x => x.Pages, x => x.Pages, (r, v) => r with { Pages = v }),
        new("box", x => x.Box, x => x.Box, (r, v) => r with { Box = v }),
        new("recordGroup", x => x.RecordGroup, x => x.RecordGroup, (r, v) => r with { RecordGroup = v }),
        new("series", x => x.Series, x => x.Series, (r, v) => r with { Series = v }),
        new("signature", x => x.Signature, x => x.Signature, (r, v) => r with { Signature = v }),
        new("year", x => x.Year, x => x.Year, (r, v) => r with { Year = v }),
        new("issue", x => x.Issue, x => x.Issue, (r, v) => r with { Issue = v }),
        new("country", x => x.Country, x => x.Country, (r, v) => r with { Country = v }),
        new("collection", x => x.Collection, x => x.Collection, (r, v) => r with { Collection = v }),
        new("folder", x => x.Folder, x => x.Folder, (r, v) => r with { Folder = v }),
        new("lot", x => x.Lot, x => x.Lot, (r, v) => r with { Lot = v }),
    ];
}

/// <summary>
/// The other locators as fields of a provenance command, beside the Russian-style ones each command lists itself; left
/// out (null) by default.
/// </summary>
public abstract record OtherLocatorFields
{
    public string? FileNumber { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Pages { get; init; }
    public string? Box { get; init; }
    public string? RecordGroup { get; init; }
    public string? Series { get; init; }
    public string? Signature { get; init; }
    public string? Year { get; init; }
    public string? Issue { get; init; }
    public string? Country { get; init; }
    public string? Collection { get; init; }
    public string? Folder { get; init; }
    public string? Lot { get; init; }
}

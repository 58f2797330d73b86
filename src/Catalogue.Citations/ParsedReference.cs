namespace Catalogue.Citations;

/// <summary>
/// One place a document is kept (or one publication it was taken from), as read from a citation.
/// Locators are identifiers kept as written ("0100", "059a", "R-9401"); only folios and pages are tidied
/// ("ll. 92-93 ob." becomes "92-93ob"). Every locator is null unless the citation gives it. It is the parser's answer,
/// never stored: the catalogue stores what it takes from it as its own archival reference.
/// </summary>
public sealed record ParsedReference
{
    /// <summary>Authority code ("AVPRF", "LBJ Library"…), or the name as written when the repository is not in the authority list.</summary>
    public string? Repository { get; init; }

    /// <summary>The repository exactly as the citation names it ("AP RF", "State Archive of the Russian Federation (GA RF)").</summary>
    public string? RepositoryAsWritten { get; init; }

    /// <summary>False when the repository is not in <see cref="RepositoryAuthorities"/>: it is kept as written and flagged, never rejected.</summary>
    public bool RepositoryKnown { get; init; }

    public string? Fond { get; init; }

    public string? Opis { get; init; }

    public string? Delo { get; init; }

    public string? Poryadok { get; init; }

    public string? Papka { get; init; }

    /// <summary>Folios, tidied: "81-85", "2-2ob", "92-93ob", "0055", "12ob"; several ranges are joined with ", ".</summary>
    public string? Folios { get; init; }

    /// <summary>A file number that is one identifier, as in the PRC Foreign Ministry Archive ("109-01038-02") or a Hungarian tétel ("24/b").</summary>
    public string? FileNumber { get; init; }

    /// <summary>Registration number of the document itself (Hungarian "002372/1/1958").</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>Pages of a file or a publication, tidied like folios ("16-42", "385-387").</summary>
    public string? Pages { get; init; }

    public string? Box { get; init; }

    /// <summary>NARA record group ("59", from "RG 59") or the Hungarian fond ("XIX-J-1-j").</summary>
    public string? RecordGroup { get; init; }

    public string? Series { get; init; }

    /// <summary>Shelf mark, as SAPMO-BArch "DY 30/3508" or Polish "sygn.".</summary>
    public string? Signature { get; init; }

    public string? Year { get; init; }

    public string? Issue { get; init; }

    public string? Country { get; init; }

    /// <summary>Collection or file series below the repository (FRUS "National Security File, Country File, Vietnam, …", "DCI (McCone) Files").</summary>
    public string? Collection { get; init; }

    /// <summary>A folder cited by number ("folder 7"), or else the folder or file title that follows a box, lot or job number (FRUS "WPB Chron.", "Vietnam 381").</summary>
    public string? Folder { get; init; }

    /// <summary>Lot, job or accession number: "Lot 85 D 240", "Job 80–B01285A", FRC "70 A 1265".</summary>
    public string? Lot { get; init; }

    /// <summary>Classification marks written after a source note ("Secret; Exclusive; No Night Action").</summary>
    public string? Classification { get; init; }

    /// <summary>A published source (author, title, place, publisher, year) as written.</summary>
    public string? Publication { get; init; }

    /// <summary>The exact substring of the citation this reference was read from.</summary>
    public required string Raw { get; init; }
}

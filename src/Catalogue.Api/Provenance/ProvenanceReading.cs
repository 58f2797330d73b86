using Catalogue.Api.Records;
using Catalogue.Citations;

namespace Catalogue.Api.Provenance;

/// <summary>
/// Turns what an archivist sent into provenance references: locators given as fields are taken as they are
/// (the repository resolved against the authority list); a citation given alone is read by the citation parser,
/// one reference per archive it names, each remembering the parser version and the citation as written.
/// </summary>
public static class ProvenanceReading
{
    public static IReadOnlyList<ArchivalReference> Read(IProvenanceFields fields)
    {
        var citation = Clean(fields.Citation);
        if (!ProvenanceFieldsValidator.HasLocators(fields) && citation is not null) return Parse(citation);

        var (repository, known) = Resolve(Clean(fields.Repository));
        var reference = new ArchivalReference
        {
            Repository = repository,
            RepositoryAsWritten = Clean(fields.Repository),
            RepositoryKnown = known,
            Fond = Clean(fields.Fond),
            Opis = Clean(fields.Opis),
            Delo = Clean(fields.Delo),
            Poryadok = Clean(fields.Poryadok),
            Papka = Clean(fields.Papka),
            Folios = Folios(fields.Folios),
            Citation = citation,
        };
        return [OtherLocator.All.Aggregate(reference, (given, locator) => locator.With(given, Clean(locator.Given(fields))))];
    }

    /// <summary>
    /// The reference with the locators a correction names: one left out (null) stays, one sent as "" is removed. A
    /// reference whose locators an archivist changed is no longer the parser's reading of its citation, so it loses its
    /// parser version and a later re-parse cannot undo the correction; the citation stays as written.
    /// </summary>
    public static ArchivalReference Correct(ArchivalReference existing, IProvenanceFields fields)
    {
        static string? Pick(string? given, string? current) => given is null ? current : Clean(given);

        var corrected = existing.Reference() with
        {
            Fond = Pick(fields.Fond, existing.Fond),
            Opis = Pick(fields.Opis, existing.Opis),
            Delo = Pick(fields.Delo, existing.Delo),
            Poryadok = Pick(fields.Poryadok, existing.Poryadok),
            Papka = Pick(fields.Papka, existing.Papka),
            Folios = fields.Folios is null ? existing.Folios : Folios(fields.Folios),
            Citation = Pick(fields.Citation, existing.Citation),
        };
        corrected = OtherLocator.All.Aggregate(corrected, (given, locator) => locator.With(given, Pick(locator.Given(fields), locator.Read(existing))));
        if (fields.Repository is not null)
        {
            var (repository, known) = Resolve(Clean(fields.Repository));
            corrected = corrected with { Repository = repository, RepositoryAsWritten = Clean(fields.Repository), RepositoryKnown = known };
        }

        var locatorsChanged = !(corrected with { Citation = existing.Citation }).SameAs(existing.Reference());
        return locatorsChanged ? corrected with { ParserVersion = null, Raw = null } : corrected;
    }

    /// <summary>
    /// Folios as the parser keeps a citation's ("ll. 81-85" → "81-85", "l. 12 ob." → "12ob"), for a citation of the record
    /// to add the abbreviation once; what is not folios alone ("unnumbered") is kept as typed.
    /// </summary>
    private static string? Folios(string? typed) => Clean(typed) is { } folios ? CitationParser.TidyFolios(folios) ?? folios : null;

    /// <summary>
    /// Whether <paramref name="reference"/> is a citation and nothing else: no locator, no parser's reading. The commands
    /// read such a citation at once; a JSON-lines import before this version stored it so, unread.
    /// </summary>
    public static bool IsCitationAlone(ArchivalReference reference) =>
        // A reading or a located reference is told apart without comparing the whole reference as JSON: an import asks
        // this of every reference of every line, nearly all of them an export's readings.
        reference is { ParserVersion: null, Raw: null, Repository: null } && !string.IsNullOrWhiteSpace(reference.Citation)
        && (reference.Reference() with { Citation = null }).SameAs(new ArchivalReference());

    /// <summary>
    /// A reference given whole, as a JSON-lines import takes it, kept as the commands keep a typed one: its repository
    /// resolved against the authority list as <see cref="Read"/> resolves a typed one — typed by hand, "AVP RF" is AVPRF,
    /// as the browse tree, the reports and the finding aids know it, whatever the line says of it (<c>"repositoryKnown":
    /// true</c> beside a name the list does not know made a repository no search could find) — and its folios tidied
    /// ("ll. 81-85" is 81-85, as the provenance command keeps it, not a second spelling of the same leaves). An export's
    /// references come back as they went out (a code resolves to itself, tidied folios stay as they are); the parser's
    /// reading is taken as it is.
    /// </summary>
    public static ArchivalReference TakenWhole(ArchivalReference reference)
    {
        if (reference is not { ParserVersion: null }) return reference;
        var tidied = reference with { Folios = Folios(reference.Folios) };
        if (tidied is not { Repository: { } typed }) return tidied;
        var (repository, known) = Resolve(Clean(typed));
        return tidied with { Repository = repository, RepositoryAsWritten = Clean(reference.RepositoryAsWritten) ?? Clean(typed), RepositoryKnown = known };
    }

    /// <summary>Reads a citation as written into references; never empty — an unreadable citation is kept with what could not be read.</summary>
    public static IReadOnlyList<ArchivalReference> Parse(string citation)
    {
        var parse = CitationParser.Parse(citation);
        var unparsed = parse.Unparsed.Select(u => $"{u.Text} ({u.Reason})").ToList();
        if (parse.References.Count == 0)
        {
            return [new ArchivalReference { Citation = citation, ParserVersion = parse.ParserVersion, Unparsed = unparsed }];
        }

        // What could not be read belongs to the citation as a whole; it is kept once, on its first reference.
        return [.. parse.References.Select((reference, i) => FromParse(reference, citation, parse.ParserVersion, i == 0 ? unparsed : []))];
    }

    private static ArchivalReference FromParse(ParsedReference parsed, string citation, string parserVersion, IReadOnlyList<string> unparsed) => new()
    {
        Repository = parsed.Repository,
        RepositoryAsWritten = parsed.RepositoryAsWritten,
        RepositoryKnown = parsed.Repository is null && parsed.RepositoryAsWritten is null ? null : parsed.RepositoryKnown,
        Fond = parsed.Fond,
        Opis = parsed.Opis,
        Delo = parsed.Delo,
        Poryadok = parsed.Poryadok,
        Papka = parsed.Papka,
        Folios = parsed.Folios,
        FileNumber = parsed.FileNumber,
        DocumentNumber = parsed.DocumentNumber,
        Pages = parsed.Pages,
        Box = parsed.Box,
        RecordGroup = parsed.RecordGroup,
        Series = parsed.Series,
        Signature = parsed.Signature,
        Year = parsed.Year,
        Issue = parsed.Issue,
        Country = parsed.Country,
        Collection = parsed.Collection,
        Folder = parsed.Folder,
        Lot = parsed.Lot,
        Classification = parsed.Classification,
        Publication = parsed.Publication,
        Citation = citation,
        Raw = parsed.Raw,
        ParserVersion = parserVersion,
        Unparsed = unparsed,
    };

    private static (string? Code, bool? Known) Resolve(string? repository)
    {
        if (repository is null) return (null, null);
        return RepositoryAuthorities.Resolve(repository) is { } authority ? (authority.Code, true) : (repository, false);
    }

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

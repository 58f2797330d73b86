using System.Globalization;
using System.Text;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// How to cite a catalogue record, in the style of the digital archive it came from:
/// "Title", date, archive, repository citation. Translation credit. URL — or as CSL-JSON for reference managers.
/// </summary>
public static class RecordCitation
{
    public const string CslJson = "application/vnd.citationstyles.csl+json";

    private static readonly Dictionary<string, string> ArchiveNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["wilson-center"] = "Wilson Center Digital Archive",
    };

    public static string ArchiveOf(CatalogueRecord record) =>
        record.ExternalIds.Select(x => ArchiveNames.GetValueOrDefault(x.Scheme)).FirstOrDefault(n => n is not null) ?? "Catalogue";

    public static DocumentDate? CitedDate(CatalogueRecord record) => record.DateFor(DateRoles.Described) ?? record.DateFor(DateRoles.Created);

    public static string PlainText(CatalogueRecord record)
    {
        var text = new StringBuilder();
        text.Append('"').Append(record.Title).Append('"');
        if (CitedDate(record) is { } date) text.Append(", ").Append(date.AsWritten);
        text.Append(", ").Append(ArchiveOf(record));
        var repositories = Locations(record);
        if (repositories.Count > 0) text.Append(", ").Append(string.Join("; ", repositories));
        text.Append('.');
        foreach (var credit in record.Translations.Select(t => t.Credit.TrimEnd('.')))
        {
            text.Append(' ').Append(credit).Append('.');
        }

        if (record.SourceUrl is not null) text.Append(' ').Append(record.SourceUrl);
        return text.ToString();
    }

    /// <summary>One CSL-JSON item (https://citationstyles.org/), as reference managers import it.</summary>
    public static object[] CslItems(CatalogueRecord record)
    {
        var item = new Dictionary<string, object>
        {
            ["id"] = record.AccessionNumber,
            ["type"] = "manuscript",
            ["title"] = record.Title,
            ["archive"] = ArchiveOf(record),
        };
        if (record.DocumentType is not null) item["genre"] = record.DocumentType;
        if (CitedDate(record) is { } date && DateParts(date.Edtf) is { } parts) item["issued"] = new Dictionary<string, int[][]> { ["date-parts"] = [parts] };
        var locations = Locations(record);
        if (locations.Count > 0) item["archive_location"] = string.Join("; ", locations);
        if (record.SourceUrl is not null) item["URL"] = record.SourceUrl;
        var authors = record.Creators.Select(c => Name(c.Name)).ToList();
        if (authors.Count > 0) item["author"] = authors;
        var translators = record.Translations.SelectMany(t => t.Translators).Distinct().Select(Name).ToList();
        if (translators.Count > 0) item["translator"] = translators;
        if (record.OriginalLanguages.Count > 0) item["language"] = record.OriginalLanguages[0].Code;
        var notes = record.Translations.Select(t => t.Credit).Concat(record.FundingNotes.Select(f => f.Note)).Select(Sentence).Distinct().ToList();
        if (notes.Count > 0) item["note"] = string.Join(" ", notes);
        return [item];
    }

    /// <summary>A credit or note as a sentence of its own, so that notes joined together stay apart.</summary>
    private static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && ".!?".Contains(trimmed[^1]) ? trimmed : trimmed + ".";
    }

    /// <summary>"1949-11-10" → [1949, 11, 10]; "1949-11" → [1949, 11]; uncertain or interval dates keep their first certain part.</summary>
    private static int[]? DateParts(string edtf)
    {
        var parts = new List<int>();
        foreach (var part in edtf.Split('/')[0].TrimEnd('?', '~', '%').Split('-'))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || (parts.Count == 1 && value > 12)) break;
            parts.Add(value);
        }

        return parts.Count == 0 ? null : [.. parts];
    }

    /// <summary>Each reference as its citation gave it while that still reads to its locators, else the locators themselves.</summary>
    private static List<string> Locations(CatalogueRecord record) =>
        record.Provenance.Select(LocationOf).Where(c => c.Length > 0).Distinct().ToList();

    /// <summary>
    /// The source's own wording is the better citation, but only while it says what the record says: after an
    /// archivist corrected a locator (the folios checked against the scan) the wording is out of date, and the
    /// corrected locators are cited instead.
    /// </summary>
    private static string LocationOf(ArchivalReference reference)
    {
        var asWritten = reference.Raw ?? reference.Citation;
        if (asWritten is not null && Provenance.ProvenanceReading.Parse(asWritten).Any(read => SameLocators(read, reference))) return asWritten;
        var locators = LocatorsOf(reference);
        return locators.Length > 0 ? locators : asWritten ?? "";
    }

    private static bool SameLocators(ArchivalReference a, ArchivalReference b) => LocatorsOnly(a).SameAs(LocatorsOnly(b));

    private static ArchivalReference LocatorsOnly(ArchivalReference reference) => reference.Reference() with
    {
        RepositoryAsWritten = null,
        RepositoryKnown = null,
        Citation = null,
        Raw = null,
        ParserVersion = null,
        Unparsed = [],
    };

    /// <summary>The Russian-style locators in their usual abbreviations, then whatever other locators the reference has.</summary>
    private static string LocatorsOf(ArchivalReference reference) => string.Join(", ", new[]
    {
        reference.LocatorText(),
        reference.RecordGroup is null ? null : $"RG {reference.RecordGroup}",
        reference.Series is null ? null : $"series {reference.Series}",
        reference.Collection,
        reference.Box is null ? null : $"box {reference.Box}",
        reference.Folder is null ? null : $"folder {reference.Folder}",
        reference.Signature,
        reference.FileNumber is null ? null : $"file {reference.FileNumber}",
        reference.DocumentNumber is null ? null : $"doc. {reference.DocumentNumber}",
        reference.Lot is null ? null : $"lot {reference.Lot}",
        reference.Pages is null ? null : $"pp. {reference.Pages}",
    }.Where(p => !string.IsNullOrEmpty(p)));

    /// <summary>
    /// CSL names: "David Wolff" → family "Wolff", given "David"; written inverted as catalogues write them, "Wolff,
    /// David" → the same ("van der Berg, Jan" → family "van der Berg"; a part after a second comma is a suffix, "Jr.");
    /// in Chinese, Japanese or Korean letters family first ("𠮷田 太郎" → family "𠮷田"); one word stays a literal name.
    /// </summary>
    public static Dictionary<string, string> Name(string name)
    {
        name = name.Trim();
        var parts = name.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length > 1 && parts[0].Length > 0 && parts[1].Length > 0)
        {
            var inverted = new Dictionary<string, string> { ["family"] = parts[0], ["given"] = parts[1] };
            if (parts.Length > 2 && string.Join(", ", parts[2..]) is { Length: > 0 } suffix) inverted["suffix"] = suffix;
            return inverted;
        }

        if (name.EnumerateRunes().Any(IsEastAsian) && name.IndexOf(' ') is var first and > 0)
            return new Dictionary<string, string> { ["family"] = name[..first], ["given"] = name[(first + 1)..].Trim() };
        var space = name.LastIndexOf(' ');
        return space < 0
            ? new Dictionary<string, string> { ["literal"] = name }
            : new Dictionary<string, string> { ["family"] = name[(space + 1)..], ["given"] = name[..space].TrimEnd() };
    }

    /// <summary>Han ideographs (those beyond the Basic Multilingual Plane too), kana and hangul.</summary>
    private static bool IsEastAsian(Rune letter) => letter.Value is >= 0x3040 and <= 0x30FF or >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF
        or >= 0xAC00 and <= 0xD7AF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3FFFF;
}

public static class RecordCitationEndpoint
{
    private const string PlainText = "text";
    private const string CslJson = "csl-json";
    private static readonly string[] Formats = [PlainText, CslJson];

    /// <summary>Plain text by default; CSL-JSON for <c>Accept: application/vnd.citationstyles.csl+json</c> or <c>?format=csl-json</c>.</summary>
    [WolverineGet("/api/records/{id}/citation")]
    [ChecksItsQueryToo]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, string? format)
    {
        // A format it does not write (format=bibtex) is refused: answered in another, it would pass for that format.
        var errors = new Dictionary<string, string[]>();
        if (format is not null && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            errors["format"] = [$"'{format}' is not a format of a citation here. The formats are: {string.Join(", ", Formats)}."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var record = await session.LoadAsync<CatalogueRecord>(id, http.RequestAborted);
        if (record is null || !ReadRecordsEndpoints.MaySee(http.User, record)) return Problems.NotFound(id).ToResult();

        var wantsCsl = format is null
            ? http.Request.Headers.Accept.ToString().Contains(RecordCitation.CslJson, StringComparison.OrdinalIgnoreCase)
            : string.Equals(format, CslJson, StringComparison.OrdinalIgnoreCase);
        return wantsCsl
            ? Results.Json(RecordCitation.CslItems(record), contentType: RecordCitation.CslJson)
            : Results.Text(RecordCitation.PlainText(record), "text/plain", Encoding.UTF8);
    }
}

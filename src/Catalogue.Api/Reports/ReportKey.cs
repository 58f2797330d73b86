using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Catalogue.Api.Records;

namespace Catalogue.Api.Reports;

/// <summary>The reports the catalogue keeps counts for, by the name their endpoint and their counts are known by.</summary>
public static class ReportNames
{
    public const string Translators = "translators";
    public const string Funders = "funders";
    public const string Repositories = "repositories";
    public const string Years = "years";
    public const string Languages = "languages";

    public static readonly IReadOnlyList<string> All = [Translators, Funders, Repositories, Years, Languages];
}

/// <summary>
/// One line of a report, before it is counted: the report, and the path to the line in it — a translator; a funder, or a
/// funder and one of its notes as written; a repository, its fond, its opis; a year; a language code, or a code and the
/// language's name as written.
/// </summary>
public sealed record ReportKey(string Report, IReadOnlyList<string> Path)
{
    /// <summary>The line a record with no date the years can be read from counts toward, in the years report.</summary>
    public const string Undated = "undated";

    /// <summary>
    /// A date that could fall in more years than this (<c>1XXX</c>) says too little to count in any: it counts as undated.
    /// A century (<c>19XX</c>) still counts, in each of its years.
    /// </summary>
    public const int MaxYearsOfOneDate = EdtfDate.MaxYearsOfOneDate;

    /// <summary>
    /// The count document's id: the report, and a digest of the path. A digest, not the path itself: a funding note may
    /// be longer than a PostgreSQL index entry may be.
    /// </summary>
    public string Id
    {
        get
        {
            var path = JsonSerializer.SerializeToUtf8Bytes(Path);
            return $"{Report}:{Convert.ToHexStringLower(SHA256.HashData(path))}";
        }
    }

    public bool Equals(ReportKey? other) => other is not null && Report == other.Report && Path.SequenceEqual(other.Path, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Report, StringComparer.Ordinal);
        foreach (var part in Path) hash.Add(part, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>
    /// Every line <paramref name="record"/> counts toward, each once:
    /// <list type="bullet">
    /// <item>translators: each person named in any of its translation credits, as the record first writes the name
    /// (<see cref="NameKey"/>: spellings that differ only in letter case, diacritics or punctuation are one name);</item>
    /// <item>funders: each funder of its funding notes, and each (funder, note as written), the funder as the record
    /// first writes it;</item>
    /// <item>repositories: for each provenance reference that names a repository, the repository, its fond when named,
    /// and the fond's opis when both are named (a reference without a fond counts toward its repository only);</item>
    /// <item>years: every year the date it is cited by (the date described, else the date written; as the record list
    /// and a citation date it) can fall in — <c>1949-10/1950-02</c> counts in 1949 and in 1950, <c>195X</c> in each of
    /// the 1950s, an interval open at one end in its known year only; a record without such a date, or whose date could
    /// fall in more than <see cref="MaxYearsOfOneDate"/> years, counts as <see cref="Undated"/>. So a record may count in
    /// several years, and the years add up to more than the records: each year says how many records may date from it,
    /// as a search by that year finds them;</item>
    /// <item>languages: each ISO 639 code of its original languages, and each (code, name as written).</item>
    /// </list>
    /// </summary>
    public static IReadOnlySet<ReportKey> Of(CatalogueRecord record)
    {
        var keys = new HashSet<ReportKey>();
        var translators = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var translator in record.Translations.SelectMany(t => t.Translators)) keys.Add(new(ReportNames.Translators, [FirstSpelling(translators, translator)]));
        var funders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var funding in record.FundingNotes)
        {
            var funder = FirstSpelling(funders, funding.Funder);
            keys.Add(new(ReportNames.Funders, [funder]));
            keys.Add(new(ReportNames.Funders, [funder, funding.Note]));
        }

        foreach (var place in record.Provenance)
        {
            if (place.Repository is not { Length: > 0 } repository) continue;
            keys.Add(new(ReportNames.Repositories, [repository]));
            if (place.Fond is not { Length: > 0 } fond) continue;
            keys.Add(new(ReportNames.Repositories, [repository, fond]));
            if (place.Opis is { Length: > 0 } opis) keys.Add(new(ReportNames.Repositories, [repository, fond, opis]));
        }

        foreach (var year in YearsOf(record)) keys.Add(new(ReportNames.Years, [year]));
        foreach (var language in record.OriginalLanguages)
        {
            keys.Add(new(ReportNames.Languages, [language.Code]));
            keys.Add(new(ReportNames.Languages, [language.Code, language.Name]));
        }

        return keys;
    }

    /// <summary>
    /// What a translator's or funder's lines are told apart by: the name folded as the authorities and search fold it
    /// (<see cref="Authorities.AccessPointKeys.Fold"/>: letter case, diacritics, punctuation and spacing aside), or the
    /// name as written when it holds no letter or digit.
    /// </summary>
    public static string NameKey(string name) => Authorities.AccessPointKeys.Fold(name) is { Length: > 0 } key ? key : name;

    /// <summary>
    /// The spelling the record first writes of the name <paramref name="name"/> is one of: a record that writes a name
    /// twice, otherwise in letter case or diacritics ("Gary Goldberg", "GARY GOLDBERG"), counts once toward it.
    /// </summary>
    private static string FirstSpelling(Dictionary<string, string> written, string name)
    {
        var key = NameKey(name);
        if (written.TryGetValue(key, out var first)) return first;
        written[key] = name;
        return name;
    }

    /// <summary>
    /// The years (as four digits) the record's cited date is counted in (<see cref="EdtfDate.YearsCounted"/>, as search
    /// finds and counts it by year), or <see cref="Undated"/> alone.
    /// </summary>
    public static IEnumerable<string> YearsOf(CatalogueRecord record)
    {
        if (RecordCitation.CitedDate(record) is not { } date || EdtfDate.YearsCounted(date.Edtf) is not { } years) return [Undated];
        return Enumerable.Range(years.From, years.To - years.From + 1).Select(y => y.ToString("D4", CultureInfo.InvariantCulture));
    }
}

using System.Text.Json;

namespace Catalogue.Api.Reports;

/// <summary>One line of a report as it is answered, with the lines under it (a funder's notes, a repository's fonds).</summary>
/// <param name="Search">The search that finds the records the line counts, as far as search can filter by its levels; null when it cannot.</param>
public sealed record ReportLine(ReportTally Tally, string? Search, IReadOnlyList<ReportLine> Lines)
{
    public IReadOnlyList<string> Path => Tally.Path;
}

/// <summary>
/// How a report's counts are laid out: the name of each level of its tree (repository → fond → opis), what the lines
/// under a line are called, and which search filter each level is (so each line links to the records it counts).
/// </summary>
/// <param name="Levels">The name of each level, as a JSON property and a CSV column.</param>
/// <param name="Under">The JSON property holding the lines under a line of each level but the last.</param>
/// <param name="Filters">The search filter each level's value is sent as; null for a level search cannot filter by.</param>
/// <param name="NamesFolded">
/// Whether the first level is a name whose spellings are one line (<see cref="ReportKey.NameKey"/>), as search's filter
/// and facet and the authorities take them: translators and funders.
/// </param>
public sealed record ReportShape(string Name, IReadOnlyList<string> Levels, IReadOnlyList<string> Under, IReadOnlyList<string?> Filters, bool NamesFolded = false)
{
    public const string SearchPath = "/api/search";

    public static readonly ReportShape Translators = new(ReportNames.Translators, ["translator"], [], ["translator"], NamesFolded: true);
    public static readonly ReportShape Funders = new(ReportNames.Funders, ["funder", "note"], ["notes"], ["funder", null], NamesFolded: true);
    public static readonly ReportShape Repositories = new(ReportNames.Repositories, ["repository", "fond", "opis"], ["fonds", "opisi"], ["repository", "fond", "opis"]);
    public static readonly ReportShape Years = new(ReportNames.Years, ["year"], [], [null]);
    public static readonly ReportShape Languages = new(ReportNames.Languages, ["code", "name"], ["names"], ["language", null]);

    public static readonly IReadOnlyList<ReportShape> All = [Translators, Funders, Repositories, Years, Languages];

    public string Route => $"/api/reports/{Name}";

    /// <summary>Whether a line's value at that level is a number (a year; the undated line's is null) rather than text.</summary>
    public bool IsNumber(int level) => Name == ReportNames.Years && level == 0;

    /// <summary>
    /// The lines of the report from its tallies, as a tree in the order people look for a name (letters in any case, then
    /// as written; four-digit years in their order, undated last). A line under one the reader may not see is not shown.
    /// </summary>
    /// <param name="tallies">The tallies the reader may see.</param>
    /// <param name="staff">Whether the reader is told of every record (else of the published ones): which spelling of a name is shown.</param>
    public IReadOnlyList<ReportLine> Tree(IEnumerable<ReportTally> tallies, bool staff)
    {
        if (NamesFolded) tallies = SpellingsTogether(tallies, staff);
        // Each line under its parent's path, found by key: a report of thousands of fonds and opisi is built in one pass.
        var byParent = tallies.Where(t => t.Path.Count is > 0 && t.Path.Count <= Levels.Count).ToLookup(t => PathKey(t.Path.Take(t.Path.Count - 1)), StringComparer.Ordinal);
        return LinesUnder([], "", byParent);
    }

    /// <summary>
    /// Whether a spelling is all in capitals ("LEON LEVY FOUNDATION"): shown only when no other spelling of the name is
    /// written as often.
    /// </summary>
    private static bool AllCapitals(string spelling) => spelling.Any(char.IsLetter) && !spelling.Any(char.IsLower);

    /// <summary>
    /// The tallies of a name's spellings added up into one, under the spelling most of the records counted write (among
    /// equals, one not all in capitals, then the first in code point order, as search's facet shows it): each record
    /// counts toward one spelling of a name (<see cref="ReportKey.Of"/>), so the sum counts each record once. The lines
    /// under a name (a funder's notes) are added up alike, note by note as written.
    /// </summary>
    private static IEnumerable<ReportTally> SpellingsTogether(IEnumerable<ReportTally> tallies, bool staff)
    {
        // Each name folded once (a Unicode normalisation), however many lines it has.
        var all = tallies.Where(t => t.Path.Count > 0).Select(t => (Tally: t, Name: ReportKey.NameKey(t.Path[0]))).ToList();
        var shown = all.Where(t => t.Tally.Path.Count == 1).GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(t => t.Tally).OrderByDescending(t => staff ? t.AllRecords() : t.Published).ThenBy(t => AllCapitals(t.Path[0])).ThenBy(t => t.Path[0], StringComparer.Ordinal).First().Path[0],
            StringComparer.Ordinal);
        return all.GroupBy(t => PathKey([t.Name, .. t.Tally.Path.Skip(1)]), StringComparer.Ordinal).Select(spellings =>
        {
            var (first, name) = spellings.First();
            return first with
            {
                Path = [shown.GetValueOrDefault(name) ?? first.Path[0], .. first.Path.Skip(1)],
                Draft = spellings.Sum(t => t.Tally.Draft),
                Published = spellings.Sum(t => t.Tally.Published),
                Withdrawn = spellings.Sum(t => t.Tally.Withdrawn),
            };
        });
    }

    private static string PathKey(IEnumerable<string> path) => string.Join('\u001f', path);

    /// <param name="filtered">The search filters of the lines above, as a query string ("" for none).</param>
    private IReadOnlyList<ReportLine> LinesUnder(IReadOnlyList<string> parent, string filtered, ILookup<string, ReportTally> byParent) =>
    [
        .. byParent[PathKey(parent)]
            .OrderBy(t => t.Path[^1], StringComparer.InvariantCultureIgnoreCase).ThenBy(t => t.Path[^1], StringComparer.Ordinal)
            .Select(t =>
            {
                // Each line adds its own filter to its parent's: a value is escaped once, however deep the tree.
                var level = t.Path.Count - 1;
                var query = Filters[level] is { } filter
                    ? $"{filtered}{(filtered.Length == 0 ? "" : "&")}{filter}={Uri.EscapeDataString(t.Path[level])}"
                    : filtered;
                return new ReportLine(t, SearchFor(t.Path, level, query), LinesUnder(t.Path, query, byParent));
            }),
    ];

    private string? SearchFor(IReadOnlyList<string> path, int level, string query)
    {
        if (Name == ReportNames.Years)
            return path[0] == ReportKey.Undated ? null : $"{SearchPath}?yearFrom={path[0]}&yearTo={path[0]}";
        // A level search cannot filter by (a funding note, a language's name as written) would link to its parent's
        // search, which finds more records than the line counts.
        if (query.Length == 0 || Filters[level] is null) return null;
        // Nor is a name of no letter or digit ("---") one search's filters take: they refuse it.
        return NamesFolded && level == 0 && Authorities.AccessPointKeys.Fold(path[0]).Length == 0 ? null : $"{SearchPath}?{query}";
    }

    /// <summary>The report as JSON, written as it is walked (no document built first: a report of thousands of fonds and opisi is hundreds of kilobytes).</summary>
    /// <param name="staff">Whether to tell the records by state; otherwise the count is of published records alone.</param>
    public void WriteJson(Utf8JsonWriter json, IReadOnlyList<ReportLine> lines, bool staff)
    {
        json.WriteStartObject();
        json.WriteString("report", Name);
        json.WriteString("counted", staff ? "records in any state" : "published records");
        json.WritePropertyName("items");
        WriteLines(json, lines, staff);
        json.WriteEndObject();
    }

    private void WriteLines(Utf8JsonWriter json, IReadOnlyList<ReportLine> lines, bool staff)
    {
        json.WriteStartArray();
        foreach (var line in lines)
        {
            var level = line.Path.Count - 1;
            var value = line.Path[^1];
            json.WriteStartObject();
            if (!IsNumber(level)) json.WriteString(Levels[level], value);
            else if (value == ReportKey.Undated) json.WriteNull(Levels[level]);
            else json.WriteNumber(Levels[level], int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("records", staff ? line.Tally.AllRecords() : line.Tally.Published);
            if (staff)
            {
                json.WriteStartObject("byStatus");
                json.WriteNumber("draft", line.Tally.Draft);
                json.WriteNumber("published", line.Tally.Published);
                json.WriteNumber("withdrawn", line.Tally.Withdrawn);
                json.WriteEndObject();
            }

            if (line.Search is { } search) json.WriteString("search", search);
            if (level < Under.Count)
            {
                json.WritePropertyName(Under[level]);
                WriteLines(json, line.Lines, staff);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The report as a table, one row per line of the tree, each under the line it belongs to: a line's own level and
    /// those above it are filled, those below it are empty (a funder's total, then a row per note; a repository, then its
    /// fonds, each followed by its opisi). In the years report the undated line's year is "undated".
    /// </summary>
    public (IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<string>> Rows) Table(IReadOnlyList<ReportLine> lines, bool staff)
    {
        IReadOnlyList<string> header = [.. Levels, "records", .. staff ? new[] { "draft", "published", "withdrawn" } : [], "search"];
        return (header, Flatten(lines).Select(line => (IReadOnlyList<string>)
        [
            .. Levels.Select((_, level) => level < line.Path.Count ? line.Path[level] : ""),
            Count(staff ? line.Tally.AllRecords() : line.Tally.Published),
            .. staff ? new[] { Count(line.Tally.Draft), Count(line.Tally.Published), Count(line.Tally.Withdrawn) } : [],
            line.Search ?? "",
        ]));
    }

    private static IEnumerable<ReportLine> Flatten(IEnumerable<ReportLine> lines) => lines.SelectMany(line => Flatten(line.Lines).Prepend(line));

    private static string Count(long records) => records.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

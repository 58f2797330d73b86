using System.Text.RegularExpressions;

namespace Catalogue.Api.Records;

/// <summary>
/// Extended Date/Time Format (ISO 8601-2) as the catalogue stores dates: validation of the level 0/1 forms it uses,
/// and normalisation of dates as archivists and digital archives write them ("November 10, 1949", "ca. 1950").
/// </summary>
public static partial class EdtfDate
{
    // Longer spellings first so that "Sept." is not read as "Sep" followed by a stray "t".
    private const string Month =
        @"(?<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?";

    private const string Day = @"(?<day>[0-9]{1,2})(?:st|nd|rd|th)?\b";
    private const string Year = @"(?<year>[0-9]{4})\b";
    private const string Season = @"(?<season>spring|summer|autumn|fall|winter)\b";

    /// <summary>
    /// True when <paramref name="edtf"/> is one of the EDTF forms the catalogue accepts: <c>YYYY</c>, <c>YYYY-MM</c>,
    /// <c>YYYY-MM-DD</c> (a real calendar day), a season <c>YYYY-21</c>…<c>YYYY-24</c>, unspecified digits from the
    /// right (<c>195X</c>, <c>19XX</c>, <c>1949-XX</c>, <c>1949-10-XX</c>, <c>1949-XX-XX</c>), each optionally qualified by
    /// one trailing <c>?</c>, <c>~</c> or <c>%</c>; and intervals <c>A/B</c> of two such dates, where one end may be open
    /// (<c>..</c>) or unknown (empty) and the start may not lie wholly after the end.
    /// Negative or five-digit years, times, sets and other level 2 features are refused.
    /// </summary>
    public static bool IsValid(string edtf)
    {
        if (string.IsNullOrEmpty(edtf) || edtf.Length > 64)
        {
            return false;
        }

        var slash = edtf.IndexOf('/');
        if (slash < 0)
        {
            return TryReadEdtf(edtf, out _);
        }

        if (edtf.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        var start = edtf[..slash];
        var end = edtf[(slash + 1)..];
        var startOpen = start is ".." or "";
        var endOpen = end is ".." or "";
        if (startOpen && endOpen)
        {
            return false;
        }

        Span? from = null;
        Span? to = null;
        if (!startOpen && !TryReadEdtf(start, out from))
        {
            return false;
        }

        if (!endOpen && !TryReadEdtf(end, out to))
        {
            return false;
        }

        return from is null || to is null || from.Value.Earliest <= to.Value.Latest;
    }

    /// <summary>
    /// The first and last year a valid EDTF date can fall in: <c>1949-11-10</c> → 1949–1949, <c>195X</c> → 1950–1959,
    /// <c>1949-10/1950-02</c> → 1949–1950, a winter <c>1949-24</c> → 1949–1950 (it reaches into the next year); an open
    /// or unknown end of an interval (<c>../1950</c>) has no year. Both null for text that is not a valid EDTF date.
    /// </summary>
    public static (int? From, int? To) YearRange(string edtf)
    {
        if (!IsValid(edtf)) return (null, null);
        var slash = edtf.IndexOf('/');
        var (start, end) = slash < 0 ? (edtf, edtf) : (edtf[..slash], edtf[(slash + 1)..]);
        return (TryReadEdtf(start, out var from) && from is { } f ? f.Earliest / 10000 : null, TryReadEdtf(end, out var to) && to is { } t ? t.Latest / 10000 : null);
    }

    /// <summary>
    /// The first and last day a valid EDTF date can fall on, as <c>yyyymmdd</c> numbers: <c>1949-11</c> → 19491101–19491130,
    /// <c>1949?</c> → 19490101–19491231; an open or unknown end of an interval has none. Both null for text that is not
    /// a valid EDTF date. What a chronological order sorts by.
    /// </summary>
    public static (int? From, int? To) DayRange(string edtf)
    {
        if (!IsValid(edtf)) return (null, null);
        var slash = edtf.IndexOf('/');
        var (start, end) = slash < 0 ? (edtf, edtf) : (edtf[..slash], edtf[(slash + 1)..]);
        return (TryReadEdtf(start, out var from) && from is { } f ? f.Earliest : null, TryReadEdtf(end, out var to) && to is { } t ? t.Latest : null);
    }

    /// <summary>
    /// A date that could fall in more years than this (<c>1XXX</c>, <c>1000/1900</c>) says too little to be counted or
    /// found by any year. A century (<c>19XX</c>) still is, in each of its years.
    /// </summary>
    public const int MaxYearsOfOneDate = 100;

    /// <summary>
    /// The years a date is counted and found in by year — the years report, search's year filter and its decade facet
    /// alike, so a decade's count is what choosing it finds: every year it can fall in (<c>1949-10/1950-02</c> in 1949 and
    /// 1950, <c>195X</c> in each of the 1950s); an interval open or unknown at one end in the year of the end that is
    /// known (<c>../1967</c> in 1967: "by 1967" says when it was at the latest, not that it may be of any year before);
    /// none for a date that could fall in more than <see cref="MaxYearsOfOneDate"/> years, or is not a valid EDTF date.
    /// </summary>
    public static (int From, int To)? YearsCounted(string edtf)
    {
        var (from, to) = YearRange(edtf);
        (from, to) = (from ?? to, to ?? from);
        return from is { } first && to is { } last && last - first + 1 <= MaxYearsOfOneDate ? (first, last) : null;
    }

    /// <summary>
    /// The day a date is put at in chronological order, as <c>yyyymmdd</c>: the first day it can fall on; for an interval
    /// open or unknown at its start, the first day of its end (<c>../1967</c> among the dates of 1967, as it is counted
    /// there, <see cref="YearsCounted"/>). Null for text that is not a valid EDTF date.
    /// </summary>
    public static int? SortDay(string edtf)
    {
        var (from, to) = DayRange(edtf);
        if (from is not null || to is null) return from;
        return DayRange(edtf[(edtf.IndexOf('/') + 1)..]).From;
    }

    /// <summary>
    /// Turns a date as written into EDTF: "November 10, 1949" → <c>1949-11-10</c>, "1 December 1949" → <c>1949-12-01</c>,
    /// "ca. 1950" → <c>1950~</c>, "1949?" → <c>1949?</c>, "autumn 1949" → <c>1949-23</c>,
    /// "October-December 1949" → <c>1949-10/1949-12</c>. A place or time around the date
    /// ("Washington, February 12, 1964, 2:29 p.m.") is ignored. Returns false, with an empty <paramref name="edtf"/>,
    /// when the text holds no date it can read with confidence.
    /// </summary>
    public static bool TryNormalise(string asWritten, out string edtf)
    {
        edtf = string.Empty;
        if (string.IsNullOrWhiteSpace(asWritten) || asWritten.Length > 200)
        {
            return false;
        }

        var text = Tidy(asWritten);
        if (IsValid(text))
        {
            edtf = text;
            return true;
        }

        var (core, qualifier) = TakeQualifiers(text);
        if (core.Length == 0)
        {
            return false;
        }

        var candidate = ReadCore(core);
        if (candidate is null)
        {
            return false;
        }

        var qualified = Qualify(candidate, qualifier);
        if (!IsValid(qualified))
        {
            return false;
        }

        edtf = qualified;
        return true;
    }

    /// <summary>
    /// Finds the first date written to at least month precision inside running text
    /// ("From the Diary of N. V. ROSHCHIN Top Secret, Copy 4, 1 December 1949" → "1 December 1949", <c>1949-12-01</c>).
    /// Bare years are not looked for: in running text a four-digit number is as often a file number as a year.
    /// Digits are ASCII only.
    /// </summary>
    public static bool TryFind(string text, out string asWritten, out string edtf)
    {
        asWritten = string.Empty;
        edtf = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (Match match in WrittenDateInText().Matches(text))
        {
            if (ToEdtf(match) is { } found && IsValid(found))
            {
                asWritten = match.Value.TrimEnd('.', ',', ' ');
                edtf = found;
                return true;
            }
        }

        return false;
    }

    private static string? ReadCore(string core)
    {
        if (IsValid(core))
        {
            return core;
        }

        if (TryReadWritten(core, out var single) && single.Year is not null)
        {
            return single.ToEdtf();
        }

        if (DecadeWritten().Match(core) is { Success: true } decade)
        {
            return decade.Groups["decade"].Value + "X";
        }

        if (ReadRange(core) is { } range)
        {
            return range;
        }

        // A date among other words ("Washington, February 12, 1964, 2:29 p.m."), but only when it is the only one:
        // two dates that did not read as a range are not one date.
        var inText = WrittenDateInText().Matches(core);
        if (inText.Count == 1 && ToEdtf(inText[0]) is { } found && IsValid(found))
        {
            return found;
        }

        // A lone year among words, e.g. "Moscow, 1958": only when no other number could be the date.
        var numbers = Numbers().Matches(core);
        if (numbers.Count == 1 && numbers[0].Value.Length == 4 && LoneYearContext().IsMatch(core))
        {
            return numbers[0].Value;
        }

        return null;
    }

    private static string? ReadRange(string core)
    {
        foreach (Match separator in RangeSeparator().Matches(core))
        {
            var left = core[..separator.Index].Trim();
            var right = core[(separator.Index + separator.Length)..].Trim();
            if (left.Length == 0 || right.Length == 0)
            {
                continue;
            }

            if (!TryReadWritten(left, out var start) || !TryReadWritten(right, out var end))
            {
                continue;
            }

            // The shared parts of a range are usually written once: "October-December 1949", "10-12 November 1949",
            // "November 10-12, 1949".
            var endYear = end.Year ?? start.Year;
            var startYear = start.Year ?? endYear;
            if (startYear is null || endYear is null)
            {
                continue;
            }

            var startMonth = start.Month;
            var endMonth = end.Month;
            if (start.Day is not null && startMonth is null)
            {
                startMonth = endMonth;
            }

            if (end.Day is not null && endMonth is null)
            {
                endMonth = startMonth;
            }

            if ((start.Day is not null && startMonth is null) || (end.Day is not null && endMonth is null))
            {
                continue;
            }

            var from = new Written(startYear, startMonth, start.Day, start.Season).ToEdtf();
            var to = new Written(endYear, endMonth, end.Day, end.Season).ToEdtf();
            var interval = $"{from}/{to}";
            if (IsValid(interval))
            {
                return interval;
            }
        }

        return null;
    }

    private static bool TryReadWritten(string text, out Written written)
    {
        written = default;
        foreach (var pattern in new[] { MonthFirst(), DayFirst(), SeasonFirst(), IsoWritten(), DottedDayFirst() })
        {
            var match = pattern.Match(text);
            if (!match.Success)
            {
                continue;
            }

            var year = ReadNumber(match.Groups["year"]);
            var month = match.Groups["month"].Success ? MonthNumber(match.Groups["month"].Value) : null;
            var day = ReadNumber(match.Groups["day"]);
            var season = match.Groups["season"].Success ? SeasonCode(match.Groups["season"].Value) : null;
            if (match.Groups["month"].Success && month is null)
            {
                return false;
            }

            written = new Written(year, month, day, season);
            return true;
        }

        return false;
    }

    private static string? ToEdtf(Match match)
    {
        var year = ReadNumber(match.Groups["year"]);
        if (year is null)
        {
            return null;
        }

        var month = match.Groups["month"].Success ? MonthNumber(match.Groups["month"].Value) : null;
        var season = match.Groups["season"].Success ? SeasonCode(match.Groups["season"].Value) : null;
        return new Written(year, month, ReadNumber(match.Groups["day"]), season).ToEdtf();
    }

    private static string Tidy(string text)
    {
        var tidy = Whitespace().Replace(text, " ").Trim();
        if (tidy.Length > 2 && tidy[0] == '[' && tidy[^1] == ']')
        {
            tidy = tidy[1..^1].Trim();
        }

        return tidy.TrimEnd('.', ',', ';', ':', ' ');
    }

    private static (string Core, char? Qualifier) TakeQualifiers(string text)
    {
        var approximate = false;
        var uncertain = false;
        var core = text;

        var leading = LeadingQualifier().Match(core);
        if (leading.Success)
        {
            if (leading.Groups["approximate"].Success)
            {
                approximate = true;
            }
            else
            {
                uncertain = true;
            }

            core = core[leading.Length..];
        }

        var trailing = TrailingQualifier().Match(core);
        if (trailing.Success)
        {
            switch (trailing.Groups["mark"].Value)
            {
                case "?":
                    uncertain = true;
                    break;
                case "~":
                    approximate = true;
                    break;
                default:
                    uncertain = true;
                    approximate = true;
                    break;
            }

            core = core[..trailing.Index];
        }

        core = core.Trim().TrimEnd('.', ',', ' ');
        char? qualifier = (approximate, uncertain) switch
        {
            (true, true) => '%',
            (true, false) => '~',
            (false, true) => '?',
            _ => null,
        };
        return (core, qualifier);
    }

    private static string Qualify(string edtf, char? qualifier)
    {
        if (qualifier is null)
        {
            return edtf;
        }

        // A qualifier written once before a range applies to both of its ends.
        return string.Join('/', edtf.Split('/').Select(side => side is ".." or "" ? side : side.TrimEnd('?', '~', '%') + qualifier));
    }

    private static int? ReadNumber(Group group) =>
        group.Success && int.TryParse(group.Value, out var number) ? number : null;

    private static int? MonthNumber(string written) =>
        int.TryParse(written, out var number) ? number
        : written.Length < 3 ? null
        : written[..3].ToLowerInvariant() switch
        {
            "jan" => 1,
            "feb" => 2,
            "mar" => 3,
            "apr" => 4,
            "may" => 5,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" => 9,
            "oct" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => null,
        };

    private static int? SeasonCode(string written) =>
        written.ToLowerInvariant() switch
        {
            "spring" => 21,
            "summer" => 22,
            "autumn" or "fall" => 23,
            "winter" => 24,
            _ => null,
        };

    private static bool TryReadEdtf(string text, out Span? span)
    {
        span = null;
        var match = EdtfSingle().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var yearText = match.Groups["year"].Value;
        var monthText = match.Groups["month"].Success ? match.Groups["month"].Value : null;
        var dayText = match.Groups["day"].Success ? match.Groups["day"].Value : null;

        // Level 1 allows unspecified year digits only in a year on its own.
        if (yearText.Contains('X'))
        {
            if (monthText is not null)
            {
                return false;
            }

            var earliestYear = int.Parse(yearText.Replace('X', '0'));
            var latestYear = int.Parse(yearText.Replace('X', '9'));
            span = new Span(Key(earliestYear, 1, 1), Key(latestYear, 12, 31));
            return true;
        }

        var year = int.Parse(yearText);
        if (monthText is null)
        {
            span = new Span(Key(year, 1, 1), Key(year, 12, 31));
            return true;
        }

        if (monthText == "XX")
        {
            if (dayText is not null && dayText != "XX")
            {
                return false;
            }

            span = new Span(Key(year, 1, 1), Key(year, 12, 31));
            return true;
        }

        var month = int.Parse(monthText);
        if (month is >= 21 and <= 24)
        {
            if (dayText is not null)
            {
                return false;
            }

            span = month switch
            {
                21 => new Span(Key(year, 3, 1), Key(year, 5, 31)),
                22 => new Span(Key(year, 6, 1), Key(year, 8, 31)),
                23 => new Span(Key(year, 9, 1), Key(year, 11, 30)),
                // Winter straddles the turn of the year; allow either reading, to the last day of the next February.
                _ => new Span(Key(year, 1, 1), Key(year + 1, 2, DaysInMonth(year + 1, 2))),
            };
            return true;
        }

        if (month is < 1 or > 12)
        {
            return false;
        }

        var lastDay = DaysInMonth(year, month);
        if (dayText is null || dayText == "XX")
        {
            span = new Span(Key(year, month, 1), Key(year, month, lastDay));
            return true;
        }

        var day = int.Parse(dayText);
        if (day < 1 || day > lastDay)
        {
            return false;
        }

        span = new Span(Key(year, month, day), Key(year, month, day));
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static int Key(int year, int month, int day) => (year * 100 + month) * 100 + day;

    private readonly record struct Span(int Earliest, int Latest);

    private readonly record struct Written(int? Year, int? Month, int? Day, int? Season)
    {
        public string ToEdtf()
        {
            // Without a year there is nothing EDTF can say; the empty text fails validation upstream.
            if (Year is not { } known)
            {
                return string.Empty;
            }

            var year = known.ToString("D4");
            if (Season is { } season)
            {
                return $"{year}-{season}";
            }

            if (Month is not { } month)
            {
                return year;
            }

            return Day is { } day ? $"{year}-{month:D2}-{day:D2}" : $"{year}-{month:D2}";
        }
    }

    // Every pattern here runs on the non-backtracking engine, whose time is linear in the text: no time limit is needed.
    // A limit is measured by the clock, not by the work, and a stalled machine (a pause of the garbage collector) made a
    // date go unread without a word, or a valid date fail validation.
    [GeneratedRegex(@"^(?<year>[0-9]{4}|[0-9]{3}X|[0-9]{2}XX)(?:-(?<month>[0-9]{2}|XX)(?:-(?<day>[0-9]{2}|XX))?)?[?~%]?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex EdtfSingle();

    [GeneratedRegex("^" + Month + @"(?:\s*" + Day + @")?(?:,?\s*" + Year + ")?$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthFirst();

    [GeneratedRegex("^" + Day + @"(?:\s*(?:of\s+)?" + Month + @")?(?:,?\s*" + Year + ")?$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayFirst();

    [GeneratedRegex("^" + Season + @"(?:\s+of)?(?:,?\s*" + Year + ")?$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeasonFirst();

    [GeneratedRegex(@"^(?<year>[0-9]{4})(?:-(?<month>[0-9]{2})(?:-(?<day>[0-9]{2}))?)?$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex IsoWritten();

    [GeneratedRegex(@"^(?<day>[0-9]{1,2})\.(?<month>[0-9]{1,2})\.(?<year>[0-9]{4})$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex DottedDayFirst();

    [GeneratedRegex(@"^(?:the\s+)?(?<decade>[0-9]{3})0'?s$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DecadeWritten();

    [GeneratedRegex(@"\s*(?:[-–—]|\bto\b|\buntil\b|\bthrough\b)\s*", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RangeSeparator();

    [GeneratedRegex(
        @"\b(?:" + Day + @"\s+(?:of\s+)?" + Month + @",?\s+" + Year
        + "|" + Month + @"\s+" + Day + @",?\s+" + Year
        + @"|(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})\b"
        + "|" + Month + @",?\s+" + Year
        + "|" + Season + @"(?:\s+of)?,?\s+" + Year + ")",
        RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex WrittenDateInText();

    [GeneratedRegex(@"^(?:(?<approximate>ca?\.|circa|approx\.|approximately|about|around)|(?<uncertain>probably|possibly|perhaps))\s*", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingQualifier();

    [GeneratedRegex(@"\s*(?:\[(?<mark>\?)\]|\((?<mark>\?)\)|(?<mark>[?~%]))$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingQualifier();

    [GeneratedRegex(@"[0-9]+", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Numbers();

    [GeneratedRegex(@"^(?:[\p{L}'’.\- ]+,\s*)?[0-9]{4}$", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex LoneYearContext();

    [GeneratedRegex(@"\s+", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}

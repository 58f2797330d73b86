using System.Globalization;

namespace Catalogue.Api.Generation;

/// <summary>The kinds of date EDTF lets the catalogue say, from an exact day to "some time before 1950".</summary>
public enum DateKind
{
    Day,
    Month,
    Year,
    Uncertain,
    Approximate,
    Decade,
    Interval,
    Season,
    OpenStart,
    UncertainDay,
}

/// <summary>A document's date as written, in English or in Russian, and as EDTF.</summary>
public static class DocumentDates
{
    /// <summary>Mostly exact days, as digital archives date their documents; every other kind in every 100 records.</summary>
    public static readonly Deck<DateKind> Kinds = new("date kind",
    [
        (DateKind.Day, 50), (DateKind.Month, 10), (DateKind.Year, 8), (DateKind.Uncertain, 6), (DateKind.Approximate, 6),
        (DateKind.Decade, 5), (DateKind.Interval, 7), (DateKind.Season, 3), (DateKind.OpenStart, 2), (DateKind.UncertainDay, 3),
    ]);

    private static readonly string[] RussianMonths =
        ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"];

    /// <summary>After a day: "10 ноября".</summary>
    private static readonly string[] RussianMonthsOf =
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"];

    private static readonly string[] Seasons = ["spring", "summer", "autumn", "winter"];
    private static readonly string[] RussianSeasons = ["весна", "лето", "осень", "зима"];

    public static string EnglishMonth(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month);

    /// <summary>"10 November", as an English text names a day of the year it is in.</summary>
    public static string EnglishDay(DateOnly date) => $"{date.Day} {EnglishMonth(date.Month)}";

    /// <summary>"10 ноября", as a Russian text names a day of the year it is in.</summary>
    public static string RussianDay(DateOnly date) => $"{date.Day} {RussianMonthsOf[date.Month - 1]}";

    /// <summary>"10 ноября 1949 г."</summary>
    public static string RussianDate(DateOnly date) => $"{RussianDay(date)} {date.Year} г.";

    /// <param name="style">How an English catalogue writes an exact day: 0 "November 10, 1949" (the archive's way), 1 "10 November 1949", 2 "1949-11-10".</param>
    public static (string AsWritten, string Edtf) Written(DateKind kind, DateOnly date, bool russian, int style = 0)
    {
        var (y, m) = (date.Year, date.Month);
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var month = $"{y:D4}-{m:D2}";
        return kind switch
        {
            DateKind.Day => (russian ? RussianDate(date) : EnglishDate(date, style), day),
            DateKind.UncertainDay => ((russian ? RussianDate(date) : EnglishDate(date, style)) + " (?)", day + "?"),
            DateKind.Month => (russian ? $"{RussianMonths[m - 1]} {y} г." : $"{EnglishMonth(m)} {y}", month),
            DateKind.Year => (russian ? $"{y} г." : $"{y}", $"{y:D4}"),
            DateKind.Uncertain => (russian ? $"{y} г. (?)" : $"{y}?", $"{y:D4}?"),
            DateKind.Approximate => (russian ? $"около {y} г." : $"ca. {y}", $"{y:D4}~"),
            DateKind.Decade => (russian ? $"{y / 10}0-е гг." : $"{y / 10}0s", $"{y / 10:D3}X"),
            DateKind.Interval => Interval(y, m, russian),
            DateKind.Season => (russian ? $"{RussianSeasons[Season(m)]} {y} г." : $"{Seasons[Season(m)]} {y}", $"{y:D4}-{21 + Season(m)}"),
            DateKind.OpenStart => (russian ? $"не позднее {y} г." : $"before {y}", $"../{y:D4}"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static string EnglishDate(DateOnly date, int style = 0) => style switch
    {
        1 => $"{date.Day} {EnglishMonth(date.Month)} {date.Year}",
        2 => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => $"{EnglishMonth(date.Month)} {date.Day:D2}, {date.Year}",
    };

    /// <summary>"October-December 1949": the month and one or two after it, within the year.</summary>
    private static (string, string) Interval(int year, int month, bool russian)
    {
        var from = Math.Min(month, 11);
        var to = Math.Min(12, from + 1 + (month % 2));
        return (
            russian ? $"{RussianMonths[from - 1]}–{RussianMonths[to - 1]} {year} г." : $"{EnglishMonth(from)}-{EnglishMonth(to)} {year}",
            $"{year:D4}-{from:D2}/{year:D4}-{to:D2}");
    }

    /// <summary>Spring for March to May, and so on; December to February is winter.</summary>
    private static int Season(int month) => month switch
    {
        >= 3 and <= 5 => 0,
        >= 6 and <= 8 => 1,
        >= 9 and <= 11 => 2,
        _ => 3,
    };
}

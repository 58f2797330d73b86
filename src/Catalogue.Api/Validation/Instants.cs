using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Catalogue.Api.Validation;

/// <summary>What a day given alone, without a time, stands for where an instant is asked for.</summary>
public enum DayAlone
{
    /// <summary>Refused: an instant must be one moment, and a day alone does not say which (a record as of a day).</summary>
    Refused,

    /// <summary>Its first moment in UTC: where a span begins, or an accession date.</summary>
    Start,

    /// <summary>Its last moment in UTC, so that a span ending with the day holds the whole of it.</summary>
    End,
}

/// <summary>
/// Instants as the catalogue reads them wherever one is given (an as-of, a history's or a sweep's bounds, an import's
/// accession time): ISO 8601's extended form as RFC 3339 profiles it, a date, a time and the offset it was read at.
/// </summary>
/// <remarks>
/// .NET's own parsing reads far more than that, and guesses: <c>05/12/2026</c> as 12 May (the invariant culture's
/// month first), a time without an offset as UTC, or as the server's own time zone — so one file or one URL meant a
/// different moment on another machine, with no error. Only the form that names one moment everywhere is read.
/// </remarks>
public static partial class Instants
{
    public const string Example = "2026-11-28T09:30:00Z";

    /// <summary>The instant written in <paramref name="text"/>, or the problem with it, naming it <paramref name="name"/>.</summary>
    public static bool TryRead(string name, string text, DayAlone day, out DateTimeOffset instant, out string problem)
    {
        instant = default;
        problem = "";
        var written = Written().Match(text);
        if (!written.Success)
        {
            problem = Shape(name, day);
            return false;
        }

        if (!written.Groups["time"].Success)
        {
            // Read before any advice, which would otherwise offer another day that is none (2026-02-30T23:59:59Z).
            if (!DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problem = $"'{name}' names no day of the calendar: {text} has a month or day out of range, or the year 0000.";
                return false;
            }

            if (day == DayAlone.Refused)
            {
                problem = $"'{name}' is a day alone, which does not say which moment of it: give a time and its offset, such as {text}T23:59:59Z for the end of that day in UTC.";
                return false;
            }

            var start = new DateTimeOffset(date, TimeSpan.Zero);
            // Stored times are kept to the microsecond: the day's last one is the end a span includes.
            instant = day == DayAlone.Start ? start
                : date == DateTime.MaxValue.Date ? DateTimeOffset.MaxValue
                : start.AddDays(1).AddTicks(-TimeSpan.TicksPerMicrosecond);
            return true;
        }

        var offset = written.Groups["offset"].Value;
        if (offset.Length == 0)
        {
            problem = $"'{name}' gives no offset: {text} is a time of no time zone in particular. Add Z for UTC ({text}Z), or the offset it was read at ({text}+03:00).";
            return false;
        }

        if (offset[0] == ' ')
        {
            var escaped = text[..written.Groups["offset"].Index] + "%2B" + offset[1..];
            problem = $"'{name}' has a space where its offset's '+' should be: in a URL's query a '+' is read as a space. Write it as %2B ({escaped}), or give the time in UTC with Z.";
            return false;
        }

        var fraction = written.Groups["fraction"].Value;
        var normal = $"{written.Groups["date"].Value}T{written.Groups["hours"].Value}:{(written.Groups["seconds"].Success ? written.Groups["seconds"].Value : "00")}"
                     + (fraction.Length > 0 ? "." + fraction[..Math.Min(fraction.Length, 7)] : "")
                     + (offset is "Z" or "z" ? "+00:00" : offset);
        if (!DateTimeOffset.TryParseExact(normal, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out instant))
        {
            // Found from outside: 2016-12-31T23:59:60Z, a real second of UTC, was told it had something out of range.
            problem = written.Groups["seconds"].Value == "60"
                ? $"'{name}' gives second 60 ({Shown(text)}), which only a leap second has, and the server's clock, as most, counts none: give the second before it (:59) or the next minute's first."
                : $"'{name}' names no instant this server can hold: {Shown(text)} has a month, day, hour, minute or offset out of range, or falls outside the years 1 to 9999 in UTC.";
            return false;
        }

        return true;
    }

    private static string Shape(string name, DayAlone day) => day switch
    {
        DayAlone.Start => $"'{name}' must be an instant in ISO 8601: a date, a time and its offset, such as {Example} or 2026-11-28T12:30:00+03:00, or a day alone (2026-11-28, from its start in UTC).",
        DayAlone.End => $"'{name}' must be an instant in ISO 8601: a date, a time and its offset, such as {Example} or 2026-11-28T12:30:00+03:00, or a day alone (2026-11-28, to its end in UTC).",
        _ => $"'{name}' must be an instant in ISO 8601: a date, a time and its offset, such as {Example} or 2026-11-28T12:30:00+03:00.",
    };

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "…" : text;

    // RFC 3339's date-time (a space or a lowercase t and z allowed, as it allows), seconds optional as ISO 8601 allows;
    // an offset written " hh:mm" is a '+' a URL's query turned into a space, told as such.
    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:(?<separator>[Tt ])(?<time>(?<hours>[0-9]{2}:[0-9]{2})(?::(?<seconds>[0-9]{2})(?:\.(?<fraction>[0-9]{1,30}))?)?)(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2}| [0-9]{2}:[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Written();
}

/// <summary>
/// Reads an imported record's accession time as <see cref="Instants"/> reads any instant, a day alone as its start in
/// UTC: System.Text.Json would read a time without an offset in the server's own time zone.
/// </summary>
public sealed class AccessionInstantConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && Instants.TryRead("accessionedAt", reader.GetString()!, DayAlone.Start, out var instant, out _))
            return instant;
        // The serializer tells the field and what it must be (JsonBodyErrors), as for any value it cannot read.
        throw new JsonException();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

using Catalogue.Api.Validation;

namespace Catalogue.Tests.Validation;

/// <summary>
/// Instants as an auditor, an archivist's spreadsheet or a catalogue's lines give them: read only where they name one
/// moment everywhere. Found from outside: <c>?asOf=05/12/2026 15:00</c> was read as 12 May, a time without an offset
/// as UTC (or, in an import, as the server's own time zone), and <c>to=2026-12-05</c> left out the day it names.
/// </summary>
public sealed class when_an_instant_is_read
{
    [Theory]
    [InlineData("2026-12-05T15:14:19Z", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05t15:14:19z", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05 15:14:19Z", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05T18:14:19+03:00", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05T03:14:19-12:00", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05T15:14:19-00:00", "2026-12-05T15:14:19.0000000+00:00")]
    [InlineData("2026-12-05T15:14Z", "2026-12-05T15:14:00.0000000+00:00")]
    [InlineData("2026-12-05T15:14:19.616942Z", "2026-12-05T15:14:19.6169420+00:00")]
    [InlineData("2026-12-05T15:14:19.12345678901234Z", "2026-12-05T15:14:19.1234567+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59.0000000+00:00")]
    public void a_date_a_time_and_its_offset_name_one_moment(string text, string expected)
    {
        Assert.True(Instants.TryRead("asOf", text, DayAlone.Refused, out var instant, out var problem), problem);
        Assert.Equal(expected, instant.ToUniversalTime().ToString("O"));
    }

    [Fact]
    public void a_day_alone_is_its_start_or_its_end_in_utc_where_a_span_is_bounded()
    {
        Assert.True(Instants.TryRead("from", "2026-12-05", DayAlone.Start, out var from, out _));
        Assert.True(Instants.TryRead("to", "2026-12-05", DayAlone.End, out var to, out _));
        Assert.True(Instants.TryRead("to", "9999-12-31", DayAlone.End, out var last, out _));

        Assert.Equal("2026-12-05T00:00:00.0000000+00:00", from.ToString("O"));
        Assert.Equal("2026-12-05T23:59:59.9999990+00:00", to.ToString("O"));
        Assert.Equal(DateTimeOffset.MaxValue, last);
    }

    [Theory]
    [InlineData("05/12/2026 15:00", DayAlone.Refused, "'asOf' must be an instant in ISO 8601: a date, a time and its offset")]
    [InlineData("12/05/2026", DayAlone.Start, "or a day alone (2026-11-28, from its start in UTC)")]
    [InlineData("05.12.2026", DayAlone.End, "or a day alone (2026-11-28, to its end in UTC)")]
    [InlineData("Dec 5 2026", DayAlone.Start, "must be an instant in ISO 8601")]
    [InlineData("1733400000", DayAlone.Start, "must be an instant in ISO 8601")]
    [InlineData("20261205T151419Z", DayAlone.Refused, "must be an instant in ISO 8601")]
    [InlineData("2026-12-05T15:14:19", DayAlone.Start, "gives no offset: 2026-12-05T15:14:19 is a time of no time zone in particular. Add Z for UTC (2026-12-05T15:14:19Z)")]
    [InlineData("2026-12-05T15:14:19 03:00", DayAlone.Refused, "has a space where its offset's '+' should be: in a URL's query a '+' is read as a space. Write it as %2B (2026-12-05T15:14:19%2B03:00)")]
    [InlineData("2026-12-05", DayAlone.Refused, "is a day alone, which does not say which moment of it: give a time and its offset, such as 2026-12-05T23:59:59Z")]
    [InlineData("2026-13-05T15:14:19Z", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("2026-02-30", DayAlone.Start, "names no day of the calendar: 2026-02-30 has a month or day out of range")]
    [InlineData("2026-13-01", DayAlone.Refused, "names no day of the calendar: 2026-13-01 has a month or day out of range")]
    [InlineData("0000-12-31", DayAlone.End, "names no day of the calendar: 0000-12-31 has a month or day out of range, or the year 0000")]
    [InlineData("2026-12-05T24:00:00Z", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("2016-12-31T23:59:60Z", DayAlone.Refused, "gives second 60 (2016-12-31T23:59:60Z), which only a leap second has")]
    [InlineData("2026-12-05T23:59:61Z", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("2026-12-05T15:14:19+15:00", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("0001-01-01T00:00:00+01:00", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("9999-12-31T23:59:59-01:00", DayAlone.Refused, "names no instant this server can hold")]
    [InlineData("", DayAlone.Start, "must be an instant in ISO 8601")]
    [InlineData("2026-12-05T15:14:19Z ", DayAlone.Refused, "must be an instant in ISO 8601")]
    [InlineData("２０２６-12-05T15:14:19Z", DayAlone.Refused, "must be an instant in ISO 8601")]
    public void anything_else_is_refused_saying_what_an_instant_must_be(string text, DayAlone day, string told)
    {
        var name = day switch { DayAlone.Start => "from", DayAlone.End => "to", _ => "asOf" };

        Assert.False(Instants.TryRead(name, text, day, out _, out var problem));

        Assert.StartsWith($"'{name}' ", problem);
        Assert.Contains(told.Replace("'asOf'", $"'{name}'"), problem);
    }
}

using System.Reflection;
using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Records;

/// <summary>How dates as written become EDTF, and which EDTF values the catalogue accepts.</summary>
public static class EdtfDateTests
{
    public sealed class when_a_date_as_written_is_normalised_to_edtf
    {
        [Theory]
        // The forms the catalogue was asked to read.
        [InlineData("November 10, 1949", "1949-11-10")]
        [InlineData("December 08, 1954", "1954-12-08")]
        [InlineData("1 December 1949", "1949-12-01")]
        [InlineData("1945-10-16", "1945-10-16")]
        [InlineData("Washington, February 12, 1964, 2:29 p.m.", "1964-02-12")]
        [InlineData("1958", "1958")]
        [InlineData("ca. 1950", "1950~")]
        [InlineData("circa 1950", "1950~")]
        [InlineData("1949?", "1949?")]
        [InlineData("October 1949", "1949-10")]
        [InlineData("autumn 1949", "1949-23")]
        [InlineData("October-December 1949", "1949-10/1949-12")]
        // Dates as written in catalogue-entries.jsonl.
        [InlineData("June 22, 1954", "1954-06-22")]
        [InlineData("February 23, 1952", "1952-02-23")]
        [InlineData("December 01, 1949", "1949-12-01")]
        [InlineData("May 29, 1944", "1944-05-29")]
        [InlineData("November 29, 1950", "1950-11-29")]
        [InlineData("Washington, February 24, 1964.", "1964-02-24")]
        [InlineData("New York, July 29, 1965, 2:54 p.m.", "1965-07-29")]
        [InlineData("1944-05-19", "1944-05-19")]
        [InlineData("January 13, 1951", "1951-01-13")]
        [InlineData("December 8th 1954", "1954-12-08")]
        public void the_examples_read_as_expected(string asWritten, string expected)
        {
            Assert.True(EdtfDate.TryNormalise(asWritten, out var edtf));
            Assert.Equal(expected, edtf);
            Assert.True(EdtfDate.IsValid(edtf));
        }

        [Theory]
        [InlineData("Spring 1950", "1950-21")]
        [InlineData("summer 1950", "1950-22")]
        [InlineData("fall 1949", "1949-23")]
        [InlineData("Winter 1949", "1949-24")]
        [InlineData("autumn of 1949", "1949-23")]
        [InlineData("Sept. 3, 1950", "1950-09-03")]
        [InlineData("Jan. 5, 1950", "1950-01-05")]
        [InlineData("5 Jan 1950", "1950-01-05")]
        [InlineData("the 5th of January, 1950", "1950-01-05")]
        [InlineData("5th of January 1950", "1950-01-05")]
        [InlineData("NOVEMBER 10, 1949", "1949-11-10")]
        [InlineData("1 December, 1949", "1949-12-01")]
        [InlineData("October, 1949", "1949-10")]
        [InlineData("10.11.1949", "1949-11-10")]
        [InlineData("  November  10,\u00A01949 ", "1949-11-10")]
        [InlineData("Moscow, 1958", "1958")]
        [InlineData("[1949]", "1949")]
        [InlineData("1950s", "195X")]
        [InlineData("the 1950s", "195X")]
        public void other_common_spellings_read_too(string asWritten, string? expected)
        {
            var read = EdtfDate.TryNormalise(asWritten, out var edtf);

            if (expected is null)
            {
                Assert.False(read);
                return;
            }

            Assert.True(read);
            Assert.Equal(expected, edtf);
        }

        [Theory]
        [InlineData("c. 1950", "1950~")]
        [InlineData("approx. 1950", "1950~")]
        [InlineData("approximately 1950", "1950~")]
        [InlineData("about 1950", "1950~")]
        [InlineData("ca. October 1949", "1949-10~")]
        [InlineData("ca. 1 December 1949", "1949-12-01~")]
        [InlineData("October 1949?", "1949-10?")]
        [InlineData("1949 [?]", "1949?")]
        [InlineData("probably 1949", "1949?")]
        [InlineData("ca. 1949?", "1949%")]
        [InlineData("[1949?]", "1949?")]
        [InlineData("1950~", "1950~")]
        [InlineData("ca. 1949-1950", "1949~/1950~")]
        public void uncertainty_and_approximation_become_qualifiers(string asWritten, string expected)
        {
            Assert.True(EdtfDate.TryNormalise(asWritten, out var edtf));
            Assert.Equal(expected, edtf);
        }

        [Theory]
        [InlineData("10-12 November 1949", "1949-11-10/1949-11-12")]
        [InlineData("November 10-12, 1949", "1949-11-10/1949-11-12")]
        [InlineData("01 Feb-27 Feb, 1964", "1964-02-01/1964-02-27")]
        [InlineData("October 1949 – March 1950", "1949-10/1950-03")]
        [InlineData("October 1949 to March 1950", "1949-10/1950-03")]
        [InlineData("1 October — 3 November 1949", "1949-10-01/1949-11-03")]
        [InlineData("1949-1950", "1949/1950")]
        [InlineData("spring-summer 1950", "1950-21/1950-22")]
        [InlineData("1949-10/1949-12", "1949-10/1949-12")]
        [InlineData("../1950", "../1950")]
        public void ranges_become_intervals_sharing_what_is_written_once(string asWritten, string expected)
        {
            Assert.True(EdtfDate.TryNormalise(asWritten, out var edtf));
            Assert.Equal(expected, edtf);
        }
    }

    public sealed class when_a_written_date_cannot_be_read
    {
        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("hello world")]
        [InlineData("undated")]
        [InlineData("n.d.")]
        [InlineData("February 30, 1949")]
        [InlineData("February 29, 1949")]
        [InlineData("31 April 1950")]
        [InlineData("1949-13")]
        [InlineData("1949-02-30")]
        [InlineData("Octember 1949")]
        [InlineData("mid-1950s")]
        [InlineData("Report no. 2296/1954")]
        [InlineData("December 1950 - March 1949")]
        [InlineData("11/63–1/65")]
        [InlineData("49")]
        [InlineData("19490")]
        [InlineData("１９４９")]
        [InlineData("Meeting of 10 November 1949 and 12 November 1949")]
        public void it_is_refused_with_an_empty_result(string asWritten)
        {
            Assert.False(EdtfDate.TryNormalise(asWritten, out var edtf));
            Assert.Equal(string.Empty, edtf);
        }

        [Fact]
        public void null_is_refused_not_thrown()
        {
            Assert.False(EdtfDate.TryNormalise(null!, out var edtf));
            Assert.Equal(string.Empty, edtf);
        }

        [Fact]
        public void very_long_text_is_refused()
        {
            Assert.False(EdtfDate.TryNormalise(new string('1', 10_000), out _));
            Assert.False(EdtfDate.TryNormalise("November 10, 1949 " + new string('x', 500), out _));
        }
    }

    public sealed class when_an_edtf_value_is_validated
    {
        [Theory]
        [InlineData("1949")]
        [InlineData("0000")]
        [InlineData("1949-11")]
        [InlineData("1949-11-10")]
        [InlineData("1948-02-29")]
        [InlineData("2000-02-29")]
        [InlineData("1949-12-31")]
        [InlineData("1949-04-30")]
        [InlineData("1949?")]
        [InlineData("1949~")]
        [InlineData("1949%")]
        [InlineData("1949-11?")]
        [InlineData("1949-11-10~")]
        [InlineData("195X")]
        [InlineData("19XX")]
        [InlineData("195X?")]
        [InlineData("1949-XX")]
        [InlineData("1949-10-XX")]
        [InlineData("1949-XX-XX")]
        [InlineData("1949-21")]
        [InlineData("1949-22")]
        [InlineData("1949-23")]
        [InlineData("1949-24")]
        [InlineData("1949-23~")]
        [InlineData("1949-10/1949-12")]
        [InlineData("1949/1950")]
        [InlineData("1949-11-10/1949-11-10")]
        [InlineData("1949-10-01/1950")]
        [InlineData("1949?/1950~")]
        [InlineData("195X/1965")]
        [InlineData("1949-23/1949-09")]
        [InlineData("../1950")]
        [InlineData("1949/..")]
        [InlineData("1949-11-10/..")]
        [InlineData("/1950")]
        [InlineData("1949/")]
        public void the_level_0_and_1_forms_the_catalogue_uses_are_accepted(string edtf) =>
            Assert.True(EdtfDate.IsValid(edtf));

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData(" 1949")]
        [InlineData("1949 ")]
        [InlineData("49")]
        [InlineData("949")]
        [InlineData("19490")]
        [InlineData("-1949")]
        [InlineData("Y170000002")]
        [InlineData("1949-1")]
        [InlineData("1949-011")]
        [InlineData("1949-00")]
        [InlineData("1949-13")]
        [InlineData("1949-20")]
        [InlineData("1949-25")]
        [InlineData("1949-41")]
        [InlineData("1949-21-01")]
        [InlineData("1949-11-00")]
        [InlineData("1949-11-31")]
        [InlineData("1949-11-32")]
        [InlineData("1949-02-29")]
        [InlineData("1900-02-29")]
        [InlineData("1949-4-5")]
        [InlineData("1949/11/10")]
        [InlineData("11/10/1949")]
        [InlineData("1949-11-10T10:00:00")]
        [InlineData("1949-11-10 10:00")]
        [InlineData("195x")]
        [InlineData("195u")]
        [InlineData("1XXX")]
        [InlineData("XXXX")]
        [InlineData("1X49")]
        [InlineData("195X-10")]
        [InlineData("1949-1X")]
        [InlineData("1949-X1")]
        [InlineData("1949-10-1X")]
        [InlineData("1949-XX-10")]
        [InlineData("1949-21?-01")]
        [InlineData("1949??")]
        [InlineData("1949?~")]
        [InlineData("?1949")]
        [InlineData("~1949")]
        [InlineData("1949-?11")]
        [InlineData("1950/1949")]
        [InlineData("1949-12/1949-10")]
        [InlineData("1949-11-12/1949-11-11")]
        [InlineData("1950-21/1949")]
        [InlineData("1949/1950/1951")]
        [InlineData("../..")]
        [InlineData("/")]
        [InlineData("..")]
        [InlineData("../")]
        [InlineData("1949 / 1950")]
        [InlineData("1949..1950")]
        [InlineData("[1949..1950]")]
        [InlineData("{1949,1950}")]
        [InlineData("November 10, 1949")]
        [InlineData("ca. 1950")]
        [InlineData("１９４９")]
        [InlineData("١٩٤٩")]
        public void anything_else_is_refused(string edtf) =>
            Assert.False(EdtfDate.IsValid(edtf));

        [Fact]
        public void null_is_refused_not_thrown() =>
            Assert.False(EdtfDate.IsValid(null!));
    }

    public sealed class when_a_date_is_looked_for_in_running_text
    {
        [Theory]
        [InlineData("From the Diary of N. V. ROSHCHIN Top Secret, Copy 4, 1 December 1949", "1 December 1949", "1949-12-01")]
        [InlineData("Top Secret, Copy 4, 1 December 1949, No.110", "1 December 1949", "1949-12-01")]
        [InlineData("Washington, February 12, 1964, 2:29 p.m.", "February 12, 1964", "1964-02-12")]
        [InlineData("Report from the Ministry of Foreign Affairs to the Romanian Embassy, December 8th 1954, 4262/1954", "December 8th 1954", "1954-12-08")]
        [InlineData("sent on 1949-11-10 by courier", "1949-11-10", "1949-11-10")]
        [InlineData("written in October 1949.", "October 1949", "1949-10")]
        public void the_first_date_of_month_precision_or_better_is_found(string text, string asWritten, string edtf)
        {
            Assert.True(EdtfDate.TryFind(text, out var found, out var normalised));
            Assert.Equal(asWritten, found);
            Assert.Equal(edtf, normalised);
        }

        [Theory]
        [InlineData("")]
        [InlineData("TOP SECRET Copy Nº 1")]
        [InlineData("Excerpt from the Embassy Report no. 2296/1954")]
        [InlineData("in 1958 the embassy moved")]
        public void bare_numbers_are_not_taken_for_dates(string text)
        {
            Assert.False(EdtfDate.TryFind(text, out var found, out var edtf));
            Assert.Equal(string.Empty, found);
            Assert.Equal(string.Empty, edtf);
        }
    }

    /// <summary>The years a date can fall in: what the record list shows and a search by period will filter on.</summary>
    public sealed class when_the_years_of_a_date_are_read
    {
        [Theory]
        [InlineData("1949-11-10", 1949, 1949)]
        [InlineData("1949?", 1949, 1949)]
        [InlineData("1950~", 1950, 1950)]
        [InlineData("195X", 1950, 1959)]
        [InlineData("19XX", 1900, 1999)]
        [InlineData("1949-XX-XX", 1949, 1949)]
        [InlineData("1949-10/1950-02", 1949, 1950)]
        [InlineData("1949-24", 1949, 1950)]
        [InlineData("../1950", null, 1950)]
        [InlineData("1949-10/", 1949, null)]
        [InlineData("not a date", null, null)]
        [InlineData("1950/1949", null, null)]
        public void an_edtf_date_spans_these_years(string edtf, int? from, int? to) =>
            Assert.Equal((from, to), EdtfDate.YearRange(edtf));

        /// <summary>Found from outside: a finding aid gave winter 1949 as ending on 1950-02-29, a day that does not exist.</summary>
        [Theory]
        [InlineData("1949-24", 19490101, 19500228)]
        [InlineData("1951-24", 19510101, 19520229)]
        [InlineData("1949-23", 19490901, 19491130)]
        [InlineData("1952-02", 19520201, 19520229)]
        public void an_edtf_date_spans_these_days(string edtf, int from, int to) =>
            Assert.Equal((from, to), EdtfDate.DayRange(edtf));
    }

    /// <summary>
    /// Found from outside: a date was read under a time limit measured by the clock, so on a stalled machine (a pause of
    /// the garbage collector) the date of a page went unread without a word. Dates are read in linear time, unlimited.
    /// </summary>
    public sealed class when_a_date_is_read_on_a_stalled_machine
    {
        [Fact]
        public void no_pattern_that_reads_a_date_can_run_out_of_time()
        {
            var patterns = typeof(EdtfDate)
                .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(method => method.ReturnType == typeof(Regex) && method.GetParameters().Length == 0)
                .Select(method => (Name: method.Name, Pattern: (Regex)method.Invoke(null, null)!))
                .ToList();

            Assert.True(patterns.Count >= 10, $"only {patterns.Count} patterns found");
            Assert.All(patterns, found =>
            {
                Assert.True(found.Pattern.Options.HasFlag(RegexOptions.NonBacktracking), $"{found.Name} backtracks");
                Assert.Equal(Regex.InfiniteMatchTimeout, found.Pattern.MatchTimeout);
            });
        }
    }
}

using System.Text.RegularExpressions;
using Catalogue.Api.Imports;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Found from outside: with three nodes and their database on two cores, a page of the archive's usual shape was once
/// refused as "too irregular to read in time" — a pattern's time limit runs on the clock, and the machine had stalled
/// its reading. A client told 422 does not send it again.
/// </summary>
public sealed class when_reading_a_page_takes_too_long
{
    private static RegexMatchTimeoutException Stalled() => new("Citation", "^(?<date>.*?)", TimeSpan.FromMilliseconds(500));

    [Fact]
    public void a_reading_the_machine_stalled_once_is_tried_again_and_the_page_is_read()
    {
        var readings = 0;

        var result = ArchivePageParser.ReadPatiently(ArchivePages.Seed, text =>
        {
            if (++readings == 1) throw Stalled();
            return ArchivePageParser.Parse(text);
        });

        Assert.Equal(2, readings);
        Assert.Empty(result.Problems);
        Assert.NotNull(result.Page);
    }

    [Fact]
    public void a_page_that_times_out_again_is_refused_as_too_irregular_and_not_read_a_third_time()
    {
        var readings = 0;

        var result = ArchivePageParser.ReadPatiently(ArchivePages.Seed, _ =>
        {
            readings++;
            throw Stalled();
        });

        Assert.Equal(2, readings);
        Assert.Null(result.Page);
        Assert.Equal(["the page text is too irregular to read in time"], result.Problems);
    }
}

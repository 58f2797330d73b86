using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

/// <summary>The committed seed page, read once per test; each section's facts are in that section's file.</summary>
public sealed partial class when_the_seed_page_is_parsed
{
    private readonly ArchivePage _page;

    public when_the_seed_page_is_parsed()
    {
        var result = ArchivePageParser.Parse(ArchivePages.Seed);
        Assert.Empty(result.Problems);
        Assert.True((result.Page is not null));
        _page = result.Page;
    }

    [Fact]
    public void the_title_is_the_top_heading() =>
        Assert.Equal(
            "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949",
            _page.Title);

    [Fact]
    public void the_document_type_is_the_most_specific_one_the_title_names() =>
        Assert.Equal("Memorandum of Conversation", _page.DocumentType);

    [Fact]
    public void the_date_heading_is_the_described_date_and_the_classification_line_gives_the_created_date()
    {
        Assert.Equal(
            [
                new DocumentDate(DateRoles.Described, "November 10, 1949", "1949-11-10"),
                new DocumentDate(DateRoles.Created, "1 December 1949", "1949-12-01"),
            ],
            _page.Dates);
    }

    [Fact]
    public void the_summary_is_the_summary_paragraph() =>
        Assert.Equal(
            "Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai. Zhou Enlai speaks on behalf of Mao Zedong, "
            + "expressing the Chairman's desire to make a visit to Moscow.",
            _page.Summary);

    [Fact]
    public void every_date_is_valid_edtf() =>
        Assert.All(_page.Dates, date => Assert.True(EdtfDate.IsValid(date.Edtf), date.Edtf));

    [Fact]
    public void the_committed_copy_of_the_seed_matches_the_shared_corpus_when_it_is_there()
    {
        var shared = Path.Combine(ArchivePages.RepositoryRoot, "..", "shared", "corpus", "seed-117886.txt");
        if (File.Exists(shared))
        {
            Assert.Equal(File.ReadAllText(shared), ArchivePages.Seed);
        }
    }
}

public sealed class when_the_seed_page_is_written_with_other_decorations
{
    [Fact]
    public void plain_colon_headings_and_windows_line_endings_read_the_same()
    {
        var plain = ArchivePages.Seed
            .Replace("## **Summary:**", "Summary:")
            .Replace("#### **Credits:**", "**CREDITS**")
            .Replace("# **Original Language:**", "### Original language")
            .Replace("## **Contents:**", "Contents:")
            .Replace("## Citation:", "## **Citation**")
            .Replace("\n", "\r\n");

        var expected = ArchivePageParser.Parse(ArchivePages.Seed).Page!;
        var page = ArchivePageParser.Parse(plain).Page;

        Assert.NotNull(page);
        Assert.Equal(expected.Title, page.Title);
        Assert.Equal(expected.Dates, page.Dates);
        Assert.Equal(expected.Summary, page.Summary);
        Assert.Equal(expected.Funding, page.Funding);
        Assert.Equal(expected.OriginalLanguages, page.OriginalLanguages);
        Assert.Equal(expected.ArchiveCitation, page.ArchiveCitation);
        Assert.Equal(expected.FullCitation, page.FullCitation);
        Assert.Equal(expected.FullText, page.FullText);
        Assert.Equal(expected.Participants, page.Participants);
    }

    [Fact]
    public void a_section_repeated_further_down_does_not_replace_the_first()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Seed + "\n\n## Summary:\n\nA second summary.\n").Page!;

        Assert.StartsWith("Conversation between Soviet Ambassador Roshchin", page.Summary);
        Assert.DoesNotContain("A second summary", page.FullText!.Text);
    }

    [Fact]
    public void a_section_the_page_adds_after_the_contents_ends_the_full_text()
    {
        var page = ArchivePageParser.Parse(ArchivePages.Seed + "\n\n## Associated People & Organizations:\n\nZhou Enlai\n").Page!;

        Assert.EndsWith("USSR Ambassador to the PRC N. Roshchin", page.FullText!.Text);
    }
}

public sealed class when_a_text_is_not_an_archive_page
{
    public static TheoryData<string> NotPages => new()
    {
        "hello world",
        "",
        "   \n\n  ",
        """{ "doc_id": "117886", "title": "From the Diary of N.V. Roshchin", "citation": "AVPRF, f. 0100" }""",
        "<html><body><h1>From the Diary of N.V. Roshchin</h1></body></html>",
        "#",
        "## **Summary:**\n\nOnly a summary.",
    };

    [Theory]
    [MemberData(nameof(NotPages))]
    public void problems_name_the_missing_title_and_citation_and_no_page_is_given(string text)
    {
        var result = ArchivePageParser.Parse(text);

        Assert.False((result.Page is not null));
        Assert.Null(result.Page);
        Assert.Contains("no title heading (# ...)", result.Problems);
        Assert.Contains("no Citation section", result.Problems);
    }

    [Fact]
    public void the_seed_without_its_citation_section_names_only_the_citation()
    {
        var seed = ArchivePages.Seed;
        var start = seed.IndexOf("## Citation:", StringComparison.Ordinal);
        var end = seed.IndexOf("## **Summary:**", StringComparison.Ordinal);
        var withoutCitation = seed[..start] + seed[end..];

        var result = ArchivePageParser.Parse(withoutCitation);

        Assert.Null(result.Page);
        Assert.Equal(["no Citation section"], result.Problems);
    }

    [Fact]
    public void the_seed_without_its_title_names_only_the_title()
    {
        var withoutTitle = ArchivePages.Seed.Replace(
            "# From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949\n",
            string.Empty);

        var result = ArchivePageParser.Parse(withoutTitle);

        Assert.Null(result.Page);
        Assert.Equal(["no title heading (# ...)"], result.Problems);
    }

    [Fact]
    public void an_empty_citation_section_is_named()
    {
        var page = ArchivePages.Build(title: "Telegram", date: "May 29, 1944", citation: "   ");

        var result = ArchivePageParser.Parse(page);

        Assert.Null(result.Page);
        Assert.Equal(["the Citation section is empty"], result.Problems);
    }

    [Fact]
    public void a_citation_without_a_document_url_is_named()
    {
        var seed = ArchivePages.Seed.Replace(" https://wilson-center-digital-archive.dvincitest.com/document/117886", string.Empty);

        var result = ArchivePageParser.Parse(seed);

        Assert.Null(result.Page);
        Assert.Equal(["no document URL (https://…/document/<id>) in the Citation section"], result.Problems);
    }

    [Fact]
    public void a_date_heading_that_is_no_date_is_named_when_the_citation_gives_none_either()
    {
        var page = ArchivePages.Build(
            title: "Telegram from Nikishov to Beria",
            date: "Early 1950s",
            citation: "GA RF, f. R-9401, op. 2, d. 65, l. 166. https://digitalarchive.wilsoncenter.org/document/1");

        var result = ArchivePageParser.Parse(page);

        Assert.Null(result.Page);
        Assert.Equal(["the date heading \"Early 1950s\" cannot be normalised to EDTF"], result.Problems);
    }

    [Fact]
    public void null_gives_problems_not_an_exception()
    {
        var result = ArchivePageParser.Parse(null!);

        Assert.Null(result.Page);
        Assert.NotEmpty(result.Problems);
    }

    public static TheoryData<string> Oddities => new()
    {
        "# \n## Citation:\n",
        "# Title\n## Citation:\n\"",
        "# Title\n## Citation:\n\"\",",
        "# Title\n## Citation:\nhttps://x/document/\n",
        "# Title\n## Citation:\nhttps://x/document/%ZZ\n## Contents:\nTranslation - \n",
        "# Title\n## Citation:\n\"T\", , Digital Archive, . . https://x/document/1\n## **Original Language:**\n,;/ and \n## Contents:\nOriginal Scan\n",
        "# Conversation with\n## Citation:\nhttps://x/document/1\n## Contents:\n\n\n",
        "# Memorandum of Conversation with Ambassador\n## Citation:\nhttps://x/document/1\n## Contents:\nTop Secret\n",
        "# Letter, to\n## Citation:\nTranslated by . https://x/document/1\n#### Credits:\nwith support from the , and .\n",
        new string('#', 10_000),
        string.Concat(Enumerable.Repeat("# Title\n## Citation:\n\"a\", b, Digital Archive, f. 1. ", 2_000)),
        "\0\u0001\u0002# Title\n## Citation:\nhttps://x/document/1\n",
        "# Title\n## Citation:\n\u0007https://x/document/1\n## Contents:\n\u0007text\u0000more\u000c\n",
    };

    [Theory]
    [MemberData(nameof(Oddities))]
    public void odd_text_never_throws(string text)
    {
        var result = ArchivePageParser.Parse(text);

        Assert.True((result.Page is not null) ^ result.Problems.Count > 0);
        if (result.Page?.FullText is { } fullText)
        {
            Assert.DoesNotContain(fullText.Text, c => char.IsControl(c) && c is not '\n' and not '\t');
        }
    }
}

public sealed class when_a_page_is_damaged_or_doctored
{
    [Theory]
    [InlineData("\0# Memorandum", "The page contains a NUL character at line 1.")]
    [InlineData("\n\n## **November 10, 1949**\n\n# Memo\0randum", "The page contains a NUL character at line 5.")]
    [InlineData("\r\n\r\n# Memorandum\u0007", "The page contains the control character U+0007 at line 3.")]
    [InlineData("# Memorandum\n\u000c", "The page contains the control character U+000C at line 2.")]
    [InlineData("# Memorandum\n\u007f", "The page contains the control character U+007F at line 2.")]
    [InlineData("# Memorandum\n\u0085", "The page contains the control character U+0085 at line 2.")]
    public void a_control_character_refuses_the_page_naming_its_line(string start, string problem)
    {
        var result = ArchivePageParser.Parse(start + "\n" + ArchivePages.Build());

        Assert.Null(result.Page);
        Assert.Equal([problem], result.Problems);
    }

    /// <summary>
    /// Found from outside: the layout broke lines at U+2028 too, so a title was cut there — "From the" kept, the rest
    /// dropped, no word said. It is a space within its line, as any white space of a heading is.
    /// </summary>
    [Fact]
    public void a_unicode_line_separator_is_not_taken_for_a_line_end()
    {
        var page = ArchivePages.Build(title: "From the\u2028Diary of N.V. Roshchin", summary: "First paragraph.\u2029Second paragraph.");

        var read = ArchivePageParser.Parse(page).Page!;

        Assert.Equal("From the Diary of N.V. Roshchin", read.Title);
        Assert.Contains("Second paragraph.", read.Summary);
    }

    [Fact]
    public void tabs_and_every_kind_of_line_break_are_layout_not_damage()
    {
        var page = ArchivePages.Build(summary: "First\tparagraph.\r\nSecond paragraph.").Replace("\n", "\r\n");

        Assert.True(ArchivePageParser.Parse(page).Page is not null);
    }

    [Theory]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886", "117886")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886/", "117886")]
    [InlineData("https://wilson-center.drivingcreative.com/document/ciphered-telegram-roshchin-ussr-foreign-ministry", "ciphered-telegram-roshchin-ussr-foreign-ministry")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0", "telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0")]
    [InlineData("http://localhost:8080/document/5", "5")]
    public void the_document_id_is_read_from_the_archives_own_addresses(string url, string documentId)
    {
        var page = ArchivePageParser.Parse(ArchivePages.Build(citation: $"RGASPI, f. 17, op. 1, d. 1, l. 1. {url}")).Page!;

        Assert.Equal(documentId, page.DocumentId);
        Assert.Equal(url, page.SourceUrl);
    }

    [Theory]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/../../etc/passwd")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/-5")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/abc'--")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886%2F")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/%31%31%37")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886/../1")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886?id=1")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/Ciphered-Telegram")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/ciphered--telegram")]
    [InlineData("https://user@digitalarchive.wilsoncenter.org/document/117886")]
    [InlineData("https://digitalarchive.wilsoncenter.org/archive/document/117886")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/\u0661\u0662")]
    public void an_address_not_in_the_archives_shape_refuses_the_page_naming_it(string url)
    {
        var result = ArchivePageParser.Parse(ArchivePages.Build(citation: $"RGASPI, f. 17, op. 1, d. 1, l. 1. {url}"));

        Assert.Null(result.Page);
        Assert.StartsWith($"the document address {url} is not a Wilson Center document page", Assert.Single(result.Problems));
    }
}

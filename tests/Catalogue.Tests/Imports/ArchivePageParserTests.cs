using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

public sealed class when_the_seed_page_is_parsed
{
    private readonly ArchivePage _page;

    public when_the_seed_page_is_parsed()
    {
        var result = ArchivePageParser.Parse(Pages.Seed);
        Assert.Empty(result.Problems);
        Assert.True(result.IsRead);
        _page = result.Page;
    }

    [Fact]
    public void the_document_id_and_url_come_from_the_end_of_the_citation()
    {
        Assert.Equal("117886", _page.DocumentId);
        Assert.Equal("https://wilson-center-digital-archive.dvincitest.com/document/117886", _page.SourceUrl);
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
    public void the_full_citation_is_kept_exactly_as_written() =>
        Assert.Equal(
            "\"From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949\", "
            + "November 10, 1949, Wilson Center Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85. "
            + "Translated by David Wolff. https://wilson-center-digital-archive.dvincitest.com/document/117886",
            _page.FullCitation);

    [Fact]
    public void the_archive_citation_is_the_archive_part_of_the_full_citation() =>
        Assert.Equal(
            "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
            _page.ArchiveCitation);

    [Fact]
    public void the_summary_is_the_summary_paragraph() =>
        Assert.Equal(
            "Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai. Zhou Enlai speaks on behalf of Mao Zedong, "
            + "expressing the Chairman's desire to make a visit to Moscow.",
            _page.Summary);

    [Fact]
    public void the_funder_is_credited_with_the_note_as_written() =>
        Assert.Equal(
            [new FundingCredit("Leon Levy Foundation", "This document was made possible with support from Leon Levy Foundation")],
            _page.Funding);

    [Fact]
    public void the_original_language_is_coded() =>
        Assert.Equal([new Language("ru", "Russian")], _page.OriginalLanguages);

    [Fact]
    public void the_english_translation_is_credited_to_its_translator()
    {
        var translation = Assert.Single(_page.Translations);
        Assert.Equal("en", translation.Language);
        Assert.Equal(["David Wolff"], translation.Translators);
        Assert.Equal("Translated by David Wolff", translation.Credit);
    }

    [Fact]
    public void the_classification_is_the_mark_without_the_date() =>
        Assert.Equal("Top Secret, Copy 4", _page.Classification);

    [Fact]
    public void the_diarist_is_the_author() =>
        Assert.Equal([new Person("N.V. Roshchin", "author")], _page.Creators);

    [Fact]
    public void both_sides_of_the_conversation_are_participants_with_their_offices()
    {
        Assert.Equal(
            [
                new Person("N.V. Roshchin", "USSR Ambassador to the PRC"),
                new Person("Zhou Enlai", "Prime Minister and Foreign Minister"),
            ],
            _page.Participants);
    }

    [Fact]
    public void the_full_text_is_the_english_translation_after_the_contents_label()
    {
        var text = Assert.IsType<PageFullText>(_page.FullText);
        Assert.Equal("en", text.Language);
        Assert.Equal(TextKinds.Translation, text.Kind);
        Assert.StartsWith("From the Diary of N. V. ROSHCHIN Top Secret, Copy 4, 1 December 1949\n\nMemorandum of Conversation with", text.Text);
        Assert.EndsWith("- 5. [Roshchin requests aid in moving his embassy's materials from Nanjing to Beijing.]\n\nUSSR Ambassador to the PRC N. Roshchin", text.Text);
        Assert.DoesNotContain("Translation - English", text.Text);
        Assert.Contains("Stalin communicated an analogous position via Com. [I.V.] Kovalev in the 5 November talk.", text.Text);
    }

    [Fact]
    public void every_date_is_valid_edtf() =>
        Assert.All(_page.Dates, date => Assert.True(EdtfDate.IsValid(date.Edtf), date.Edtf));

    [Fact]
    public void the_committed_copy_of_the_seed_matches_the_shared_corpus_when_it_is_there()
    {
        var shared = Path.Combine(Pages.RepositoryRoot, "..", "shared", "corpus", "seed-117886.txt");
        if (File.Exists(shared))
        {
            Assert.Equal(File.ReadAllText(shared), Pages.Seed);
        }
    }
}

public sealed class when_the_seed_page_is_written_with_other_decorations
{
    [Fact]
    public void plain_colon_headings_and_windows_line_endings_read_the_same()
    {
        var plain = Pages.Seed
            .Replace("## **Summary:**", "Summary:")
            .Replace("#### **Credits:**", "**CREDITS**")
            .Replace("# **Original Language:**", "### Original language")
            .Replace("## **Contents:**", "Contents:")
            .Replace("## Citation:", "## **Citation**")
            .Replace("\n", "\r\n");

        var expected = ArchivePageParser.Parse(Pages.Seed).Page!;
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
        var page = ArchivePageParser.Parse(Pages.Seed + "\n\n## Summary:\n\nA second summary.\n").Page!;

        Assert.StartsWith("Conversation between Soviet Ambassador Roshchin", page.Summary);
        Assert.DoesNotContain("A second summary", page.FullText!.Text);
    }

    [Fact]
    public void a_section_the_page_adds_after_the_contents_ends_the_full_text()
    {
        var page = ArchivePageParser.Parse(Pages.Seed + "\n\n## Associated People & Organizations:\n\nZhou Enlai\n").Page!;

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

        Assert.False(result.IsRead);
        Assert.Null(result.Page);
        Assert.Contains("no title heading (# ...)", result.Problems);
        Assert.Contains("no Citation section", result.Problems);
    }

    [Fact]
    public void the_seed_without_its_citation_section_names_only_the_citation()
    {
        var seed = Pages.Seed;
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
        var withoutTitle = Pages.Seed.Replace(
            "# From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949\n",
            string.Empty);

        var result = ArchivePageParser.Parse(withoutTitle);

        Assert.Null(result.Page);
        Assert.Equal(["no title heading (# ...)"], result.Problems);
    }

    [Fact]
    public void an_empty_citation_section_is_named()
    {
        var page = Pages.Build(title: "Telegram", date: "May 29, 1944", citation: "   ");

        var result = ArchivePageParser.Parse(page);

        Assert.Null(result.Page);
        Assert.Equal(["the Citation section is empty"], result.Problems);
    }

    [Fact]
    public void a_citation_without_a_document_url_is_named()
    {
        var seed = Pages.Seed.Replace(" https://wilson-center-digital-archive.dvincitest.com/document/117886", string.Empty);

        var result = ArchivePageParser.Parse(seed);

        Assert.Null(result.Page);
        Assert.Equal(["no document URL (https://…/document/<id>) in the Citation section"], result.Problems);
    }

    [Fact]
    public void a_date_heading_that_is_no_date_is_named_when_the_citation_gives_none_either()
    {
        var page = Pages.Build(
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

        Assert.True(result.IsRead ^ result.Problems.Count > 0);
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
        var result = ArchivePageParser.Parse(start + "\n" + Pages.Build());

        Assert.Null(result.Page);
        Assert.Equal([problem], result.Problems);
    }

    [Fact]
    public void tabs_and_every_kind_of_line_break_are_layout_not_damage()
    {
        var page = Pages.Build(summary: "First\tparagraph.\r\nSecond paragraph.").Replace("\n", "\r\n");

        Assert.True(ArchivePageParser.Parse(page).IsRead);
    }

    [Theory]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886", "117886")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886/", "117886")]
    [InlineData("https://wilson-center.drivingcreative.com/document/ciphered-telegram-roshchin-ussr-foreign-ministry", "ciphered-telegram-roshchin-ussr-foreign-ministry")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0", "telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0")]
    [InlineData("http://localhost:8080/document/5", "5")]
    public void the_document_id_is_read_from_the_archives_own_addresses(string url, string documentId)
    {
        var page = ArchivePageParser.Parse(Pages.Build(citation: $"RGASPI, f. 17, op. 1, d. 1, l. 1. {url}")).Page!;

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
        var result = ArchivePageParser.Parse(Pages.Build(citation: $"RGASPI, f. 17, op. 1, d. 1, l. 1. {url}"));

        Assert.Null(result.Page);
        Assert.StartsWith($"the document address {url} is not a Wilson Center document page", Assert.Single(result.Problems));
    }
}

public sealed class when_pages_are_built_from_catalogue_entries
{
    [Fact]
    public void a_romanian_report_credits_two_funders_from_one_sentence_and_keeps_an_unread_citation_as_written()
    {
        // catalogue-entries.jsonl, doc 116502; the current site ends the citation with the document URL.
        var text = Pages.Build(
            title: "Report on the Performance of the Embassy during the First Term of 1954 (Excerpt from the Embassy Report no. 2296/1954)",
            date: "June 22, 1954",
            citation: "\"Report on the Performance of the Embassy during the First Term of 1954 (Excerpt from the Embassy Report no. 2296/1954),\" "
                + "June 22, 1954, History and Public Policy Program Digital Archive, Archive of the Romanian Ministry of Foreign Affairs (AMAE), "
                + "Year: 1954; Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People’s Republic of Korea. "
                + "Obtained and translated for NKIDP by Eliza Gheorghe. https://digitalarchive.wilsoncenter.org/document/116502",
            credits: "This document was made possible with support from the ROK Ministry of Unification, Leon Levy Foundation",
            contents: "English HTML\n\nReport body.");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("116502", page.DocumentId);
        Assert.Equal("Report", page.DocumentType);
        Assert.Equal([new DocumentDate(DateRoles.Described, "June 22, 1954", "1954-06-22")], page.Dates);
        const string note = "This document was made possible with support from the ROK Ministry of Unification, Leon Levy Foundation";
        Assert.Equal([new FundingCredit("ROK Ministry of Unification", note), new FundingCredit("Leon Levy Foundation", note)], page.Funding);
        var translation = Assert.Single(page.Translations);
        Assert.Equal(new PageTranslation("en", translation.Translators, "Obtained and translated for NKIDP by Eliza Gheorghe"), translation);
        Assert.Equal(["Eliza Gheorghe"], translation.Translators);
        Assert.Equal(
            "Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People’s Republic of Korea",
            page.ArchiveCitation);
        Assert.Empty(page.OriginalLanguages);
        Assert.Equal(new PageFullText("Report body.", "en", TextKinds.Translation), page.FullText);
    }

    [Fact]
    public void a_report_with_a_date_in_its_title_keeps_the_title_and_reads_the_zero_padded_date()
    {
        // catalogue-entries.jsonl, doc 115536.
        var text = Pages.Build(
            title: "Report from the Ministry of Foreign Affairs to the Romanian Embassy, December 8th 1954, 4262/1954",
            date: "December 08, 1954",
            citation: "\"Report from the Ministry of Foreign Affairs to the Romanian Embassy, December 8th 1954, 4262/1954,\" December 08, 1954, "
                + "History and Public Policy Program Digital Archive, Archive of the Romanian Ministry of Foreign Affairs, Year 1955; Issue 20; "
                + "Country: the Democratic People’s Republic of Korea. Obtained and translated for NKIDP by Eliza Gheorghe. "
                + "https://digitalarchive.wilsoncenter.org/document/115536");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("Report from the Ministry of Foreign Affairs to the Romanian Embassy, December 8th 1954, 4262/1954", page.Title);
        Assert.Equal([new DocumentDate(DateRoles.Described, "December 08, 1954", "1954-12-08")], page.Dates);
        Assert.Equal([new Person("Ministry of Foreign Affairs", "author")], page.Creators);
        Assert.Equal([new Person("Ministry of Foreign Affairs", "sender"), new Person("Romanian Embassy", "recipient")], page.Participants);
    }

    [Fact]
    public void a_cable_from_rgaspi_is_read_into_locators_and_credits_its_translator()
    {
        // catalogue-entries.jsonl, doc 123148.
        var text = Pages.Build(
            title: "Cable, Filippov (Stalin) to Mao Zedong",
            date: "February 23, 1952",
            citation: "\"Cable, Filippov (Stalin) to Mao Zedong,\" February 23, 1952, History and Public Policy Program Digital Archive, "
                + "RGASPI, F. 558, Op. 11, D. 342, L. 92. Translated by Mark Kramer. https://digitalarchive.wilsoncenter.org/document/123148",
            summary: "Stalin tells Mao about the Amercan use of bacteriological weapons.",
            contents: "English HTML\n\nRussian (transcription) HTML\n\nTo Comrade Mao Zedong.");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("123148", page.DocumentId);
        Assert.Equal("Cable", page.DocumentType);
        Assert.Equal([new DocumentDate(DateRoles.Described, "February 23, 1952", "1952-02-23")], page.Dates);
        Assert.Equal("RGASPI, F. 558, Op. 11, D. 342, L. 92", page.ArchiveCitation);
        var translation = Assert.Single(page.Translations);
        Assert.Equal(("en", "Translated by Mark Kramer"), (translation.Language, translation.Credit));
        Assert.Equal(["Mark Kramer"], translation.Translators);
        Assert.Equal([new Person("Filippov (Stalin)", "author")], page.Creators);
        Assert.Equal([new Person("Filippov (Stalin)", "sender"), new Person("Mao Zedong", "recipient")], page.Participants);
        Assert.Equal("Stalin tells Mao about the Amercan use of bacteriological weapons.", page.Summary);
        Assert.Equal(new PageFullText("To Comrade Mao Zedong.", "en", TextKinds.Translation), page.FullText);
        Assert.Empty(page.Funding);
    }

    [Fact]
    public void a_diary_entry_with_a_papka_without_a_space_and_a_for_cwihp_credit_is_read()
    {
        // catalogue-entries.jsonl, doc 117881.
        var text = Pages.Build(
            title: "From the Diary of N.V. Roshchin, Memorandum of Conversation with Chairman Mao Zedong on 20 October 1949",
            date: "December 01, 1949",
            citation: "\"From the Diary of N.V. Roshchin, Memorandum of Conversation with Chairman Mao Zedong on 20 October 1949,\" December 01, 1949, "
                + "History and Public Policy Program Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33. "
                + "Translated for CWIHP by David Wolff. https://digitalarchive.wilsoncenter.org/document/117881",
            credits: "This document was made possible with support from the Leon Levy Foundation",
            originalLanguage: "Russian",
            contents: "Translation - English\n\nFrom the Diary of N.V. ROSHCHIN Top Secret, Copy 4, 1 December 1949, No.110\n\n"
                + "Memorandum of Conversation with Chairman of the Central People's Government MAO ZEDONG on 20 October 1949\n\n"
                + "Ambassador N. Roshchin");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal(
            "AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33",
            page.ArchiveCitation);
        Assert.Equal(new PageTranslation("en", page.Translations[0].Translators, "Translated for CWIHP by David Wolff"), Assert.Single(page.Translations));
        Assert.Equal(["David Wolff"], page.Translations[0].Translators);
        Assert.Equal(
            [new FundingCredit("Leon Levy Foundation", "This document was made possible with support from the Leon Levy Foundation")],
            page.Funding);
        Assert.Equal("Top Secret, Copy 4", page.Classification);
        Assert.Equal(
            [
                new DocumentDate(DateRoles.Described, "December 01, 1949", "1949-12-01"),
                new DocumentDate(DateRoles.Created, "1 December 1949", "1949-12-01"),
            ],
            page.Dates);
        Assert.Equal(
            [new Person("N.V. Roshchin", "Ambassador"), new Person("Mao Zedong", "Chairman of the Central People's Government")],
            page.Participants);
    }

    [Fact]
    public void a_contributed_and_translated_credit_names_only_the_translator()
    {
        // catalogue-entries.jsonl, doc 134696.
        var text = Pages.Build(
            title: "TASS Digest Distributed to Cde. I.V. Stalin and Cde. C.M. Molotov, 'The Anti-Soviet Fabrications of a Mexican Newspaper; Etc.'",
            date: "1945-10-16",
            citation: "RGASPI, f. 558, op. 11, d. 97, ll. 67-70. Contributed by Sergey Radchenko and translated by Gary Goldberg. "
                + "https://digitalarchive.wilsoncenter.org/document/134696",
            originalLanguage: "Russian");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal([new DocumentDate(DateRoles.Described, "1945-10-16", "1945-10-16")], page.Dates);
        Assert.Equal("Digest", page.DocumentType);
        Assert.Equal("RGASPI, f. 558, op. 11, d. 97, ll. 67-70", page.ArchiveCitation);
        var translation = Assert.Single(page.Translations);
        Assert.Equal("Contributed by Sergey Radchenko and translated by Gary Goldberg", translation.Credit);
        Assert.Equal(["Gary Goldberg"], translation.Translators);
        Assert.Null(page.FullText);
    }

    [Fact]
    public void a_telegram_with_a_slug_url_and_a_published_source_reads_the_archive_part_before_the_book()
    {
        // catalogue-entries.jsonl, the Nikishov telegram (no numeric id on the site).
        var text = Pages.Build(
            title: "Telegram from Nikishov to Beria - Henry A. Wallace’s visit to the city of Magadan",
            date: "May 29, 1944",
            citation: "State Archive of the Russian Federation (GA RF), Fond R-9401, Opis’ 2, Delo 65, List 166. Published as Document no. 123 in "
                + "Kokurin and Morukov, ''Stalinskie stroiki GULAGa 1930-1953'' [Stalin’s Construction Sites of the GULAG] (Moscow: Materik, 2005), 464. "
                + "Obtained and translated for CWIHP by Vadim J. Birstein. "
                + "https://digitalarchive.wilsoncenter.org/document/telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0",
            credits: "This document was made possible with support from Blavatnik Family Foundation");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("telegram-nikishov-beria-henry-wallaces-visit-city-magadan-0", page.DocumentId);
        Assert.Equal("Telegram", page.DocumentType);
        Assert.Equal(
            "State Archive of the Russian Federation (GA RF), Fond R-9401, Opis’ 2, Delo 65, List 166",
            page.ArchiveCitation);
        Assert.Equal(["Vadim J. Birstein"], Assert.Single(page.Translations).Translators);
        Assert.Equal("Blavatnik Family Foundation", Assert.Single(page.Funding).Funder);
        Assert.Equal([new Person("Nikishov", "sender"), new Person("Beria", "recipient")], page.Participants);
    }

    [Theory]
    [InlineData("Translated and edited by Sergey Radchenko, Gary Goldberg, and David Wolff.", new[] { "Sergey Radchenko", "Gary Goldberg", "David Wolff" })]
    [InlineData("translated and edited by Sergey Radchenko, Gary Goldberg and David Wolff.", new[] { "Sergey Radchenko", "Gary Goldberg", "David Wolff" })]
    [InlineData("Translated by James F. Person.", new[] { "James F. Person" })]
    [InlineData("Translated by Gary Goldberg and Sergey Radchenko.", new[] { "Gary Goldberg", "Sergey Radchenko" })]
    [InlineData("Translated by Gary Goldberg and edited by Sergey Radchenko.", new[] { "Gary Goldberg" })]
    [InlineData("Translated by Gary Goldberg for CWIHP.", new[] { "Gary Goldberg" })]
    [InlineData("Obtained and translated for NKIDP by Eliza Gheorghe.", new[] { "Eliza Gheorghe" })]
    public void translation_credits_name_each_translator(string credit, string[] translators)
    {
        var text = Pages.Build(
            title: "Telegram from Shtykov to the USSR First Deputy Minister of Foreign Affairs",
            date: "November 29, 1950",
            citation: "TsAMO RF, fond 5, opis 918795, delo 124, list 429. " + credit + " https://digitalarchive.wilsoncenter.org/document/2");

        var page = ArchivePageParser.Parse(text).Page!;

        var translation = Assert.Single(page.Translations);
        Assert.Equal(translators, translation.Translators);
        Assert.Equal(credit.TrimEnd('.'), translation.Credit);
    }

    [Fact]
    public void a_translation_credit_in_the_credits_section_counts_too()
    {
        var text = Pages.Build(
            title: "Letter from Kim Il Sung to Stalin",
            date: "March 1949",
            citation: "\"Letter from Kim Il Sung to Stalin\", March 1949, Wilson Center Digital Archive, APRF, f. 45, op. 1, d. 346, ll. 10-12. "
                + "https://digitalarchive.wilsoncenter.org/document/3",
            credits: "Translated for NKIDP by James F. Person.\nThis document was made possible with support from the Korea Foundation and the MacArthur Foundation.");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal([new DocumentDate(DateRoles.Described, "March 1949", "1949-03")], page.Dates);
        Assert.Equal(["James F. Person"], Assert.Single(page.Translations).Translators);
        Assert.Equal(["Korea Foundation", "MacArthur Foundation"], page.Funding.Select(funding => funding.Funder));
        Assert.Equal("Letter", page.DocumentType);
    }

    [Fact]
    public void without_a_date_heading_the_date_in_the_citation_is_used()
    {
        var text = Pages.Build(
            title: "Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]",
            date: null,
            citation: "\"Ciphered Telegram No. 25553, Roshchin to Filippov [Stalin]\", October 12, 1950, Wilson Center Digital Archive, "
                + "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141. Translated by Gary Goldberg. "
                + "https://digitalarchive.wilsoncenter.org/document/ciphered-telegram-no-25553-roshchin-filippov-stalin");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal([new DocumentDate(DateRoles.Described, "October 12, 1950", "1950-10-12")], page.Dates);
        Assert.Equal("Ciphered Telegram", page.DocumentType);
        Assert.Equal("AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141", page.ArchiveCitation);
        Assert.Equal([new Person("Roshchin", "sender"), new Person("Filippov [Stalin]", "recipient")], page.Participants);
    }

    [Theory]
    [InlineData("ca. 1950", "1950~")]
    [InlineData("1958", "1958")]
    [InlineData("Autumn 1949", "1949-23")]
    [InlineData("October-December 1949", "1949-10/1949-12")]
    [InlineData("1949?", "1949?")]
    public void uncertain_and_partial_date_headings_are_kept_as_written(string heading, string edtf)
    {
        var text = Pages.Build(title: "Memorandum", date: heading, citation: "RGASPI, f. 17, op. 1, d. 1, l. 1. https://digitalarchive.wilsoncenter.org/document/4");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal([new DocumentDate(DateRoles.Described, heading, edtf)], page.Dates);
    }
}

public sealed class when_a_page_names_its_languages_and_contents
{
    [Theory]
    [InlineData("Russian", "ru")]
    [InlineData("Chinese", "zh")]
    [InlineData("English", "en")]
    [InlineData("German", "de")]
    [InlineData("Hungarian", "hu")]
    [InlineData("Romanian", "ro")]
    [InlineData("Polish", "pl")]
    [InlineData("Korean", "ko")]
    [InlineData("Japanese", "ja")]
    [InlineData("Vietnamese", "vi")]
    [InlineData("French", "fr")]
    [InlineData("Czech", "cs")]
    [InlineData("Bulgarian", "bg")]
    [InlineData("Mongolian", "mn")]
    [InlineData("Serbian", "sr")]
    [InlineData("Albanian", "sq")]
    [InlineData("russian", "ru")]
    [InlineData("Klingon", "und")]
    public void language_names_become_iso_639_codes_and_keep_their_name(string name, string code)
    {
        var page = ArchivePageParser.Parse(Pages.Build(originalLanguage: name)).Page!;

        Assert.Equal([new Language(code, name)], page.OriginalLanguages);
    }

    [Fact]
    public void several_languages_are_each_coded()
    {
        var page = ArchivePageParser.Parse(Pages.Build(originalLanguage: "Russian, Chinese\nKorean")).Page!;

        Assert.Equal([new Language("ru", "Russian"), new Language("zh", "Chinese"), new Language("ko", "Korean")], page.OriginalLanguages);
    }

    [Theory]
    [InlineData("Original - Russian", "ru", "original")]
    [InlineData("Transcript - Russian", "ru", "original")]
    [InlineData("Translation - English", "en", "translation")]
    [InlineData("Translation: German", "de", "translation")]
    [InlineData("Original Scan\n\nTranslation - English", "en", "translation")]
    [InlineData("Russian HTML", "ru", "original")]
    [InlineData("English HTML", "en", "translation")]
    public void the_contents_label_says_which_text_and_language_follow(string label, string language, string kind)
    {
        var page = ArchivePageParser.Parse(Pages.Build(originalLanguage: "Russian", contents: label + "\n\nThe text.")).Page!;

        Assert.Equal(new PageFullText("The text.", language, kind), page.FullText);
    }

    [Fact]
    public void an_unlabelled_text_of_an_english_original_is_the_original()
    {
        var page = ArchivePageParser.Parse(Pages.Build(originalLanguage: "English", contents: "The text.")).Page!;

        Assert.Equal(new PageFullText("The text.", "en", TextKinds.Original), page.FullText);
    }

    [Fact]
    public void a_translation_into_another_language_is_credited_in_that_language()
    {
        var text = Pages.Build(
            citation: "RGASPI, f. 17, op. 1, d. 1, l. 1. Translated by Anna Schmidt. https://digitalarchive.wilsoncenter.org/document/5",
            contents: "Translation - German\n\nDer Text.");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal("de", Assert.Single(page.Translations).Language);
    }
}

public sealed class when_a_page_title_names_its_kind_of_document
{
    [Theory]
    [InlineData("From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949", "Memorandum of Conversation")]
    [InlineData("Record of Conversation between Kim Il Sung and Ambassador Puzanov", "Record of Conversation")]
    [InlineData("Memorandum for the Record", "Memorandum for the Record")]
    [InlineData("Ciphered telegram, Roshchin to USSR Foreign Ministry", "Ciphered Telegram")]
    [InlineData("Telegram From the Central Intelligence Agency to the Station in Saigon", "Telegram")]
    [InlineData("Cable, Filippov (Stalin) to Mao Zedong", "Cable")]
    [InlineData("Letter From the Assistant Secretary of State for Far Eastern Affairs (Bundy) to the Assistant Secretary of Defense", "Letter")]
    [InlineData("Memorandum From Director of Central Intelligence Helms to President Johnson", "Memorandum")]
    [InlineData("Report on the Performance of the Embassy during the First Term of 1954", "Report")]
    [InlineData("Minutes of the Politburo Meeting", "Minutes")]
    [InlineData("Diary of Soviet Ambassador Puzanov for 1957", "Diary")]
    [InlineData("Djilas's First Conversation with Stalin", "Document")]
    [InlineData("Newsletter of the Reporters' Union", "Document")]
    public void the_most_specific_kind_is_chosen(string title, string documentType)
    {
        var page = ArchivePageParser.Parse(Pages.Build(title: title)).Page!;

        Assert.Equal(documentType, page.DocumentType);
    }

    [Fact]
    public void the_telegram_from_one_office_to_another_names_sender_and_recipient()
    {
        var page = ArchivePageParser.Parse(Pages.Build(title: "Telegram From the Central Intelligence Agency to the Station in Saigon")).Page!;

        Assert.Equal([new Person("Central Intelligence Agency", "author")], page.Creators);
        Assert.Equal([new Person("Central Intelligence Agency", "sender"), new Person("Station in Saigon", "recipient")], page.Participants);
    }

    [Theory]
    [InlineData("Telegram From the Mission to the United Nations to the Department of State", "Mission to the United Nations", "Department of State")]
    [InlineData("Letter from Kim Il Sung to the Soviet Ambassador to the DPRK", "Kim Il Sung", "Soviet Ambassador to the DPRK")]
    [InlineData("Memorandum From Director of Central Intelligence Helms to President Johnson", "Director of Central Intelligence Helms", "President Johnson")]
    [InlineData("Telegram from Nikishov to Beria - Henry A. Wallace’s visit to the city of Magadan", "Nikishov", "Beria")]
    public void a_to_that_belongs_to_an_office_does_not_split_sender_from_recipient(string title, string sender, string recipient)
    {
        var page = ArchivePageParser.Parse(Pages.Build(title: title)).Page!;

        Assert.Equal([new Person(sender, "sender"), new Person(recipient, "recipient")], page.Participants);
    }

    [Fact]
    public void a_record_of_conversation_between_two_people_names_both()
    {
        var page = ArchivePageParser.Parse(Pages.Build(title: "Record of Conversation between Premier Kim Il Sung and Ambassador Puzanov")).Page!;

        Assert.Empty(page.Creators);
        Assert.Equal([new Person("Kim Il Sung", "Premier"), new Person("Puzanov", "Ambassador")], page.Participants);
    }
}

/// <summary>Page texts for the tests: the committed seed, and pages built in the seed's layout.</summary>
file static class Pages
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Seed =>
        File.ReadAllText(Path.Combine(RepositoryRoot, "tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt"));

    public static string Build(
        string title = "Memorandum",
        string? date = "November 10, 1949",
        string citation = "RGASPI, f. 17, op. 1, d. 1, l. 1. https://digitalarchive.wilsoncenter.org/document/1",
        string? summary = null,
        string? credits = null,
        string? originalLanguage = null,
        string? contents = null)
    {
        var page = new List<string> { string.Empty };
        if (date is not null)
        {
            page.AddRange([$"## **{date}**", string.Empty]);
        }

        page.AddRange([$"# {title}", string.Empty, "## Citation:", string.Empty, citation, string.Empty]);
        if (summary is not null)
        {
            page.AddRange(["## **Summary:**", string.Empty, summary, string.Empty]);
        }

        if (credits is not null)
        {
            page.AddRange(["#### **Credits:**", string.Empty, credits, string.Empty]);
        }

        if (originalLanguage is not null)
        {
            page.AddRange(["# **Original Language:**", string.Empty, originalLanguage, string.Empty]);
        }

        if (contents is not null)
        {
            page.AddRange(["## **Contents:**", string.Empty, contents]);
        }

        return string.Join('\n', page);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Catalogue.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Catalogue.sln.");
    }
}

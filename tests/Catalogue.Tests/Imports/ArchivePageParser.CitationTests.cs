using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

public sealed partial class when_the_seed_page_is_parsed
{
    [Fact]
    public void the_document_id_and_url_come_from_the_end_of_the_citation()
    {
        Assert.Equal("117886", _page.DocumentId);
        Assert.Equal("https://wilson-center-digital-archive.dvincitest.com/document/117886", _page.SourceUrl);
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
    public void the_funder_is_credited_with_the_note_as_written() =>
        Assert.Equal(
            [new FundingCredit("Leon Levy Foundation", "This document was made possible with support from Leon Levy Foundation")],
            _page.Funding);

    [Fact]
    public void the_english_translation_is_credited_to_its_translator()
    {
        var translation = Assert.Single(_page.Translations);
        Assert.Equal("en", translation.Language);
        Assert.Equal(["David Wolff"], translation.Translators);
        Assert.Equal("Translated by David Wolff", translation.Credit);
    }
}

public sealed class when_pages_are_built_from_catalogue_entries
{
    [Fact]
    public void a_romanian_report_credits_two_funders_from_one_sentence_and_keeps_an_unread_citation_as_written()
    {
        // catalogue-entries.jsonl, doc 116502; the current site ends the citation with the document URL.
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(
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
        var text = ArchivePages.Build(title: "Memorandum", date: heading, citation: "RGASPI, f. 17, op. 1, d. 1, l. 1. https://digitalarchive.wilsoncenter.org/document/4");

        var page = ArchivePageParser.Parse(text).Page!;

        Assert.Equal([new DocumentDate(DateRoles.Described, heading, edtf)], page.Dates);
    }
}

public sealed class when_a_citation_ends_in_credits
{
    private static ArchivePage Citing(string reference, string credits, string? creditsSection = null) =>
        ArchivePageParser.Parse(ArchivePages.Build(
            citation: $"\"Memorandum\", November 10, 1949, Wilson Center Digital Archive, {reference}. {credits} https://digitalarchive.wilsoncenter.org/document/1",
            credits: creditsSection)).Page!;

    public static TheoryData<string, string, string[], string[]> Shapes => new()
    {
        { "RGASPI, f.17, op.128, d.1019", "Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator.", ["B. Translator"], ["obtained: A. N. Other"] },
        { "AVPRF fond 07, opis 23, delo 18, p.5-12", "Translated for NKIDP by C. Translator.", ["C. Translator"], [] },
        { "RGASPI, f. 3, op. 65, d. 775, ll. 12-15", "Contributed by Sergey Radchenko and translated by Gary Goldberg.", ["Gary Goldberg"], ["contributed: Sergey Radchenko"] },
        { "AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33", "Obtained and translated for NKIDP by Eliza Gheorghe.", ["Eliza Gheorghe"], ["obtained: Eliza Gheorghe"] },
        { "RGASPI, f.17, op.128, d.1019", "Translated by David Wolff.", ["David Wolff"], [] },
        { "RGASPI, f.17, op.128, d.1019", "Obtained by A. N. Other and contributed by C. Donor. Translated by B. Translator.", ["B. Translator"], ["obtained: A. N. Other", "contributed: C. Donor"] },
        { "RGASPI, f.17, op.128, d.1019", "Made available by the Open Society Archives and translated by B. Translator.", ["B. Translator"], ["provided: Open Society Archives"] },
    };

    [Theory, MemberData(nameof(Shapes))]
    public void the_reference_ends_where_the_credits_begin_and_each_person_keeps_their_role(string reference, string credits, string[] translators, string[] acquisitions)
    {
        var page = Citing(reference, credits);

        Assert.Equal(reference, page.ArchiveCitation);
        Assert.Equal(translators, page.Translations.SelectMany(t => t.Translators));
        Assert.Equal(acquisitions, page.Acquisitions.Select(a => $"{a.Role}: {string.Join(", ", a.People)}"));
        Assert.All(page.Translations.Concat<object>(page.Acquisitions), credit => Assert.DoesNotContain(reference, credit.ToString()));
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void an_editor_named_with_the_translator_stays_in_the_credit_line_without_a_credit_of_their_own()
    {
        var page = Citing("RGASPI, f. 558, op. 11, d. 342, l. 92", "Translated by Gary Goldberg and edited by Sergey Radchenko.");

        Assert.Equal(new PageTranslation("en", page.Translations[0].Translators, "Translated by Gary Goldberg and edited by Sergey Radchenko"), Assert.Single(page.Translations));
        Assert.Equal(["Gary Goldberg"], page.Translations[0].Translators);
        Assert.Empty(page.Acquisitions);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void a_credit_in_the_credits_section_is_read_like_one_in_the_citation()
    {
        var page = Citing("RGASPI, f. 558, op. 11, d. 342, l. 92", "Translated by Mark Kramer.", creditsSection: "Obtained for CWIHP by Vladislav Zubok.\nThis document was made possible with support from the Leon Levy Foundation.");

        var obtained = Assert.Single(page.Acquisitions);
        Assert.Equal(("obtained", "Obtained for CWIHP by Vladislav Zubok"), (obtained.Role, obtained.Credit));
        Assert.Equal(["Vladislav Zubok"], obtained.People);
        Assert.Equal("Leon Levy Foundation", Assert.Single(page.Funding).Funder);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void a_credit_sentence_that_gives_nothing_is_named_with_where_it_was()
    {
        var page = Citing("GA RF, f. R-9401, op. 2, d. 65, l. 166", "Published as Document no. 123 in Kokurin and Morukov (Moscow: Materik, 2005), 464. Edited by A. Editor.", creditsSection: "Scanned at the Hoover Institution.");

        Assert.Equal("GA RF, f. R-9401, op. 2, d. 65, l. 166", page.ArchiveCitation);
        Assert.Equal(
            [
                "not understood in the citation: \"Published as Document no. 123 in Kokurin and Morukov (Moscow: Materik, 2005), 464\" (kept in the source citation only)",
                "not understood in the citation: \"Edited by A. Editor\" (kept in the source citation only)",
                "not understood in the Credits section: \"Scanned at the Hoover Institution\" (not recorded)",
            ],
            page.Warnings);
    }

    [Fact]
    public void a_credited_name_that_is_no_name_is_left_out_and_named()
    {
        var page = Citing("RGASPI, f. 558, op. 11, d. 342, l. 92", "Translated by 3 students and Mark Kramer.");

        Assert.Equal(["Mark Kramer"], Assert.Single(page.Translations).Translators);
        Assert.Contains(page.Warnings, w => w.Contains("\"3 students\"", StringComparison.Ordinal));
    }

    [Fact]
    public void what_the_parser_cannot_read_in_the_reference_is_named_and_the_reference_kept_as_written()
    {
        var unread = Citing("RGASPI, f. 558, op. 11, d. 342, ll. 92-93; and a second copy in the editor's papers", "Translated by Mark Kramer.");
        var unreadable = Citing("In the possession of the translator", "Translated by Mark Kramer.");

        Assert.Equal("RGASPI, f. 558, op. 11, d. 342, ll. 92-93; and a second copy in the editor's papers", unread.ArchiveCitation);
        Assert.Contains("\"and a second copy in the editor's papers\"", Assert.Single(unread.Warnings));
        Assert.Equal("In the possession of the translator", unreadable.ArchiveCitation);
        Assert.Equal(["the archive reference \"In the possession of the translator\" could not be read into locators: it is recorded as written"], unreadable.Warnings);
    }

    [Fact]
    public void a_published_source_read_on_after_its_translators_credit_is_one_reference()
    {
        // catalogue-entries.jsonl, doc 209833: the translator's credit stands inside the book's description.
        var page = ArchivePageParser.Parse(ArchivePages.Build(
            title: "Djilas's First Conversation with Stalin",
            citation: "Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387. "
                + "https://digitalarchive.wilsoncenter.org/document/209833")).Page!;

        Assert.Equal("Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387", page.ArchiveCitation);
        Assert.Equal(["Michael B. Petrovich"], Assert.Single(page.Translations).Translators);
        Assert.Empty(page.Warnings);
    }

    [Fact]
    public void the_seed_page_says_nothing_the_catalogue_does_not_take() =>
        Assert.Empty(ArchivePageParser.Parse(ArchivePages.Seed).Page!.Warnings);
}

using Catalogue.Citations.Tests.Support;
using static Catalogue.Citations.Tests.Support.Parsed;

namespace Catalogue.Citations.Tests;

/// <summary>Fond, opis, delo, poryadok, papka and folios, however they are abbreviated, spelled, cased or spaced.</summary>
public class when_reading_russian_citations
{
    [Theory]
    [InlineData("f. 558, op. 11, d. 342, ll. 92")]
    [InlineData("F. 558, Op. 11, D. 342, L. 92")]
    [InlineData("f.558, op.11, d.342, ll.92")]
    [InlineData("f 558, op 11, d 342, ll 92")]
    [InlineData("f. 558 op. 11 d. 342 ll. 92")]
    [InlineData("Fond 558, Opis 11, Delo 342, List 92")]
    [InlineData("fond 558, opis 11, delo 342, listy 92")]
    [InlineData("Fond 558, Opis’ 11, Delo 342, Listy 92")]
    [InlineData("Fond 558, Opis' 11, Delo 342, List 92")]
    [InlineData("Ф. 558. Оп. 11. Д. 342. Л. 92")]
    [InlineData("ф. 558, оп. 11, д. 342, л. 92")]
    [InlineData("Фонд 558, опись 11, дело 342, лист 92")]
    public void abbreviations_in_any_case_and_spacing_give_the_same_locators(string citation)
    {
        var reference = Only(citation);

        Assert.Equal(new ParsedReference { Fond = "558", Opis = "11", Delo = "342", Folios = "92", Raw = citation }, reference);
    }

    [Fact]
    public void abbreviations_without_spaces_keep_leading_zeros()
    {
        Assert.Equal(
            new ParsedReference { Fond = "1", Opis = "89", Delo = "106", Folios = "0055", Raw = "f.1, op.89, d.106, ll.0055" },
            Only("f.1, op.89, d.106, ll.0055"));
    }

    [Fact]
    public void the_foreign_policy_archive_adds_poryadok_and_papka()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "AVPRF",
                RepositoryAsWritten = "AVPRF",
                RepositoryKnown = true,
                Fond = "0100",
                Opis = "42",
                Poryadok = "19",
                Papka = "288",
                Folios = "81-85",
                Raw = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
            },
            Only("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85"));
    }

    [Fact]
    public void papka_may_be_written_without_a_space_or_spelled_out()
    {
        Assert.Equal("288", Only("AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33").Papka);
        Assert.Equal("11", Only("AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13").Papka);
        Assert.Equal("19", Only("АВП РФ, Ф. 0100, Оп. 42, Пор. 19, Пап. 288, Лл. 81-85").Poryadok);
    }

    [Fact]
    public void p_before_the_delo_is_the_papka()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "AVPRF",
                RepositoryAsWritten = "AVPRF",
                RepositoryKnown = true,
                Fond = "06",
                Opis = "9",
                Papka = "18",
                Delo = "232",
                Raw = "AVPRF, f. 06, op. 9, p. 18, d. 232",
            },
            Only("AVPRF, f. 06, op. 9, p. 18, d. 232"));
    }

    [Fact]
    public void p_after_the_delo_is_pages()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "AVPRF",
                RepositoryAsWritten = "AVPRF",
                RepositoryKnown = true,
                Fond = "5",
                Opis = "1",
                Delo = "7",
                Pages = "16-42",
                Raw = "AVPRF, fond 5, opis 1, delo 7, p.16-42",
            },
            Only("AVPRF, fond 5, opis 1, delo 7, p.16-42"));
    }

    [Theory]
    [InlineData("Fond 0100, Opis 42, Delo 7", "0100", "42", "7")]
    [InlineData("Fond 059a, Opis 5a, Delo 5", "059a", "5a", "5")]
    [InlineData("Fond R-9401, Opis 2, Delo 65", "R-9401", "2", "65")]
    [InlineData("Ф. Р-9401. Оп. 2. Д. 65", "Р-9401", "2", "65")]
    [InlineData("f. 17, op. 3, d. 1043a", "17", "3", "1043a")]
    [InlineData("f. 89, op. 43, d. 5/1", "89", "43", "5/1")]
    public void identifiers_are_kept_as_written(string citation, string fond, string opis, string delo)
    {
        var reference = Only(citation);

        Assert.Equal((fond, opis, delo), (reference.Fond, reference.Opis, reference.Delo));
    }

    [Theory]
    [InlineData("f. 17, op. 162, d. 5, l. 12 ob.", "12ob")]
    [InlineData("f. 17, op. 162, d. 5, l. 12ob", "12ob")]
    [InlineData("f. 17, op. 162, d. 5, ll. 92-93 ob.", "92-93ob")]
    [InlineData("f. 17, op. 162, d. 5, ll. 92-93ob", "92-93ob")]
    [InlineData("f. 17, op. 162, d. 5, ll. 2-2 ob.", "2-2ob")]
    [InlineData("f. 17, op. 162, d. 5, ll. 12ob-13", "12ob-13")]
    [InlineData("f. 17, op. 162, d. 5, ll. 81 – 85", "81-85")]
    [InlineData("f. 17, op. 162, d. 5, ll. 81—85", "81-85")]
    [InlineData("f. 17, op. 162, d. 5, ll. 12, 14-15, 17ob", "12, 14-15, 17ob")]
    [InlineData("f. 17, op. 162, d. 5, ll. 12 and 14", "12, 14")]
    [InlineData("f. 17, op. 162, d. 5, ll. 0141", "0141")]
    [InlineData("f. 17, op. 162, d. 5, l. 141", "141")]
    [InlineData("f. 17, op. 162, d. 5, ll. 12a-13", "12a-13")]
    [InlineData("Ф. 5. Оп. 30. Д. 335. Лл. 92-93 об.", "92-93ob")]
    public void folios_are_tidied_with_their_versos(string citation, string folios)
    {
        Assert.Equal(folios, Only(citation).Folios);
    }

    [Fact]
    public void a_cyrillic_citation_with_periods_between_locators_is_one_reference()
    {
        Assert.Equal(
            new ParsedReference { Fond = "5", Opis = "30", Delo = "335", Folios = "92-93ob", Raw = "Ф. 5. Оп. 30. Д. 335. Л. 92-93 об." },
            Only("Ф. 5. Оп. 30. Д. 335. Л. 92-93 об."));
    }

    [Fact]
    public void a_cyrillic_repository_resolves_to_its_code()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "AVPRF",
                RepositoryAsWritten = "АВП РФ",
                RepositoryKnown = true,
                Fond = "0100",
                Opis = "42",
                Poryadok = "19",
                Papka = "288",
                Folios = "81-85",
                Raw = "АВП РФ. Ф. 0100. Оп. 42. Пор. 19. Пап. 288. Лл. 81-85",
            },
            Only("АВП РФ. Ф. 0100. Оп. 42. Пор. 19. Пап. 288. Лл. 81-85"));
    }

    [Fact]
    public void two_archives_joined_by_semicolon_and_are_two_references()
    {
        var parse = CitationParser.Parse("AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141");

        Assert.Equal(
        [
            new ParsedReference
            {
                Repository = "APRF", RepositoryAsWritten = "AP RF", RepositoryKnown = true,
                Fond = "45", Opis = "1", Delo = "334", Folios = "141", Raw = "AP RF, f. 45, op. 1, d. 334, l. 141",
            },
            new ParsedReference
            {
                Repository = "RGASPI", RepositoryAsWritten = "RGASPI", RepositoryKnown = true,
                Fond = "558", Opis = "11", Delo = "334", Folios = "0141", Raw = "RGASPI, f. 558, op. 11, d. 334, ll. 0141",
            },
        ], parse.References);
        Assert.Empty(parse.Unparsed);
    }

    [Theory]
    [InlineData("GARF, f. 1, op. 2, d. 3 and AVPRF, f. 4, op. 5, d. 6")]
    [InlineData("GARF, f. 1, op. 2, d. 3; AVPRF, f. 4, op. 5, d. 6")]
    [InlineData("GARF, f. 1, op. 2, d. 3, AVPRF, f. 4, op. 5, d. 6")]
    [InlineData("GARF, f. 1, op. 2, d. 3. AVPRF, f. 4, op. 5, d. 6.")]
    public void a_second_archive_starts_a_second_reference(string citation)
    {
        var parse = CitationParser.Parse(citation);

        Assert.Equal(["GARF", "AVPRF"], parse.References.Select(r => r.Repository));
        Assert.Equal(["1", "4"], parse.References.Select(r => r.Fond));
        Assert.Equal(["GARF, f. 1, op. 2, d. 3", "AVPRF, f. 4, op. 5, d. 6"], parse.References.Select(r => r.Raw));
        Assert.Empty(parse.Unparsed);
    }

    [Fact]
    public void a_repeated_fond_without_a_repository_starts_a_second_reference()
    {
        var parse = CitationParser.Parse("f. 1, op. 2, d. 3; f. 4, op. 5, d. 6");

        Assert.Equal(["f. 1, op. 2, d. 3", "f. 4, op. 5, d. 6"], parse.References.Select(r => r.Raw));
        Assert.All(parse.References, r => Assert.Null(r.Repository));
    }

    [Fact]
    public void a_bare_second_archive_after_and_is_a_reference_of_its_own()
    {
        var parse = CitationParser.Parse("GARF, f. R-9401, op. 2, d. 65, l. 166 and RGASPI");

        Assert.Equal(
            new ParsedReference { Repository = "RGASPI", RepositoryAsWritten = "RGASPI", RepositoryKnown = true, Raw = "RGASPI" },
            parse.References[1]);
        Assert.Equal(2, parse.References.Count);
    }

    [Fact]
    public void a_partial_reference_keeps_its_note_as_unparsed_with_a_reason()
    {
        var parse = CitationParser.Parse("APRF, Listy 146-147, Fond and Opis not given");

        Assert.Equal(
            [new ParsedReference { Repository = "APRF", RepositoryAsWritten = "APRF", RepositoryKnown = true, Folios = "146-147", Raw = "APRF, Listy 146-147" }],
            parse.References);
        Assert.Equal([Fragment("Fond and Opis not given", UnparsedReasons.NotGiven)], parse.Unparsed);
    }

    [Fact]
    public void a_credit_after_the_reference_is_kept_as_unparsed()
    {
        var parse = CitationParser.Parse("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85. Translated by David Wolff.");

        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", Assert.Single(parse.References).Raw);
        Assert.Equal([Fragment("Translated by David Wolff.", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void an_unknown_repository_is_kept_as_written_and_flagged()
    {
        Assert.Equal(
            new ParsedReference
            {
                Repository = "Central State Archive of Somewhere",
                RepositoryAsWritten = "Central State Archive of Somewhere",
                RepositoryKnown = false,
                Fond = "1",
                Opis = "2",
                Delo = "3",
                Folios = "4",
                Raw = "Central State Archive of Somewhere, f. 1, op. 2, d. 3, l. 4",
            },
            Only("Central State Archive of Somewhere, f. 1, op. 2, d. 3, l. 4"));
    }

    [Fact]
    public void a_repository_named_twice_is_one_repository()
    {
        var reference = Only("Russian State Archive of Socio-Political History, RGASPI, f. 17, op. 3, d. 1");

        Assert.Equal(("RGASPI", "Russian State Archive of Socio-Political History, RGASPI"), (reference.Repository, reference.RepositoryAsWritten));
    }

    [Fact]
    public void text_before_the_archive_in_a_full_citation_is_kept_as_unparsed()
    {
        var parse = CitationParser.Parse(
            "\"Cable, Filippov (Stalin) to Mao Zedong,\" February 23, 1952, History and Public Policy Program Digital Archive, RGASPI, F. 558, Op. 11, D. 342, L. 92. Translated by Mark Kramer.");

        Assert.Equal("RGASPI, F. 558, Op. 11, D. 342, L. 92", Assert.Single(parse.References).Raw);
        Assert.Equal(
        [
            Fragment("\"Cable, Filippov (Stalin) to Mao Zedong,\" February 23, 1952, History and Public Policy Program Digital Archive", UnparsedReasons.BeforeReference),
            Fragment("Translated by Mark Kramer.", UnparsedReasons.AfterReference),
        ], parse.Unparsed);
    }

    [Fact]
    public void ukrainian_and_polish_folio_keys_are_folios()
    {
        Assert.Equal(("1", "2", "3", "4-5"), Only("f. 1, op. 2, spr. 3, ark. 4-5") is var u ? (u.Fond, u.Opis, u.Delo, u.Folios) : default);
        var polish = CitationParser.Parse("AAN, KC PZPR, sygn. 2639, k. 1-5");
        Assert.Equal(("AAN", "2639", "1-5"), (polish.References[0].Repository, polish.References[0].Signature, polish.References[0].Folios));
        Assert.Equal([Fragment("KC PZPR", UnparsedReasons.WithinReference)], polish.Unparsed);
    }

    [Fact]
    public void a_classification_after_the_reference_is_read_as_its_classification()
    {
        var reference = Only("RGASPI, f. 17, op. 3, d. 5, l. 1. Top Secret, Copy 4.");

        Assert.Equal(("Top Secret, Copy 4", "RGASPI, f. 17, op. 3, d. 5, l. 1. Top Secret, Copy 4"), (reference.Classification, reference.Raw));
    }

    [Fact]
    public void a_verso_may_open_a_range()
    {
        Assert.Equal("5ob-6", Only("РГАСПИ. Ф. 17. Оп. 3. Д. 1043. Л. 5 об.–6.").Folios);
    }
}

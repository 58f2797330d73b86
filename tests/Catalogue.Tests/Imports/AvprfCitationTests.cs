using Catalogue.Api.Imports;
using Catalogue.Api.Records;

namespace Catalogue.Tests.Imports;

public sealed class when_a_russian_archival_citation_is_read
{
    [Fact]
    public void the_seed_citation_gives_every_avprf_locator_as_text()
    {
        const string citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("AVPRF", "0100", "42", null, "19", "288", "81-85", citation), reference);
    }

    [Fact]
    public void a_papka_written_without_a_space_is_read()
    {
        const string citation = "AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("AVPRF", "0100", "42", null, "19", "288", "32-33", citation), reference);
    }

    [Fact]
    public void capitalised_abbreviations_and_a_single_folio_are_read()
    {
        const string citation = "RGASPI, F. 558, Op. 11, D. 342, L. 92";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("RGASPI", "558", "11", "342", null, null, "92", citation), reference);
    }

    [Fact]
    public void a_delo_and_a_folio_range_are_read()
    {
        const string citation = "RGASPI, f. 558, op. 11, d. 97, ll. 67-70";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("RGASPI", "558", "11", "97", null, null, "67-70", citation), reference);
    }

    [Theory]
    [InlineData("RGANI, f. 5, op. 30, d. 342, ll. 92-93 ob.", "92-93ob")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, ll. 92-93ob", "92-93ob")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, l. 12 ob.", "12ob")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, ll. 12ob.-13", "12ob-13")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, ll. 12, 14-15", "12, 14-15")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, ll. 81 – 85", "81-85")]
    [InlineData("RGANI, f. 5, op. 30, d. 342, l. 12a", "12a")]
    [InlineData("RGASPI, f. 558, op. 11, d. 334, ll. 0141", "0141")]
    public void folios_keep_their_numbers_and_mark_the_verso_as_ob(string citation, string folios)
    {
        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(folios, reference.Folios);
    }

    [Theory]
    [InlineData("AVPRF, f. 059a, op. 5a, d. 5, pap. 11, l. 13", "059a", "5a")]
    [InlineData("GARF, f. R-9401, op. 2, d. 65, l. 166", "R-9401", "2")]
    [InlineData("AVPRF, f. 0100, op. 042, d. 1, l. 1", "0100", "042")]
    public void identifiers_stay_text_with_leading_zeros_and_letters(string citation, string fond, string opis)
    {
        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(fond, reference.Fond);
        Assert.Equal(opis, reference.Opis);
    }

    [Theory]
    [InlineData("AP RF, f. 45, op. 1, d. 334, l. 141", "AP RF")]
    [InlineData("  RGASPI , f. 558, op. 11, d. 342, l. 92", "RGASPI")]
    [InlineData("APRF, f. 45, op. 1, d. 334, l. 141", "APRF")]
    [InlineData("TsAMO RF, f. 5, op. 918795, d. 124, l. 429", "TsAMO RF")]
    public void the_repository_is_kept_as_written_and_trimmed(string citation, string repository)
    {
        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(repository, reference.Repository);
        Assert.Equal(citation, reference.Citation);
    }

    [Fact]
    public void the_first_of_two_archives_is_read_and_the_citation_keeps_both()
    {
        const string citation = "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("AP RF", "45", "1", "334", null, null, "141", citation), reference);
    }

    [Fact]
    public void spelled_out_locators_are_read()
    {
        const string citation = "State Archive of the Russian Federation (GA RF), Fond R-9401, Opis’ 2, Delo 65, List 166";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(
            new ArchivalReference("State Archive of the Russian Federation (GA RF)", "R-9401", "2", "65", null, null, "166", citation),
            reference);
    }

    [Fact]
    public void two_archives_joined_by_a_bare_and_stop_at_the_first()
    {
        const string citation = "APRF, Fond 45, Opis 1, Delo 336, List 122 and AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("APRF", "45", "1", "336", null, null, "122", citation), reference);
    }

    [Fact]
    public void cyrillic_abbreviations_are_read()
    {
        const string citation = "АП РФ, Ф. 3, Оп. 65, Д. 776, Лл. 1-3 об.";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("АП РФ", "3", "65", "776", null, null, "1-3ob", citation), reference);
    }

    [Fact]
    public void credits_after_the_folios_end_the_reference()
    {
        const string citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85. Translated by David Wolff.";

        Assert.True(AvprfCitation.TryParse(citation, out var reference));

        Assert.Equal(new ArchivalReference("AVPRF", "0100", "42", null, "19", "288", "81-85", citation), reference);
    }

    [Fact]
    public void a_citation_without_a_repository_has_none()
    {
        Assert.True(AvprfCitation.TryParse("f. 3, op. 1, d. 2", out var reference));

        Assert.Null(reference.Repository);
        Assert.Equal("3", reference.Fond);
        Assert.Null(reference.Folios);
    }

    [Fact]
    public void folios_alone_are_enough()
    {
        Assert.True(AvprfCitation.TryParse("ll. 5-7", out var reference));

        Assert.Null(reference.Fond);
        Assert.Equal("5-7", reference.Folios);
    }

    [Fact]
    public void p_is_a_papka_only_inside_a_fond()
    {
        Assert.True(AvprfCitation.TryParse("AVPRF, f. 07, op. 23, por. 18, p. 235, l. 5", out var avprf));
        Assert.Equal("235", avprf.Papka);

        Assert.False(AvprfCitation.TryParse("Materik, 2005, p. 464", out _));
    }
}

public sealed class when_a_citation_is_not_in_the_russian_shape
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("AVPRF")]
    [InlineData("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People’s Republic of Korea")]
    [InlineData("Source: Department of State, Central Files, POL 27 VIET S. Secret; Priority; Exdis.")]
    [InlineData("Source: Johnson Library, National Security File, Country File, Vietnam, Special Category Messages, Vol. I, 11/63–1/65. Secret; Exclusive; No Night Action.")]
    [InlineData("Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387.")]
    [InlineData("Letter from L. Brezhnev, Moscow")]
    [InlineData("f. , op. 1")]
    public void it_is_refused_without_a_fond_or_folio(string citation)
    {
        Assert.False(AvprfCitation.TryParse(citation, out var reference));
        Assert.Null(reference);
    }

    [Fact]
    public void null_is_refused_not_thrown() =>
        Assert.False(AvprfCitation.TryParse(null!, out _));
}

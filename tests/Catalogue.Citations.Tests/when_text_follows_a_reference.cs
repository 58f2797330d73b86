using static Catalogue.Citations.Tests.Support.Parsed;

namespace Catalogue.Citations.Tests;

/// <summary>
/// A clause after a reference that names no archive and no locator is not part of it: it comes back under unparsed with
/// a reason, never folded into a collection, a folder or the next archive's name.
/// </summary>
public class when_text_follows_a_reference
{
    [Fact]
    public void a_clause_after_a_semicolon_is_not_the_collection_of_an_unknown_archive()
    {
        var parse = CitationParser.Parse("Fooarchive, box 3, folder 7; and some junk text");

        Assert.Equal(
            new ParsedReference
            {
                Repository = "Fooarchive",
                RepositoryAsWritten = "Fooarchive",
                RepositoryKnown = false,
                Box = "3",
                Folder = "7",
                Raw = "Fooarchive, box 3, folder 7",
            },
            Assert.Single(parse.References));
        Assert.Equal([Fragment("and some junk text", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_clause_after_a_semicolon_is_not_the_collection_of_a_nara_citation()
    {
        var parse = CitationParser.Parse("NARA, RG 59, box 3, folder 7; and some junk text");

        Assert.Equal(
            new ParsedReference
            {
                Repository = "NARA",
                RepositoryAsWritten = "NARA",
                RepositoryKnown = true,
                RecordGroup = "59",
                Box = "3",
                Folder = "7",
                Raw = "NARA, RG 59, box 3, folder 7",
            },
            Assert.Single(parse.References));
        Assert.Equal([Fragment("and some junk text", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_clause_after_a_box_is_not_its_collection()
    {
        var parse = CitationParser.Parse("Fooarchive, box 3; see also the finding aid, part two");

        Assert.Null(Assert.Single(parse.References).Collection);
        Assert.Equal([Fragment("see also the finding aid, part two", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Theory]
    [InlineData("RGASPI, f. 558, op. 11, d. 342, ll. 92; see also the notes", "see also the notes")]
    [InlineData("RGASPI, f. 558, op. 11, d. 342, ll. 92; and see also the notes", "and see also the notes")]
    [InlineData("RGASPI, f. 558, op. 11, d. 342, ll. 92 and see also the notes", "and see also the notes")]
    public void junk_after_a_russian_citation_is_unparsed_with_the_word_that_led_into_it(string citation, string junk)
    {
        var parse = CitationParser.Parse(citation);

        Assert.Equal(
            new ParsedReference
            {
                Repository = "RGASPI",
                RepositoryAsWritten = "RGASPI",
                RepositoryKnown = true,
                Fond = "558",
                Opis = "11",
                Delo = "342",
                Folios = "92",
                Raw = "RGASPI, f. 558, op. 11, d. 342, ll. 92",
            },
            Assert.Single(parse.References));
        Assert.Equal([Fragment(junk, UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_clause_set_aside_is_not_the_name_of_the_next_archive()
    {
        var parse = CitationParser.Parse("NARA, RG 59, box 3; some junk text; Central Files, box 4");

        Assert.Equal(["NARA", "Central Files"], parse.References.Select(r => r.Repository));
        Assert.Equal(["3", "4"], parse.References.Select(r => r.Box));
        Assert.Equal([Fragment("some junk text", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_clause_that_names_an_archive_or_a_locator_is_still_read()
    {
        Assert.Equal(
            ["LBJ Library", "DOS"],
            CitationParser.Parse("Source: Johnson Library, National Security File, Vietnam; Department of State, Central Files").References.Select(r => r.Repository));
        Assert.Equal("Central Decimal File", Only("NARA, RG 59; Central Decimal File, Box 12").Collection);
        Assert.Equal(("1955", "20"), Only("Archive of the Romanian Ministry of Foreign Affairs, Year 1955; Issue 20") is var r ? (r.Year, r.Issue) : default);
    }

    [Fact]
    public void a_number_after_a_semicolon_is_still_read_where_the_archive_cites_by_number()
    {
        Assert.Equal(("109-01038-02", "1-10"), Only("PRC FMA 109-01038-02; 1-10") is var r ? (r.FileNumber, r.Pages) : default);
    }
}

using static Catalogue.Citations.Tests.Support.Parsed;

namespace Catalogue.Citations.Tests;

/// <summary>A document taken from a published book is cited by author, title and imprint, with pages.</summary>
public class when_reading_publications
{
    [Fact]
    public void a_book_gives_the_publication_as_written_and_its_pages()
    {
        Assert.Equal(
            new ParsedReference
            {
                Publication = "Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977)",
                Pages = "385-387",
                RepositoryKnown = false,
                Raw = "Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387",
            },
            Only("Milovan Djilas. Wartime. Translated by Michael B. Petrovich. (New York: Harcourt Brace Jovanovich, 1977), 385-387."));
    }

    [Fact]
    public void pages_may_be_keyed()
    {
        var reference = Only("Milovan Djilas, Wartime (New York: Harcourt Brace Jovanovich, 1977), pp. 385-387");

        Assert.Equal(("Milovan Djilas, Wartime (New York: Harcourt Brace Jovanovich, 1977)", "385-387"), (reference.Publication, reference.Pages));
    }

    [Fact]
    public void a_publication_after_an_archive_is_a_second_reference_and_credits_stay_unparsed()
    {
        var parse = CitationParser.Parse(
            "State Archive of the Russian Federation (GA RF), Fond R-9401, Opis’ 2, Delo 65, List 166. Published as Document no. 123 in Kokurin and Morukov, ''Stalinskie stroiki GULAGa 1930-1953'' [Stalin’s Construction Sites of the GULAG] (Moscow: Materik, 2005), 464. Obtained and translated for CWIHP by Vadim J. Birstein.");

        Assert.Equal(2, parse.References.Count);
        Assert.Equal(("GARF", "R-9401", "166"), (parse.References[0].Repository, parse.References[0].Fond, parse.References[0].Folios));
        Assert.Equal(
            new ParsedReference
            {
                Publication = "Published as Document no. 123 in Kokurin and Morukov, ''Stalinskie stroiki GULAGa 1930-1953'' [Stalin’s Construction Sites of the GULAG] (Moscow: Materik, 2005)",
                Pages = "464",
                Raw = "Published as Document no. 123 in Kokurin and Morukov, ''Stalinskie stroiki GULAGa 1930-1953'' [Stalin’s Construction Sites of the GULAG] (Moscow: Materik, 2005), 464",
            },
            parse.References[1]);
        Assert.Equal([Fragment("Obtained and translated for CWIHP by Vadim J. Birstein.", UnparsedReasons.AfterReference)], parse.Unparsed);
    }

    [Fact]
    public void a_bracketed_name_without_an_imprint_is_not_a_publication()
    {
        var parse = CitationParser.Parse("Stalin (the Diary of N.V. Roshchin), a memorandum");

        Assert.Empty(parse.References);
        Assert.Single(parse.Unparsed);
    }
}

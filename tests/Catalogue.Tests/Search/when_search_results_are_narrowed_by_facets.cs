using Catalogue.Tests.Support;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// An archivist searches, then narrows what was found by archive, fond, opis, language, year, translator, funder,
/// classification, state, subject or person. Each answer counts, for every filter, how many of the records found have
/// each value — counted with the other filters applied, so the values of a filter already chosen stay in view.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_search_results_are_narrowed_by_facets(CatalogueService service) : CatalogueScenario(service)
{
    private static string Set(params Guid[] ids) => string.Join(",", ids.Order());

    private static string Set(IEnumerable<Guid> ids) => Set([.. ids]);

    [Fact]
    public async Task every_facet_counts_the_records_found()
    {
        var c = await SearchedCatalogue.Describe(Api);

        var found = await Service.Search(Words("stalin"));

        Assert.Equal(5, found.Total());
        Assert.Equal(new Dictionary<string, long> { ["AVPRF"] = 2, ["APRF"] = 1, ["GARF"] = 1, ["MNL OL"] = 1 }, found.Facet("repository"));
        Assert.Equal(2, found.Facet("fond")["0100"]);
        Assert.Equal(2, found.Facet("opis")["42"]);
        Assert.Equal(new Dictionary<string, long> { ["ru"] = 3, ["hu"] = 1 }, found.Facet("language"));
        Assert.Equal(new Dictionary<string, long> { ["David Wolff"] = 1, ["Gwenyth Swain"] = 1, ["Sergey Radchenko"] = 1 }, found.Facet("translator"));
        Assert.Equal(new Dictionary<string, long> { ["Henry Luce Foundation"] = 1, ["Leon Levy Foundation"] = 1 }, found.Facet("funder"));
        Assert.Equal(new Dictionary<string, long> { ["Top Secret"] = 2, ["Secret"] = 2 }, found.Facet("classification"));
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 4, ["Sino-Soviet relations"] = 2 }, found.Facet("subject"));
        Assert.Equal(2, found.Facet("person")["Stalin"]);
        Assert.Equal(1, found.Facet("person")["Kovács István"]);
        Assert.Equal(1, found.Facet("person")["David Wolff"]);
        Assert.Equal(new Dictionary<string, long> { ["1940"] = 2, ["1950"] = 3 }, found.Facet("decade"));
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1, ["published"] = 3, ["withdrawn"] = 1 }, found.Facet("status"));
        Assert.Equal(Set(c.Published.Append(c.Draft).Append(c.Withdrawn)), Set(found.Hits()));
    }

    public static TheoryData<string, string[]> EachFilter => new()
    {
        { "repository=APRF", ["letter"] },
        { "repository=APRF&repository=MNL%20OL", ["letter", "report"] },
        { "fond=0100", ["telegram", "draft"] },
        { "opis=Korea", ["report"] },
        { "language=hu", ["report"] },
        { "translator=Sergey%20Radchenko", ["letter"] },
        { "funder=Leon%20Levy%20Foundation", ["telegram"] },
        { "classification=Top%20Secret", ["telegram", "letter"] },
        { "classification=Secret", ["report", "withdrawn"] },
        // As records write their marks, whatever the letter case, with their copy number (found from outside).
        { "classification=TOP%20SECRET%2C%20Copy%204", ["telegram", "letter"] },
        { "classification=secret", ["report", "withdrawn"] },
        { "status=draft", ["draft"] },
        { "status=Draft", ["draft"] },
        { "status=published&status=withdrawn", ["telegram", "letter", "report", "withdrawn"] },
        { "subject=Korean%20War", ["letter", "report", "draft", "withdrawn"] },
        { "person=Stalin", ["letter", "draft"] },
        { "person=Kov%C3%A1cs%20Istv%C3%A1n", ["report"] },
        { "person=Gwenyth%20Swain", ["report"] },
        // Uncertain and ranged dates are found by every year they can fall in.
        { "yearFrom=1950&yearTo=1950", ["letter", "report"] },
        { "yearFrom=1949&yearTo=1949", ["telegram", "report"] },
        { "yearFrom=1951", ["draft"] },
        { "yearTo=1949", ["telegram", "report"] },
        { "subject=Korean%20War&language=ru", ["letter", "draft"] },
    };

    [Theory, MemberData(nameof(EachFilter))]
    public async Task each_filter_narrows_the_hits_and_the_total(string filter, string[] expected)
    {
        var c = await SearchedCatalogue.Describe(Api);
        var named = new Dictionary<string, Guid>
        {
            ["telegram"] = c.MaoTelegram,
            ["letter"] = c.StalinLetter,
            ["report"] = c.HungarianReport,
            ["draft"] = c.Draft,
            ["withdrawn"] = c.Withdrawn,
        };

        var found = await Service.Search($"{Words("stalin")}&{filter}");

        Assert.Equal(Set(expected.Select(e => named[e])), Set(found.Hits()));
        Assert.Equal(expected.Length, found.Total());
    }

    [Fact]
    public async Task a_facet_is_counted_with_the_other_filters_but_not_its_own()
    {
        await SearchedCatalogue.Describe(Api);

        var found = await Service.Search($"{Words("stalin")}&subject=Korean%20War&language=ru");

        // The languages of the Korean War records, whichever language is chosen…
        Assert.Equal(new Dictionary<string, long> { ["ru"] = 2, ["hu"] = 1 }, found.Facet("language"));
        // …and the subjects of the Russian records, whichever subject is chosen.
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 2, ["Sino-Soviet relations"] = 2 }, found.Facet("subject"));
        // Every other facet counts the records both filters leave.
        Assert.Equal(new Dictionary<string, long> { ["APRF"] = 1, ["AVPRF"] = 1 }, found.Facet("repository"));
        Assert.Equal(new Dictionary<string, long> { ["1950"] = 2 }, found.Facet("decade"));
        Assert.Equal(2, found.Total());
    }

    [Fact]
    public async Task filters_narrow_the_whole_catalogue_when_no_words_are_given()
    {
        var c = await SearchedCatalogue.Describe(Api);

        var found = await Service.Search("subject=Korean%20War&yearFrom=1950");

        Assert.Equal("date", found["sort"]!.GetValue<string>());
        Assert.Equal([c.HungarianReport, c.StalinLetter, c.Draft], found.Hits());
        Assert.Null(found["items"]![0]!["highlights"]);
        Assert.Equal(4, found.Facet("decade").Values.Sum());
    }
}

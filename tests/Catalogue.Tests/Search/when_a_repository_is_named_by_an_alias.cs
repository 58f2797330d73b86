using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// Citations name archives by aliases and former names ("AP RF" for APRF, "MOL" for the Hungarian National Archives),
/// and the exports and the browse tree take them. Found from outside: search's <c>repository=AP RF</c> found nothing,
/// since it matched the code as recorded. Search now takes a repository as the exports do, by its code or any name the
/// authority list gives it, and its facet names the code.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_repository_is_named_by_an_alias(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("AP%20RF")]
    [InlineData("ap%20rf")]
    [InlineData("Presidential%20Archive")]
    [InlineData("Archive%20of%20the%20Politburo%20of%20the%20CC%20CPSU")]
    public async Task search_finds_what_the_code_finds_and_counts_it_under_the_code(string alias)
    {
        var c = await SearchedCatalogue.Describe(Api);

        var byAlias = await Service.Search($"repository={alias}");
        var byCode = await Service.Search("repository=APRF");

        Assert.Equal([c.StalinLetter], byAlias.Hits());
        Assert.Equal(byCode.Total(), byAlias.Total());
        Assert.Equal(byCode.Facet("repository"), byAlias.Facet("repository"));
        Assert.Equal(1, byAlias.Facet("repository")["APRF"]);
        Assert.False(byAlias.Facet("repository").ContainsKey(Uri.UnescapeDataString(alias)));
    }

    [Fact]
    public async Task search_and_the_export_take_the_same_names_of_a_repository()
    {
        var c = await SearchedCatalogue.Describe(Api);

        foreach (var name in new[] { "MOL", "Hungarian%20National%20Archives", "MNL%20OL" })
        {
            var found = await Service.Search($"repository={name}");
            var exported = (await Api.Get($"/api/exports/records?repository={name}")).ShouldBe(HttpStatusCode.OK).Text
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!["id"]!.GetValue<Guid>());

            Assert.Equal([c.HungarianReport], found.Hits());
            Assert.Equal([c.HungarianReport], exported);
            Assert.Equal(new Dictionary<string, long> { ["MNL OL"] = 1, ["APRF"] = 1, ["AVPRF"] = 2, ["GARF"] = 1 }, found.Facet("repository"));
        }
    }

    [Fact]
    public async Task a_repository_the_list_does_not_know_is_matched_as_written()
    {
        await SearchedCatalogue.Describe(Api);

        var unknown = await Service.Search("repository=Archive%20of%20Nowhere");

        Assert.Empty(unknown.Hits());
        Assert.Equal(0, unknown.Facet("repository")["Archive of Nowhere"]);
    }
}

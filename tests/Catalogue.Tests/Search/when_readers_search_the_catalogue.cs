using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// Readers and the public find published records only: a draft or a withdrawn record is in no hit, no total and no
/// facet count they are given, whatever they search for and however they narrow it. Staff find every record, and may
/// narrow by its state.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_readers_search_the_catalogue(CatalogueService service) : CatalogueScenario(service)
{
    public static TheoryData<string> EveryFilter => new()
    {
        "",
        "repository=AVPRF",
        "repository=GARF",
        "fond=0100",
        "fond=R-9401",
        "opis=42",
        "language=ru",
        "translator=David%20Wolff",
        "funder=Leon%20Levy%20Foundation",
        "classification=Secret",
        "subject=Korean%20War",
        "person=Stalin",
        "yearFrom=1951",
        "yearFrom=1940&yearTo=1960",
        "status=published",
        "subject=Korean%20War&language=ru&yearFrom=1949",
    };

    /// <summary>
    /// Hits, total and facets, in the order given: what one search told its caller. Not the state's facet: staff who
    /// choose published records are still told how many of the others there are, as every facet counts the values not
    /// chosen.
    /// </summary>
    private static string Told(JsonNode page)
    {
        var facets = page["facets"]!.DeepClone().AsObject();
        facets.Remove("status");
        return new JsonObject { ["items"] = page["items"]!.DeepClone(), ["total"] = page["total"]!.DeepClone(), ["facets"] = facets, ["next"] = page["next"]?.DeepClone() }.ToJsonString();
    }

    [Theory, MemberData(nameof(EveryFilter))]
    public async Task a_reader_and_the_public_are_told_what_staff_see_of_published_records(string filter)
    {
        var c = await SearchedCatalogue.Describe(Api);
        var query = $"{Words("stalin")}&{filter}";
        var staff = await Service.Search(filter.Contains("status=", StringComparison.Ordinal) ? query : $"{query}&status=published");

        var reader = await Service.Search(query, Service.As("reader"));
        var browsing = await Service.Search(filter, Service.As("reader"));

        Assert.Equal(Told(staff), Told(reader));
        Assert.DoesNotContain(c.Draft, reader.Hits());
        Assert.DoesNotContain(c.Withdrawn, reader.Hits());
        Assert.DoesNotContain(c.Draft, browsing.Hits());
        Assert.DoesNotContain(c.Withdrawn, browsing.Hits());
        Assert.All(reader.Facet("status").Keys, state => Assert.Equal("published", state));
    }

    [Fact]
    public async Task the_public_finds_published_records_only_when_the_catalogue_is_open_to_it()
    {
        await using var open = await Service.StartOwnCatalogueAsync("search_public", new Dictionary<string, string> { ["Catalogue:Security:PublicReads"] = "true" });
        var c = await SearchedCatalogue.Describe(open.Admin);
        await Projections.CaughtUpAsync(open.Services);

        var found = (await open.Anonymous.Get("/api/search?" + Words("stalin"))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(c.Published.Order(), found.Hits().Order());
        Assert.Equal(3, found.Total());
        Assert.Equal(2, found.Facet("subject")["Korean War"]);
        Assert.Equal(new Dictionary<string, long> { ["published"] = 3 }, found.Facet("status"));
        // The shared catalogue is closed to the public: there, search asks who is calling.
        (await Service.Anonymous.Get("/api/search?" + Words("stalin"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("status=draft")]
    [InlineData("status=withdrawn")]
    [InlineData("status=Draft")]
    [InlineData("status=published&status=draft")]
    public async Task a_reader_cannot_ask_for_drafts_or_withdrawn_records(string filter)
    {
        var reply = (await Service.As("reader").Get($"/api/search?{filter}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["status"], reply.ErrorFields);
    }

    [Fact]
    public async Task staff_narrow_by_state()
    {
        var c = await SearchedCatalogue.Describe(Api);

        var auditor = await Service.Search($"{Words("stalin")}&status=draft&status=withdrawn", Service.As("auditor"));
        var inCapitals = await Service.Search($"{Words("stalin")}&status=DRAFT&status=Withdrawn&status=withdrawn&sort=Date", Service.As("auditor"));
        var readerInCapitals = await Service.Search($"{Words("stalin")}&status=Published", Service.As("reader"));

        Assert.Equal(new[] { c.Draft, c.Withdrawn }.Order(), auditor.Hits().Order());
        Assert.Equal(new[] { c.Draft, c.Withdrawn }.Order(), inCapitals.Hits().Order());
        Assert.DoesNotContain(c.Draft, readerInCapitals.Hits());
        Assert.NotEmpty(readerInCapitals.Hits());
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1, ["published"] = 3, ["withdrawn"] = 1 }, auditor.Facet("status"));
    }
}

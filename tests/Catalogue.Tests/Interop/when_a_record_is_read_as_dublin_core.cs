using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A library catalogue that knows nothing of fonds and folios reads the seed as Dublin Core: JSON for its scripts,
/// <c>oai_dc</c> XML for its harvester, the same fifteen elements in both.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_record_is_read_as_dublin_core(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly XNamespace Dc = ArchiveSchemas.DublinCore;

    private async Task<Guid> ThePublishedSeed()
    {
        var id = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/subjects", new { version = await Api.CurrentVersion(id), subjects = new[] { "Sino-Soviet relations" } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = await Api.CurrentVersion(id) })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static IReadOnlyList<string> Values(System.Text.Json.Nodes.JsonNode json, string element) =>
        [.. json[element]!.AsArray().Select(v => v!.GetValue<string>())];

    [Fact]
    public async Task the_seed_maps_to_the_fifteen_elements()
    {
        var id = await ThePublishedSeed();

        var dc = (await Service.As("reader").Get($"/api/records/{id}/dublin-core")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(
            ["title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format", "identifier", "source", "language", "relation", "coverage", "rights"],
            dc.AsObject().Select(p => p.Key));
        Assert.Equal(["From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949"], Values(dc, "title"));
        Assert.Equal(["David Wolff"], Values(dc, "contributor"));
        Assert.Equal(["1949-12-01", "1949-11-10"], Values(dc, "date"));
        Assert.Equal(["Text", "Memorandum of Conversation"], Values(dc, "type"));
        Assert.Equal(["ll. 81-85", "5 leaves"], Values(dc, "format"));
        Assert.Equal(["Sino-Soviet relations"], Values(dc, "subject"));
        Assert.Equal(["Catalogue"], Values(dc, "publisher"));
        var identifiers = Values(dc, "identifier");
        Assert.StartsWith("CAT-", identifiers[0]);
        Assert.Equal($"http://localhost/api/records/{id}", identifiers[1]);
        Assert.Contains("wilson-center:117886", identifiers);
        Assert.Contains("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", Values(dc, "source").Single());
        Assert.Equal(["ru"], Values(dc, "language"));
    }

    [Fact]
    public async Task as_oai_dc_it_is_valid_against_the_oai_dc_schema_and_says_the_same()
    {
        var id = await ThePublishedSeed();
        var json = (await Service.As("reader").Get($"/api/records/{id}/dublin-core")).Json;

        var byFormat = ArchiveSchemas.ValidOaiDc(await Service.XmlAsync("reader", $"/api/records/{id}/dublin-core?format=oai_dc"));
        var byAccept = ArchiveSchemas.ValidOaiDc(await Service.XmlAsync("reader", $"/api/records/{id}/dublin-core", ("Accept", "application/xml")));

        Assert.Equal(byFormat.ToString(), byAccept.ToString());
        foreach (var (element, values) in json.AsObject())
            Assert.Equal(values!.AsArray().Select(v => v!.GetValue<string>()), byFormat.Root!.Elements(Dc + element).Select(e => e.Value));
    }

    [Fact]
    public async Task the_relation_names_the_other_published_records_of_the_same_papka()
    {
        var id = await ThePublishedSeed();
        var neighbour = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPageAs(117887), "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        await Service.ProjectionsCaughtUp();

        var forReader = (await Service.As("reader").Get($"/api/records/{id}/dublin-core")).Json;
        var forArchivist = (await Service.As("archivist").Get($"/api/records/{id}/dublin-core")).Json;

        Assert.Empty(Values(forReader, "relation"));
        Assert.Equal([$"http://localhost/api/records/{neighbour}"], Values(forArchivist, "relation"));
    }

    [Fact]
    public async Task an_unknown_format_is_refused_field_by_field()
    {
        var id = await ThePublishedSeed();

        var reply = (await Api.Get($"/api/records/{id}/dublin-core?format=marc")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["format"], reply.ErrorFields);
    }

    [Fact]
    public async Task a_draft_does_not_exist_for_a_reader()
    {
        var id = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;

        (await Service.As("reader").Get($"/api/records/{id}/dublin-core")).ShouldBe(HttpStatusCode.NotFound);
        (await Service.As("archivist").Get($"/api/records/{id}/dublin-core")).ShouldBe(HttpStatusCode.OK);
    }
}

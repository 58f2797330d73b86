using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

public sealed class when_a_record_is_cited(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<Guid> TheImportedSeed() =>
        (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;

    [Fact]
    public async Task the_plain_citation_reads_as_the_digital_archive_cites_it()
    {
        var id = await TheImportedSeed();

        var reply = (await Api.Get($"/api/records/{id}/citation")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("text/plain", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(
            "\"From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949\", November 10, 1949, Wilson Center Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85. Translated by David Wolff. https://wilson-center-digital-archive.dvincitest.com/document/117886",
            reply.Text);
    }

    [Fact]
    public async Task reference_managers_get_csl_json()
    {
        var id = await TheImportedSeed();

        var reply = (await Api.Get($"/api/records/{id}/citation", ("Accept", "application/vnd.citationstyles.csl+json"))).ShouldBe(HttpStatusCode.OK);

        var item = Assert.Single(reply.Json.AsArray())!;
        Assert.Equal("manuscript", item["type"]!.GetValue<string>());
        Assert.Equal("Wilson Center Digital Archive", item["archive"]!.GetValue<string>());
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", item["archive_location"]!.GetValue<string>());
        Assert.Equal([1949, 11, 10], item["issued"]!["date-parts"]![0]!.AsArray().Select(p => p!.GetValue<int>()));
        Assert.Equal("Wolff", item["translator"]![0]!["family"]!.GetValue<string>());
        Assert.Equal("David", item["translator"]![0]!["given"]!.GetValue<string>());
        Assert.Equal("Roshchin", item["author"]![0]!["family"]!.GetValue<string>());
        Assert.Equal("https://wilson-center-digital-archive.dvincitest.com/document/117886", item["URL"]!.GetValue<string>());
        Assert.Equal(reply.Json.ToJsonString(), (await Api.Get($"/api/records/{id}/citation?format=csl-json")).Json.ToJsonString());
    }

    [Fact]
    public async Task an_unknown_record_has_no_citation()
    {
        (await Api.Get($"/api/records/{Guid.NewGuid()}/citation")).ShouldBe(HttpStatusCode.NotFound);
    }
}

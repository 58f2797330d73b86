using System.Net;
using Catalogue.Tests.Authorities;
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

    /// <summary>
    /// Found from outside: a name written inverted, as catalogues write them ("Radchenko, Sergey"), was cited with family
    /// and given name swapped and the comma kept ("Sergey", "Radchenko,"). And a Japanese name is written family first.
    /// </summary>
    [Fact]
    public async Task reference_managers_get_names_written_inverted_or_family_first_the_right_way_round()
    {
        var (id, _) = await Api.ARecordNaming(
            "Memorandum on the Tokyo talks", creators: ["Wolff, David, Jr.", "𠮷田 太郎"], translators: ["Radchenko, Sergey", "van der Berg, Jan"]);

        var item = Assert.Single((await Api.Get($"/api/records/{id}/citation?format=csl-json")).ShouldBe(HttpStatusCode.OK).Json.AsArray())!;

        Assert.Equal(
            [("Wolff", "David", "Jr."), ("𠮷田", "太郎", null)],
            item["author"]!.AsArray().Select(a => (Part(a, "family"), Part(a, "given"), Part(a, "suffix"))));
        Assert.Equal(
            [("Radchenko", "Sergey"), ("van der Berg", "Jan")],
            item["translator"]!.AsArray().Select(a => (Part(a, "family"), Part(a, "given"))));
    }

    private static string? Part(System.Text.Json.Nodes.JsonNode? name, string part) => name![part]?.GetValue<string>();

    /// <summary>Found from outside: format=bibtex and format=ris were answered 200 in plain text, as if it were either.</summary>
    [Theory]
    [InlineData("bibtex")]
    [InlineData("ris")]
    [InlineData("csl")]
    public async Task a_format_it_does_not_write_is_refused_naming_the_ones_it_does(string format)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}/citation?format={format}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["format"], reply.ErrorFields);
        Assert.Contains("text, csl-json", reply.Json["errors"]!["format"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task format_text_answers_the_text_whatever_the_client_accepts()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}/citation?format=TEXT", ("Accept", "application/vnd.citationstyles.csl+json"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("text/plain", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal((await Api.Get($"/api/records/{id}/citation")).Text, reply.Text);
    }

    [Fact]
    public async Task an_unknown_record_has_no_citation()
    {
        (await Api.Get($"/api/records/{Guid.NewGuid()}/citation")).ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>The README's walkthrough correction: the folios checked against the scan are 81-85ob.</summary>
    private async Task<Guid> TheSeedWithItsFoliosCorrected()
    {
        var id = await TheImportedSeed();
        var version = await Api.CurrentVersion(id);
        (await Api.Post($"/api/records/{id}/provenance/10/corrections", new
        {
            version,
            reason = "Folio range checked against the scan",
            repository = "AVPRF",
            fond = "0100",
            opis = "42",
            poryadok = "19",
            papka = "288",
            folios = "81-85ob",
            citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
        })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task the_citation_follows_a_corrected_folio_range()
    {
        var id = await TheSeedWithItsFoliosCorrected();

        var plain = (await Api.Get($"/api/records/{id}/citation")).ShouldBe(HttpStatusCode.OK).Text;
        var csl = (await Api.Get($"/api/records/{id}/citation?format=csl-json")).ShouldBe(HttpStatusCode.OK).Json[0]!;

        Assert.Contains("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85ob.", plain);
        Assert.DoesNotContain("ll. 81-85.", plain);
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85ob", csl["archive_location"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_csl_note_keeps_its_sentences_apart()
    {
        var id = await TheImportedSeed();

        var note = (await Api.Get($"/api/records/{id}/citation?format=csl-json")).ShouldBe(HttpStatusCode.OK).Json[0]!["note"]!.GetValue<string>();

        Assert.Contains("Translated by David Wolff. ", note);
        Assert.EndsWith(".", note);
    }
}

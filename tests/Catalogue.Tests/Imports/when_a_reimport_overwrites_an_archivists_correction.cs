using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// An archivist put the imported seed's title in house style; then the archive changed its page there too. Importing the
/// page again takes the page's new title, as it must, and says so: the answer names the field it overwrote and the
/// correction it replaced — who made it, when, at which version and why. A page or line that leaves the correction as it
/// is says nothing of it.
/// </summary>
public sealed class when_a_reimport_overwrites_an_archivists_correction(CatalogueService service) : CatalogueScenario(service)
{
    private const string HouseStyle = "Memorandum of Conversation with Zhou Enlai, 10 November 1949";

    private static string Seed => when_the_seed_page_is_imported.SeedPage;

    private static string Retitled => Seed.Replace("on 10 November 1949\n", "on 10 November 1949 (revised)\n");

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    /// <summary>The seed imported, then its title corrected by an archivist: the version of that correction.</summary>
    private async Task<(Guid Id, long Corrected)> TheSeedImportedAndItsTitleCorrected()
    {
        var imported = (await Api.PostRaw("/api/imports", Seed, "text/plain")).ShouldBe(HttpStatusCode.Created);
        var corrected = (await Service.As("archivist").Post($"/api/records/{imported.Id}/title", new { version = imported.Version, title = HouseStyle, reason = "House style" }))
            .ShouldBe(HttpStatusCode.OK);
        return (imported.Id, corrected.Version);
    }

    private static void ShouldNameTheTitleCorrection(JsonNode overwritten, long version, JsonNode history)
    {
        var entry = Assert.Single(overwritten.AsArray())!;
        Assert.Equal("title", Text(entry, "field"));
        var correction = entry["correction"]!;
        var made = history["events"]!.AsArray().Single(e => e!["version"]!.GetValue<long>() == version)!;
        Assert.Equal(
            (version, "title_revised", Text(made, "actor"), "House style", made["timestamp"]!.GetValue<DateTimeOffset>()),
            (correction["version"]!.GetValue<long>(), Text(correction, "type"), Text(correction, "actor"), Text(correction, "reason"), correction["timestamp"]!.GetValue<DateTimeOffset>()));
        Assert.StartsWith("key:", Text(correction, "actor"));
    }

    [Fact]
    public async Task a_page_that_changed_the_corrected_title_says_whose_correction_it_replaced()
    {
        var (id, corrected) = await TheSeedImportedAndItsTitleCorrected();

        var reply = (await Api.PostRaw("/api/imports", Retitled, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("updated", Text(reply, "status"));
        Assert.EndsWith("(revised)", Text((await Api.Get($"/api/records/{id}")).Json, "title"));
        ShouldNameTheTitleCorrection(reply["overwritten"]!, corrected, (await Api.Get($"/api/records/{id}/history")).Json);
    }

    [Fact]
    public async Task a_page_in_a_batch_says_it_too()
    {
        var (id, corrected) = await TheSeedImportedAndItsTitleCorrected();

        var reply = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(("seed-117886.txt", Encoding.UTF8.GetBytes(Retitled))))).ShouldBe(HttpStatusCode.OK).Json;

        ShouldNameTheTitleCorrection(reply["pages"]![0]!["overwritten"]!, corrected, (await Api.Get($"/api/records/{id}/history")).Json);
    }

    [Fact]
    public async Task a_page_that_changed_elsewhere_keeps_the_correction_and_overwrites_nothing()
    {
        var (id, _) = await TheSeedImportedAndItsTitleCorrected();
        var revised = Seed.Replace("expressing the Chairman's desire to make a visit to Moscow.", "expressing the Chairman's wish to visit Moscow.");

        var reply = (await Api.PostRaw("/api/imports", revised, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(["summary_revised"], reply["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty(reply["overwritten"]!.AsArray());
        Assert.Equal(HouseStyle, Text((await Api.Get($"/api/records/{id}")).Json, "title"));
    }

    [Fact]
    public async Task a_json_line_that_replaces_a_correction_is_told_in_the_batch_by_its_line()
    {
        var (id, corrected) = await TheSeedImportedAndItsTitleCorrected();
        var lines = $$"""
            {"id":"{{id}}","title":"Record of Conversation with Zhou Enlai","summary":"Zhou Enlai conveys Mao's wish to visit Moscow."}
            {"title":"A new record overwrites nothing"}
            """;

        var batch = (await Api.PostRaw("/api/imports/jsonl", lines, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (batch["updated"]!.GetValue<long>(), batch["overwrittenCount"]!.GetValue<long>()));
        var entry = Assert.Single(batch["overwritten"]!.AsArray())!;
        Assert.Equal((1L, id), (entry["line"]!.GetValue<long>(), entry["record"]!.GetValue<Guid>()));
        ShouldNameTheTitleCorrection(new JsonArray(entry.DeepClone()), corrected, (await Api.Get($"/api/records/{id}/history")).Json);
        Assert.Equal(batch["overwritten"]!.ToJsonString(), (await Api.Get($"/api/imports/{batch["batch"]}")).Json["overwritten"]!.ToJsonString());
    }

    /// <summary>
    /// A page is measured against the record as the last import of a page left it, not as a JSON-lines batch or a
    /// batch's revert did: the page has not changed since it was imported, so it changes nothing, whatever was corrected
    /// or imported in between.
    /// </summary>
    [Fact]
    public async Task a_page_unchanged_since_its_import_keeps_what_a_json_lines_batch_and_its_revert_left()
    {
        var (id, _) = await TheSeedImportedAndItsTitleCorrected();
        const string Summary = "Zhou Enlai conveys Mao's wish to visit Moscow.";
        var batch = (await Api.PostRaw("/api/imports/jsonl", $$"""{"id":"{{id}}","summary":"{{Summary}}"}""", "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(1L, batch["updated"]!.GetValue<long>());

        var again = (await Api.PostRaw("/api/imports", Seed, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("unchanged", Text(again, "status"));
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal((HouseStyle, Summary), (Text(record, "title"), Text(record, "summary")));

        (await Api.Post($"/api/imports/{batch["batch"]}/revert", new { reason = "The batch summarised the wrong memorandum" })).ShouldBe(HttpStatusCode.OK);
        var afterRevert = (await Api.PostRaw("/api/imports", Seed, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("unchanged", Text(afterRevert, "status"));
        Assert.Equal(HouseStyle, Text((await Api.Get($"/api/records/{id}")).Json, "title"));
    }

    [Fact]
    public async Task a_csv_row_names_the_column_it_overwrote()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/document-type", new { version = 1, documentType = "Diary Entry", reason = "An entry of Roshchin's diary" })).ShouldBe(HttpStatusCode.OK);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"id,document_type\n{id},Telegram\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");

        var batch = (await Api.PostContent("/api/imports/csv", content)).ShouldBe(HttpStatusCode.OK).Json;

        var entry = Assert.Single(batch["overwritten"]!.AsArray())!;
        Assert.Equal(("document_type", 2L, "An entry of Roshchin's diary"), (Text(entry, "field"), entry["correction"]!["version"]!.GetValue<long>(), Text(entry["correction"]!, "reason")));
    }
}

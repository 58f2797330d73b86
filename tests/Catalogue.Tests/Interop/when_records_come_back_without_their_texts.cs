using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// An archivist exports the catalogue without its texts (<c>fullTexts=false</c>), corrects titles in bulk, and imports
/// the lines back: each text is named by its digest, and is kept as the record holds it without being sent again.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_records_come_back_without_their_texts(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";
    private const string Text = "Из дневника Н.В. Рощина.\n\nПриём у Чжоу Эньлая 10 ноября 1949 г.";

    private async Task<(Guid Id, JsonNode Line)> ARecordWithATextExportedWithoutIt()
    {
        var id = (await Api.Post("/api/records", new { title = "From the Diary of N.V. Roshchin" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = Text, language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        var line = JsonNode.Parse((await Api.Get("/api/exports/records?fullTexts=false")).ShouldBe(HttpStatusCode.OK).Text)!;
        Assert.Null(line["fullTexts"]![0]!["text"]);
        return (id, line);
    }

    [Fact]
    public async Task a_title_corrected_in_the_lines_is_revised_and_the_text_is_kept()
    {
        var (id, line) = await ARecordWithATextExportedWithoutIt();
        line["title"] = "From the Diary of N.V. Roshchin, 10 November 1949";

        var batch = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString() + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("[]", batch["problems"]!.ToJsonString());
        Assert.Equal(1, batch["updated"]!.GetValue<long>());
        Assert.Equal(["record_accessioned", "full_text_attached", "title_revised"],
            (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(Text, (await Api.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);
    }

    [Fact]
    public async Task a_text_changed_since_the_lines_were_written_is_not_kept_by_an_old_digest()
    {
        var (id, line) = await ARecordWithATextExportedWithoutIt();
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = Text + "\n\nДобавлено.", language = "ru", kind = "original", reason = "Transcription finished" }))
            .ShouldBe(HttpStatusCode.OK);

        var batch = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString() + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal("fullTexts[0].text", problem["field"]!.GetValue<string>());
        Assert.Contains("is not the one 'sha256' names", problem["message"]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_new_record_is_not_made_with_a_text_named_only_by_its_digest()
    {
        var (_, line) = await ARecordWithATextExportedWithoutIt();
        line.AsObject().Remove("id");
        line["accessionNumber"] = "COPY-1";

        var batch = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString() + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal(("fullTexts[0].text", 0L), (problem["field"]!.GetValue<string>(), batch["created"]!.GetValue<long>()));
    }

    [Theory]
    [InlineData("""{"language":"ru","kind":"original"}""", "fullTexts[0].text")]
    [InlineData("""{"language":"ru","kind":"original","sha256":"ABC"}""", "fullTexts[0].sha256")]
    public async Task an_entry_with_neither_text_nor_a_digest_is_refused_naming_it(string entry, string field)
    {
        var line = $$"""{"title":"A record","fullTexts":[{{entry}}]}""";

        var batch = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(field, Assert.Single(batch["problems"]!.AsArray())!["field"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A record's document type, source address and external identifiers, set at its accession, are corrected by a JSON
/// line or a CSV row that says otherwise, as its title is: with the events their commands append, the import's who and
/// why on each. A line's <c>""</c> or <c>[]</c> takes them away, as the commands do; a revert of the batch puts them back.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_import_corrects_what_an_accession_said(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";
    private const string AccessionedUrl = "https://wilson-center-digital-archive.dvincitest.com/document/117886";
    private const string MovedUrl = "https://digitalarchive.wilsoncenter.org/document/117886";

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static IReadOnlyList<string> Identifiers(JsonNode record) => [.. record["externalIds"]!.AsArray().Select(x => $"{x!["scheme"]}:{x["value"]}")];

    private async Task<JsonNode> ImportLines(params string[] lines) =>
        (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

    [Fact]
    public async Task a_json_line_that_says_otherwise_corrects_them_with_the_events_their_commands_append()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = await ImportLines($$"""{"id":"{{id}}","documentType":"Ciphered Telegram","sourceUrl":"{{MovedUrl}}","externalIds":[{"scheme":"wilson-center","value":"117886"},{"scheme":"cwihp-bulletin","value":"6-7/1995"}]}""");

        Assert.Equal((1L, 0L), (reply["updated"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("Ciphered Telegram", MovedUrl), (Text(record, "documentType"), Text(record, "sourceUrl")));
        Assert.Equal(["wilson-center:117886", "cwihp-bulletin:6-7/1995"], Identifiers(record));
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal(["record_accessioned", "document_type_revised", "source_url_revised", "external_identifiers_revised"], history.Select(e => Text(e!, "type")));
        Assert.All(history.Skip(1), e => Assert.Equal($"Imported in batch {reply["batch"]}", Text(e!, "reason")));
    }

    [Fact]
    public async Task a_line_giving_them_empty_takes_them_away_and_one_leaving_them_out_keeps_them()
    {
        var kept = (await Api.AccessionTheSeed()).Id;
        var emptied = (await Api.AccessionTheSeed()).Id;

        var reply = await ImportLines(
            $$"""{"id":"{{kept}}","title":"Memorandum of Conversation with Zhou Enlai, 10 November 1949"}""",
            $$"""{"id":"{{emptied}}","documentType":"","sourceUrl":"","externalIds":[]}""");

        Assert.Equal((2L, 0L), (reply["updated"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var untouched = (await Api.Get($"/api/records/{kept}")).Json;
        Assert.Equal(("Memorandum of Conversation", AccessionedUrl), (Text(untouched, "documentType"), Text(untouched, "sourceUrl")));
        Assert.Equal(["wilson-center:117886"], Identifiers(untouched));
        var record = (await Api.Get($"/api/records/{emptied}")).Json;
        Assert.Null(record["documentType"]);
        Assert.Null(record["sourceUrl"]);
        Assert.Empty(Identifiers(record));
    }

    /// <summary>A line that would correct the address to one the accession refuses is rejected whole, and the record keeps what it had.</summary>
    [Fact]
    public async Task a_line_correcting_them_to_what_the_accession_refuses_changes_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = await ImportLines($$"""{"id":"{{id}}","documentType":"Ciphered Telegram","sourceUrl":"https://archivist:secret@digitalarchive.wilsoncenter.org/document/117886"}""");

        Assert.Equal((0L, 1L), (reply["updated"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal("sourceUrl", Text(reply["problems"]![0]!, "field"));
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_csv_row_corrects_them_as_a_json_line_does()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"id,document_type,source_url,external_ids\n{id},Ciphered Telegram,{MovedUrl},wilson-center:117886 | cwihp-bulletin:6-7/1995\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");

        var reply = (await Api.PostContent("/api/imports/csv", content)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1L, reply["updated"]!.GetValue<long>());
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("Ciphered Telegram", MovedUrl), (Text(record, "documentType"), Text(record, "sourceUrl")));
        Assert.Equal(["wilson-center:117886", "cwihp-bulletin:6-7/1995"], Identifiers(record));
    }

    [Fact]
    public async Task a_revert_of_the_batch_puts_them_back_as_they_were_before_it()
    {
        var corrected = (await Api.AccessionTheSeed()).Id;
        var bare = (await Api.Post("/api/records", new { title = "Ciphered telegram, Roshchin to Filippov" })).ShouldBe(HttpStatusCode.Created).Id;
        var batch = (await ImportLines(
            $$"""{"id":"{{corrected}}","documentType":"Ciphered Telegram","sourceUrl":"{{MovedUrl}}","externalIds":[{"scheme":"cwihp-bulletin","value":"6-7/1995"}]}""",
            $$"""{"id":"{{bare}}","documentType":"Telegram","sourceUrl":"{{MovedUrl}}","externalIds":[{"scheme":"wilson-center","value":"112345"}]}"""))["batch"]!.GetValue<Guid>();

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { reason = "Wrong spreadsheet" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 0L), (reverted["restored"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        var putBack = (await Api.Get($"/api/records/{corrected}")).Json;
        Assert.Equal(("Memorandum of Conversation", AccessionedUrl), (Text(putBack, "documentType"), Text(putBack, "sourceUrl")));
        Assert.Equal(["wilson-center:117886"], Identifiers(putBack));
        var emptyAgain = (await Api.Get($"/api/records/{bare}")).Json;
        Assert.Null(emptyAgain["documentType"]);
        Assert.Null(emptyAgain["sourceUrl"]);
        Assert.Empty(Identifiers(emptyAgain));
        var last = (await Api.Get($"/api/records/{bare}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("Wrong spreadsheet", Text(last, "reason"));
    }
}

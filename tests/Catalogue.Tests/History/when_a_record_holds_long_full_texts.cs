using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.History;

/// <summary>
/// A record's full texts run to millions of characters. History, diff, blame and their exports name each text by its
/// length and SHA-256 and link to it, so an auditor reads kilobytes, not megabytes, and can still fetch any text the
/// record ever held and check it against its hash.
/// </summary>
public sealed class when_a_record_holds_long_full_texts(CatalogueService service) : CatalogueScenario(service)
{
    private const int Characters = 1_000_000;
    private const int SmallBody = 64 * 1024;
    private const string TextPath = "fullTexts[language=ru,kind=original].text";

    private static string LongText(string ending)
    {
        var text = new StringBuilder();
        while (text.Length < Characters) text.Append("Запись беседы Н.В. Рощина с Чжоу Эньлаем, 10 ноября 1949 г. Совершенно секретно. ");
        return text.ToString(0, Characters - ending.Length) + ending;
    }

    private static readonly string First = LongText("Посол СССР в КНР Н. Рощин");
    private static readonly string Corrected = LongText("Посол СССР в КНР Н. Рощин.");

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <returns>The record, its first text attached at version 2 and corrected at version 3.</returns>
    private async Task<Guid> ARecordWhoseTextWasCorrected()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = First, language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = Corrected, language = "ru", kind = "original", reason = "Final full stop restored from the scan" }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private static void AssertSmall(Reply reply, string what) =>
        Assert.True(reply.Text.Length < SmallBody, $"{what} is {reply.Text.Length:N0} characters long");

    private static void AssertRefersTo(JsonNode? reference, string text, string href)
    {
        Assert.NotNull(reference);
        Assert.Equal(Characters, reference["characters"]!.GetValue<int>());
        Assert.Equal(Encoding.UTF8.GetByteCount(text), reference["bytes"]!.GetValue<int>());
        Assert.Equal(Sha256(text), reference["sha256"]!.GetValue<string>());
        Assert.Equal(href, reference["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_history_gives_each_texts_length_and_hash_and_where_to_read_it()
    {
        var id = await ARecordWhoseTextWasCorrected();

        var history = (await Service.As("auditor").Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK);

        AssertSmall(history, "the history");
        var events = history.Json["events"]!.AsArray();
        AssertRefersTo(events[1]!["data"]!["text"], First, $"/api/records/{id}/history/2/full-text");
        AssertRefersTo(events[2]!["data"]!["text"], Corrected, $"/api/records/{id}/history/3/full-text");
        Assert.Equal("ru", events[2]!["data"]!["language"]!.GetValue<string>());
        Assert.Equal("Final full stop restored from the scan", events[2]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task following_a_reference_gives_exactly_that_text()
    {
        var id = await ARecordWhoseTextWasCorrected();
        var auditor = Service.As("auditor");
        var events = (await auditor.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();

        var first = (await auditor.Get(events[1]!["data"]!["text"]!["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK);
        var corrected = (await auditor.Get(events[2]!["data"]!["text"]!["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(First, first.Text);
        Assert.Equal(Corrected, corrected.Text);
        Assert.Equal("text/plain; charset=utf-8", first.ContentHeaders!.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(First), first.ContentHeaders.ContentLength);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(First)))}:", first.Headers.GetValues("Repr-Digest").Single());
    }

    [Fact]
    public async Task the_json_lines_history_and_the_premis_export_stay_small_too()
    {
        var id = await ARecordWhoseTextWasCorrected();

        var lines = (await Api.Get($"/api/records/{id}/history?format=jsonl")).ShouldBe(HttpStatusCode.OK);
        var premis = (await Api.Get($"/api/records/{id}/history/premis")).ShouldBe(HttpStatusCode.OK);
        var sweep = (await Api.Get("/api/audit/events")).ShouldBe(HttpStatusCode.OK);

        AssertSmall(lines, "the JSON lines history");
        AssertSmall(premis, "the PREMIS export");
        AssertSmall(sweep, "the audit sweep");
        var attached = JsonNode.Parse(lines.Text.Split('\n')[2])!;
        AssertRefersTo(attached["data"]!["text"], Corrected, $"/api/records/{id}/history/3/full-text");
        AssertRefersTo(sweep.Json["events"]![2]!["data"]!["text"], Corrected, $"/api/records/{id}/history/3/full-text");
    }

    [Fact]
    public async Task a_diff_refers_to_the_old_and_the_new_text()
    {
        var id = await ARecordWhoseTextWasCorrected();

        var diff = (await Api.Get($"/api/records/{id}/diff?from=1&to=3")).ShouldBe(HttpStatusCode.OK);

        AssertSmall(diff, "the diff");
        var changes = diff.Json["changes"]!.AsArray().Where(c => c!["path"]!.GetValue<string>() == TextPath).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Null(changes[0]!["old"]);
        AssertRefersTo(changes[0]!["new"], First, $"/api/records/{id}/history/2/full-text");
        AssertRefersTo(changes[1]!["old"], First, $"/api/records/{id}/history/2/full-text");
        AssertRefersTo(changes[1]!["new"], Corrected, $"/api/records/{id}/history/3/full-text");
        Assert.Equal(3, changes[1]!["event"]!["version"]!.GetValue<long>());

        var since = (await Api.Get($"/api/records/{id}/diff?from=2&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        AssertRefersTo(Assert.Single(since, c => c!["path"]!.GetValue<string>() == TextPath)!["old"], First, $"/api/records/{id}/history/2/full-text");
    }

    [Fact]
    public async Task blame_refers_to_the_text_and_the_event_that_set_it()
    {
        var id = await ARecordWhoseTextWasCorrected();

        var blame = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK);

        AssertSmall(blame, "the blame");
        var field = Assert.Single(blame.Json["fields"]!.AsArray(), f => f!["path"]!.GetValue<string>() == TextPath)!;
        AssertRefersTo(field["value"], Corrected, $"/api/records/{id}/history/3/full-text");
        Assert.Equal(3, field["event"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task there_is_no_text_to_read_at_a_version_that_attached_none()
    {
        var id = await ARecordWhoseTextWasCorrected();

        var accessioned = (await Api.Get($"/api/records/{id}/history/1/full-text")).ShouldBe(HttpStatusCode.NotFound).Json;
        (await Api.Get($"/api/records/{id}/history/4/full-text")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/records/{Guid.NewGuid()}/history/1/full-text")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Contains("record_accessioned", accessioned["detail"]!.GetValue<string>());
    }
}

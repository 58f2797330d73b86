using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A long text is fetched in parts: a download that broke off asks for the rest of the bytes, naming the text it has
/// begun (<c>If-Range</c>), and is sent the rest only while the text is that one. The parts put together are the text
/// byte for byte, even when a part ends inside a letter.
/// </summary>
public sealed class when_a_full_text_is_read_a_range_at_a_time(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Cyrillic (two bytes a letter) ending in a letter of four bytes outside the Basic Multilingual Plane.</summary>
    private static readonly string RussianText = string.Concat(Enumerable.Repeat("Запись беседы посла СССР Н.В. Рощина с Чжоу Эньлаем. ", 2_000)) + "Конец 📜";

    private static readonly byte[] RussianBytes = Encoding.UTF8.GetBytes(RussianText);

    private async Task<Guid> ARecordWith(string text)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text, language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task<Part> Get(string url, params (string Name, string Value)[] headers) => await Send(HttpMethod.Get, url, headers);

    private async Task<Part> Send(HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        using var client = Service.Host.Server.CreateClient();
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Api-Key", CatalogueService.KeysByRole["admin"]);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request);
        return new Part(response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Headers, response.Content.Headers);
    }

    private sealed record Part(HttpStatusCode Status, byte[] Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
    {
        public string? ContentRange => ContentHeaders.ContentRange?.ToString();

        public string Text => Encoding.UTF8.GetString(Body);
    }

    [Fact]
    public async Task a_download_that_broke_off_is_finished_from_the_byte_it_reached()
    {
        var id = await ARecordWith(RussianText);
        var url = $"/api/records/{id}/full-texts/ru/original";
        var length = RussianBytes.Length;

        // The first part ends inside a Cyrillic letter (an odd number of bytes into a run of two-byte letters).
        var first = await Get(url, ("Range", "bytes=0-40000"));
        Assert.Equal(HttpStatusCode.PartialContent, first.Status);
        Assert.Equal($"bytes 0-40000/{length}", first.ContentRange);
        Assert.Equal(40_001, first.ContentHeaders.ContentLength);
        Assert.Equal("bytes", first.Headers.AcceptRanges.Single());
        var etag = first.Headers.ETag!.ToString();

        var rest = await Get(url, ("Range", "bytes=40001-"), ("If-Range", etag));

        Assert.Equal(HttpStatusCode.PartialContent, rest.Status);
        Assert.Equal($"bytes 40001-{length - 1}/{length}", rest.ContentRange);
        Assert.Equal(RussianBytes, first.Body.Concat(rest.Body).ToArray());
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(RussianBytes))}:", rest.Headers.GetValues("Repr-Digest").Single());
    }

    [Fact]
    public async Task the_last_bytes_are_asked_for_by_their_number_and_a_range_past_the_end_is_cut_to_it()
    {
        var id = await ARecordWith(RussianText);
        var url = $"/api/records/{id}/full-texts/ru/original";

        var lastLetter = await Get(url, ("Range", "bytes=-4"));
        var pastTheEnd = await Get(url, ("Range", $"bytes={RussianBytes.Length - 7}-{RussianBytes.Length + 1_000_000}"));

        Assert.Equal(HttpStatusCode.PartialContent, lastLetter.Status);
        Assert.Equal("📜", lastLetter.Text);
        Assert.Equal(HttpStatusCode.PartialContent, pastTheEnd.Status);
        Assert.Equal("ц 📜", pastTheEnd.Text);
        Assert.Equal($"bytes {RussianBytes.Length - 7}-{RussianBytes.Length - 1}/{RussianBytes.Length}", pastTheEnd.ContentRange);
    }

    [Fact]
    public async Task the_rest_of_a_text_corrected_meanwhile_is_not_sent_but_the_whole_new_text_is()
    {
        var id = await ARecordWith(RussianText);
        var url = $"/api/records/{id}/full-texts/ru/original";
        var begun = await Get(url, ("Range", "bytes=0-999"));
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = "Из дневника Н. В. Рощина", language = "ru", kind = "original", reason = "The text of this memorandum" }))
            .ShouldBe(HttpStatusCode.OK);

        var rest = await Get(url, ("Range", "bytes=1000-"), ("If-Range", begun.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.OK, rest.Status);
        Assert.Null(rest.ContentRange);
        Assert.Equal("Из дневника Н. В. Рощина", rest.Text);
    }

    [Fact]
    public async Task a_range_that_starts_past_the_end_is_refused_saying_how_long_the_text_is()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        var length = Encoding.UTF8.GetByteCount("Из дневника Н.В. Рощина");

        var refused = await Get($"/api/records/{id}/full-texts/ru/original", ("Range", $"bytes={length}-"));
        var none = await Get($"/api/records/{id}/full-texts/ru/original", ("Range", "bytes=-0"));

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentHeaders.ContentType!.MediaType);
        Assert.Equal($"bytes */{length}", refused.ContentRange);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(refused.Body)!;
        Assert.Equal(416, problem["status"]!.GetValue<int>());
        Assert.Equal(length, problem["bytes"]!.GetValue<long>());
        Assert.Contains($"The text is {length:N0} bytes long", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, none.Status);
    }

    [Theory]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-2")]
    [InlineData("lines=0-10")]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("bytes=99999999999999999999999-")]
    public async Task a_range_that_cannot_be_read_or_asks_for_several_parts_gets_the_whole_text(string range)
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");

        var whole = await Get($"/api/records/{id}/full-texts/ru/original", ("Range", range));

        Assert.Equal(HttpStatusCode.OK, whole.Status);
        Assert.Equal("Из дневника Н.В. Рощина", whole.Text);
    }

    [Fact]
    public async Task a_weak_or_dated_if_range_gets_the_whole_text_and_a_head_is_answered_as_the_whole_texts_get()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        var url = $"/api/records/{id}/full-texts/ru/original";
        var etag = (await Get(url)).Headers.ETag!.ToString();

        var weak = await Get(url, ("Range", "bytes=0-3"), ("If-Range", $"W/{etag}"));
        var dated = await Get(url, ("Range", "bytes=0-3"), ("If-Range", "Sun, 06 Dec 2026 11:00:00 GMT"));
        var head = await Send(HttpMethod.Head, url, ("Range", "bytes=0-3"));

        Assert.Equal(HttpStatusCode.OK, weak.Status);
        Assert.Equal(HttpStatusCode.OK, dated.Status);
        Assert.Equal("Из дневника Н.В. Рощина", dated.Text);
        Assert.Equal(HttpStatusCode.OK, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(Encoding.UTF8.GetByteCount("Из дневника Н.В. Рощина"), head.ContentHeaders.ContentLength);
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());
    }

    [Fact]
    public async Task the_text_an_event_attached_is_read_by_ranges_too_and_named_by_the_same_etag()
    {
        var id = await ARecordWith(RussianText);
        var current = await Get($"/api/records/{id}/full-texts/ru/original", ("Range", "bytes=0-9"));

        var attached = await Get($"/api/records/{id}/history/2/full-text", ("Range", "bytes=10-"), ("If-Range", current.Headers.ETag!.ToString()));
        var unchanged = await Get($"/api/records/{id}/history/2/full-text", ("If-None-Match", current.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.PartialContent, attached.Status);
        Assert.Equal(RussianBytes, current.Body.Concat(attached.Body).ToArray());
        Assert.Equal(HttpStatusCode.NotModified, unchanged.Status);
    }
}

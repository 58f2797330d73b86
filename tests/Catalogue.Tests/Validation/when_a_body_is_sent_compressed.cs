using System.IO.Compression;
using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// The catalogue reads bodies as they are sent. A body declared compressed (Content-Encoding gzip, br, deflate…) is
/// refused with 415 and Accept-Encoding: identity before anything reads it, so nothing is done — where the header used
/// to be ignored, a compressed command was refused as "not UTF-8" and a plain one labelled gzip went through.
/// </summary>
public sealed class when_a_body_is_sent_compressed(CatalogueService service) : CatalogueScenario(service)
{
    private static ByteArrayContent Json(byte[] body, string? encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (encoding is not null) content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return content;
    }

    private static byte[] Gzipped(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private const string Accession = """{"title":"Telegram from Roshchin to Vyshinsky"}""";

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip", false)]
    [InlineData("br", false)]
    [InlineData("deflate, identity", false)]
    [InlineData("x-compress", false)]
    public async Task it_is_refused_with_the_coding_to_send_instead_and_nothing_is_done(string encoding, bool compressed)
    {
        var body = compressed ? Gzipped(Accession) : Encoding.UTF8.GetBytes(Accession);

        var reply = await Api.PostContent("/api/records", Json(body, encoding));

        reply.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("without Content-Encoding", reply.Text);
        Assert.Equal(["identity"], reply.Headers.GetValues("Accept-Encoding"));
        Assert.Empty(await Service.ListedRecords());
    }

    [Fact]
    public async Task a_bulk_import_declared_compressed_is_refused_before_a_batch_is_opened()
    {
        var lines = new ByteArrayContent(Gzipped("""{"title":"Telegram from Beijing"}""" + "\n"));
        lines.Headers.TryAddWithoutValidation("Content-Type", "application/x-ndjson");
        lines.Headers.TryAddWithoutValidation("Content-Encoding", "gzip");

        (await Api.PostContent("/api/imports/jsonl", lines)).ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Empty(await Service.ListedRecords());
    }

    [Fact]
    public async Task identity_is_the_body_as_sent()
    {
        (await Api.PostContent("/api/records", Json(Encoding.UTF8.GetBytes(Accession), "identity"))).ShouldBe(HttpStatusCode.Created);
    }
}

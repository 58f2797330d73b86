using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// A single page is sent as <c>text/plain</c> (UTF-8 or no charset), a batch as <c>multipart/form-data</c>; whatever else
/// a client declares is refused with 415 and nothing is imported.
/// </summary>
public sealed class when_a_page_names_its_content_type(CatalogueService service) : CatalogueScenario(service)
{
    private static HttpContent Page(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(when_the_seed_page_is_imported.SeedPage));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    [Theory]
    [InlineData("text/plain")]
    [InlineData("TEXT/PLAIN; charset=UTF-8")]
    [InlineData("text/plain;charset=utf-8")]
    public async Task plain_text_is_imported_in_any_letter_case(string contentType)
    {
        (await Api.PostContent("/api/imports", Page(contentType))).ShouldBe(HttpStatusCode.Created);

        Assert.Equal(1, await RecordCount());
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/html")]
    [InlineData("text/plain; charset=iso-8859-1")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task a_page_declared_as_anything_else_is_refused_with_415(string? contentType)
    {
        var reply = (await Api.PostContent("/api/imports", Page(contentType))).ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("Content-Type: text/plain", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task a_batch_that_is_not_multipart_is_refused_with_415(string? contentType)
    {
        var reply = (await Api.PostContent(PageBatches.Route, Page(contentType))).ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("multipart/form-data", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(0, await RecordCount());
    }

    /// <summary>
    /// Found from outside: a part of a batch sent as Latin-1 (or UTF-16) was read as UTF-8 and imported, where the same
    /// page sent alone is refused with 415. Each is reported as not imported, and the rest go in.
    /// </summary>
    [Fact]
    public async Task a_page_of_a_batch_declared_in_another_charset_is_reported_and_the_rest_go_in()
    {
        var batch = PageBatches.Batch(PageBatches.Page(711), PageBatches.Page(712), PageBatches.Page(713), PageBatches.Page(714));
        var parts = batch.ToList();
        parts[1].Headers.Remove("Content-Type");
        parts[1].Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=iso-8859-1");
        parts[2].Headers.Remove("Content-Type");
        parts[2].Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
        parts[3].Headers.Remove("Content-Type");
        parts[3].Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=us-ascii");

        var reply = (await Api.PostContent(PageBatches.Route, batch)).ShouldBe(HttpStatusCode.OK);

        var pages = reply.Json["pages"]!.AsArray();
        Assert.Equal(["created", "rejected", "created", "created"], pages.Select(p => p!["status"]!.GetValue<string>()));
        Assert.Contains("sent as iso-8859-1; pages are read as UTF-8 only", pages[1]!["problems"]![0]!.GetValue<string>());
        Assert.Equal(3, await RecordCount());
    }

    [Fact]
    public async Task a_batch_is_read_whatever_the_letter_case_of_its_media_type()
    {
        var batch = PageBatches.Batch(PageBatches.Page(701));
        var boundary = batch.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!;
        batch.Headers.Remove("Content-Type");
        batch.Headers.TryAddWithoutValidation("Content-Type", $"MULTIPART/FORM-DATA; boundary={boundary}");

        (await Api.PostContent(PageBatches.Route, batch)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, await RecordCount());
    }
}

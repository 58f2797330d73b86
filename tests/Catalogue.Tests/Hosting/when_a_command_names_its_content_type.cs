using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A command body is JSON and says so: <c>application/json</c>, in any letter case, with no charset or UTF-8's.
/// Anything else is refused with 415 before a byte of it is read as a command; an empty body stands for <c>{}</c>.
/// </summary>
public sealed class when_a_command_names_its_content_type(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>The body exactly as given, with exactly the Content-Type given (or none).</summary>
    private static HttpContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("Application/Json; charset=UTF-8")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("application/json; charset=\"utf-8\"")]
    // ASCII's bytes read the same in UTF-8, as the OAI-PMH provider's form takes them.
    [InlineData("application/json; charset=us-ascii")]
    public async Task application_json_is_read_in_any_letter_case(string contentType)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.PostContent($"/api/records/{id}/subjects", Body("{\"version\":1,\"subjects\":[\"Korea\"]}", contentType))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, await Api.EventCount(id));
    }

    [Theory]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=iso-8859-1")]
    // Two charsets, of which the first was taken: which one the client wrote in cannot be told.
    [InlineData("application/json; charset=utf-8; charset=iso-8859-1")]
    [InlineData("application/problem+json")]
    [InlineData("application/json-patch+json")]
    [InlineData("text/json")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task anything_else_is_refused_with_415_saying_what_to_send(string? contentType)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.PostContent($"/api/records/{id}/subjects", Body("{\"version\":1,\"subjects\":[\"Korea\"]}", contentType)))
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("Content-Type: application/json (with no charset, or charset=utf-8)", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_new_record_sent_as_a_form_is_refused_and_none_is_created()
    {
        var reply = (await Api.PostContent("/api/records", Body("title=Memorandum", "application/x-www-form-urlencoded")))
            .ShouldBe(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("application/json", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task an_empty_body_is_an_empty_command_so_publishing_needs_only_if_match()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);

        // As curl -H 'If-Match: "2"' -X POST …/publish sends it: no Content-Type, Content-Length 0.
        (await Api.PostContent($"/api/records/{id}/publish", new ByteArrayContent([]), ("If-Match", "\"2\""))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("published", (await Api.Get($"/api/records/{id}")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_empty_body_to_a_command_with_required_fields_is_refused_field_by_field()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.PostContent($"/api/records/{id}/title", new ByteArrayContent([]), ("If-Match", "\"1\""))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("title", reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task an_empty_body_declared_as_something_else_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.PostContent($"/api/records/{id}/publish", Body("", "text/plain"), ("If-Match", "\"1\""))).ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }
}

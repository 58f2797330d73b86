using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A link checker walking a finding aid's permalinks, a cache revalidating a record, a harvester probing the OAI-PMH
/// base address: each asks with HEAD, and is answered as the GET would be — the same status and headers — without the
/// body. A HEAD never reaches what only a POST may do.
/// </summary>
public sealed class when_a_client_asks_only_for_the_headers(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_published_record_answers_a_head_with_the_headers_of_its_get_and_no_body()
    {
        var id = await Api.CatalogueAsync("Memorandum of Conversation with Zhou Enlai", "AVPRF f. 0100, op. 42, d. 288, ll. 81-85");
        var reader = Service.As("reader");
        var get = (await reader.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        var head = (await reader.Send(HttpMethod.Head, $"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("", head.Text);
        Assert.NotNull(head.ETag);
        Assert.Equal(get.ETag, head.ETag);
        Assert.Equal(get.ContentHeaders?.ContentType?.MediaType, head.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(get.Headers.GetValues("X-Correlation-Id").Count(), head.Headers.GetValues("X-Correlation-Id").Count());
        (await reader.Send(HttpMethod.Head, $"/api/records/{id}", ("If-None-Match", get.ETag!))).ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task a_record_that_is_not_there_or_not_the_callers_to_read_is_refused_as_its_get_is()
    {
        var draft = (await Api.AccessionTheSeed()).Id;

        var missing = (await Api.Send(HttpMethod.Head, $"/api/records/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal("", missing.Text);
        (await Service.As("reader").Send(HttpMethod.Head, $"/api/records/{draft}")).ShouldBe(HttpStatusCode.NotFound);
        var anonymous = (await Service.Anonymous.Send(HttpMethod.Head, "/api/records")).ShouldBe(HttpStatusCode.Unauthorized);
        Assert.NotEmpty(anonymous.Headers.WwwAuthenticate);
        (await Api.Send(HttpMethod.Head, "/api/records?status=draft")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_head_to_a_command_is_not_allowed_and_changes_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var refused = (await Api.Send(HttpMethod.Head, $"/api/records/{id}/publish")).ShouldBe(HttpStatusCode.MethodNotAllowed);

        Assert.Equal(["POST"], refused.ContentHeaders!.Allow);
        Assert.Equal(1, await Api.EventCount(id));
        (await Api.Send(HttpMethod.Head, "/api/records")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["GET", "HEAD"], (await Api.Send(HttpMethod.Delete, $"/api/records/{id}")).ShouldBe(HttpStatusCode.MethodNotAllowed).ContentHeaders!.Allow);
        Assert.Equal(["GET", "POST", "HEAD"], (await Api.Send(HttpMethod.Put, "/api/records")).ShouldBe(HttpStatusCode.MethodNotAllowed).ContentHeaders!.Allow);
        (await Api.Send(HttpMethod.Head, "/no/such/address")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/health/live", "application/json")]
    [InlineData("/health/ready", "application/json")]
    [InlineData("/oai?verb=Identify", "text/xml")]
    [InlineData("/openapi/v1.json", "application/json")]
    [InlineData("/docs/", "text/html")]
    public async Task the_public_addresses_answer_a_head_without_credentials(string address, string mediaType)
    {
        var head = (await Service.Anonymous.Send(HttpMethod.Head, address)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(mediaType, head.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("", head.Text);
    }
}

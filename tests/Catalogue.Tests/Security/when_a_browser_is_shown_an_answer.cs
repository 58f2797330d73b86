using System.Net;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Catalogue.Tests.Security;

/// <summary>
/// Found from outside: the API reference at /docs could be framed by any other site, and every answer named the server
/// it came from ("Server: Kestrel"). No answer of the catalogue is meant to be shown inside another site's page, and a
/// prober is told nothing about what runs it.
/// </summary>
public sealed class when_a_browser_is_shown_an_answer(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("/docs/")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/oai?verb=Identify")]
    [InlineData("/health/live")]
    public async Task no_other_site_may_frame_it(string path)
    {
        var reply = await Service.Anonymous.Get(path);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("DENY", reply.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("frame-ancestors 'none'", reply.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task a_refusal_is_not_framed_either()
    {
        var refused = (await Service.Anonymous.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Equal("DENY", refused.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public void the_server_does_not_name_itself()
    {
        var kestrel = Service.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.False(kestrel.AddServerHeader);
    }
}

using System.Net;
using Alba;
using Catalogue.Api.Security;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Catalogue.Tests.Security;

public sealed class when_a_client_sends_too_many_requests
{
    /// <summary>Just the rate limiter in front of one endpoint, with a limit of five a minute.</summary>
    private static Task<IAlbaHost> ALimitedHost()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Catalogue:RateLimit:PermitsPerMinute"] = "5";
        builder.AddCatalogueRateLimits();
        return AlbaHost.For(builder, app =>
        {
            app.UseRateLimiter();
            app.MapGet("/api/records", () => "ok");
            app.MapGet("/health", () => "ok");
        });
    }

    [Fact]
    public async Task the_request_past_the_limit_gets_429_with_retry_after_and_health_is_never_limited()
    {
        await using var host = await ALimitedHost();
        var client = new Support.Api(host.Server.CreateClient(), apiKey: null);

        for (var i = 0; i < 5; i++) (await client.Get("/api/records")).ShouldBe(HttpStatusCode.OK);
        var refused = (await client.Get("/api/records")).ShouldBe(HttpStatusCode.TooManyRequests);

        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", refused.Json["type"]!.GetValue<string>());
        for (var i = 0; i < 10; i++) (await client.Get("/health")).ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class when_a_client_sends_a_body_too_large(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_request_is_refused_with_413_and_nothing_is_appended()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var huge = new string('a', 9 * 1024 * 1024);

        var reply = await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = huge, language = "en", kind = "translation" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal(1, await Api.EventCount(id));
    }
}

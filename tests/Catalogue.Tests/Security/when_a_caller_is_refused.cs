using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Security;

/// <summary>
/// A 401 challenges for every way the service accepts credentials (WWW-Authenticate) and says how to send them; a 403
/// says which roles the endpoint needs. Both are problem details.
/// </summary>
public sealed class when_a_caller_is_refused(CatalogueService service) : CatalogueScenario(service)
{
    private static IReadOnlyList<string> Challenges(Reply reply) => [.. reply.Headers.WwwAuthenticate.Select(c => c.Scheme)];

    private static string Detail(Reply reply)
    {
        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        return reply.Json["detail"]!.GetValue<string>();
    }

    [Fact]
    public async Task without_credentials_the_answer_says_how_to_authenticate()
    {
        var reply = (await Service.Anonymous.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Equal(["ApiKey", "Bearer"], Challenges(reply));
        var detail = Detail(reply);
        Assert.Contains("X-Api-Key", detail);
        Assert.Contains("Authorization: Bearer", detail);
    }

    [Fact]
    public async Task an_unknown_api_key_is_told_it_was_not_accepted()
    {
        var reply = (await new Support.Api(Service.Host.Server.CreateClient(), "not-a-key").Post("/api/records", Support.Catalogue.SeedAccession()))
            .ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Equal(["ApiKey", "Bearer"], Challenges(reply));
        Assert.Contains("API key was not accepted", Detail(reply));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_scheme_the_service_does_not_take_is_named()
    {
        var reply = (await Service.Anonymous.Get("/api/records", ("Authorization", "Basic YWRtaW46c2VjcmV0"))).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Equal(["ApiKey", "Bearer"], Challenges(reply));
        Assert.StartsWith("Authorization: Basic is not a way to sign in to this service.", Detail(reply));
    }

    /// <summary>Found from outside: a script whose variable was empty sent the scheme alone, and was told the scheme is not taken.</summary>
    [Theory]
    [InlineData("ApiKey ", "Authorization: ApiKey carries no key after it.")]
    [InlineData("apikey", "Authorization: apikey carries no key after it.")]
    [InlineData("Bearer ", "Authorization: Bearer carries no token after it.")]
    public async Task a_scheme_sent_without_its_credential_is_told_so(string authorization, string said)
    {
        var reply = (await Service.Anonymous.Get("/api/records", ("Authorization", authorization))).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.StartsWith(said, Detail(reply));
    }

    /// <summary>Found from outside: a key followed by a vertical tab or a no-break space was taken as the key.</summary>
    [Theory]
    [InlineData("\u000B", HttpStatusCode.Unauthorized)]
    [InlineData("\u00A0", HttpStatusCode.Unauthorized)]
    [InlineData(" \t", HttpStatusCode.OK)]
    public async Task a_key_is_read_without_the_spaces_http_allows_around_it_and_nothing_else(string after, HttpStatusCode answered)
    {
        var context = await Service.Host.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = "/api/records";
            http.Request.Headers["X-Api-Key"] = " " + CatalogueService.KeysByRole["admin"] + after;
        });

        Assert.Equal((int)answered, context.Response.StatusCode);
    }

    [Fact]
    public async Task a_bearer_token_that_does_not_validate_is_challenged_as_invalid()
    {
        var reply = (await Service.Anonymous.Get("/api/records", ("Authorization", "Bearer not.a.token"))).ShouldBe(HttpStatusCode.Unauthorized);

        var bearer = Assert.Single(reply.Headers.WwwAuthenticate, c => c.Scheme == "Bearer");
        Assert.Contains("error=\"invalid_token\"", bearer.Parameter);
        Assert.Contains("token was not accepted", Detail(reply));
    }

    [Fact]
    public async Task a_role_that_may_not_is_told_which_roles_the_endpoint_needs()
    {
        var reply = (await Service.As("reader").Post("/api/records", Support.Catalogue.SeedAccession())).ShouldBe(HttpStatusCode.Forbidden);

        var detail = Detail(reply);
        Assert.Contains("archivist or admin", detail);
        Assert.Contains("reader", detail);
        Assert.Equal(["archivist", "admin"], reply.Json["requiredRoles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_past_version_is_refused_to_a_reader_naming_the_auditor_and_to_the_public_with_a_challenge()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var forbidden = (await Service.As("reader").Get($"/api/records/{id}?version=1")).ShouldBe(HttpStatusCode.Forbidden);
        Assert.Contains("auditor or admin", Detail(forbidden));

        var anonymous = (await Service.Anonymous.Get($"/api/records/{id}?version=1")).ShouldBe(HttpStatusCode.Unauthorized);
        Assert.Equal(["ApiKey", "Bearer"], Challenges(anonymous));
        Assert.Contains("X-Api-Key", Detail(anonymous));
    }

    [Fact]
    public async Task a_service_without_sign_in_configured_offers_api_keys_only()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("catalogue_keys_only");

        var reply = (await catalogue.Anonymous.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Equal(["ApiKey"], Challenges(reply));
        var detail = Detail(reply);
        Assert.Contains("X-Api-Key", detail);
        Assert.DoesNotContain("Bearer", detail);
    }
}

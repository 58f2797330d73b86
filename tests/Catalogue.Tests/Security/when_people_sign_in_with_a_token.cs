using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Catalogue.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Catalogue.Tests.Security;

/// <summary>People sign in with their institution's OpenID Connect provider; the catalogue trusts its tokens and their roles.</summary>
public sealed class when_people_sign_in_with_a_token(CatalogueService service) : CatalogueScenario(service)
{
    private static string Token(string user, string role, string signingKey = CatalogueService.JwtSigningKey, string audience = "catalogue") =>
        Token([new Claim("preferred_username", user), new Claim("roles", role)], signingKey, audience);

    private static string Token(IEnumerable<Claim> claims, string signingKey = CatalogueService.JwtSigningKey, string audience = "catalogue") =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: "https://login.archive.test",
            audience: audience,
            claims: claims,
            expires: DateTime.UtcNow.AddMinutes(10),
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256)));

    private Support.Api Bearer(string token) => new(Service.Host.Server.CreateClient(), apiKey: null);

    [Fact]
    public async Task an_archivist_token_catalogues_and_the_history_names_the_person()
    {
        var client = Bearer("");
        var token = Token("ekaterina", "archivist");

        var id = (await client.Post("/api/records", new { title = "Memorandum of Conversation" }, ("Authorization", $"Bearer {token}"))).ShouldBe(HttpStatusCode.Created).Id;

        var events = (await Service.As("auditor").Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("ekaterina", Assert.Single(events)!["actor"]!.GetValue<string>());
    }

    /// <summary>Found from outside: the key acted, the token was passed over — or the other way round once tokens are taken.</summary>
    [Fact]
    public async Task a_token_sent_beside_an_api_key_is_refused_whichever_would_pass()
    {
        var token = Token("ekaterina", "archivist");

        var both = (await Api.Post("/api/records", new { title = "Memorandum of Conversation" }, ("Authorization", $"Bearer {token}"))).ShouldBe(HttpStatusCode.Unauthorized);
        var twoKeys = (await Api.Get("/api/records", ("Authorization", $"ApiKey {CatalogueService.KeysByRole["reader"]}"))).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Contains("Two credentials were sent", both.Json["detail"]!.GetValue<string>());
        Assert.Contains("Two credentials were sent", twoKeys.Json["detail"]!.GetValue<string>());
        Assert.Equal(0, await Service.ListedRecordCount());
        (await Bearer("").Post("/api/records", new { title = "Memorandum of Conversation" }, ("Authorization", $"Bearer {token}"))).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task a_reader_token_cannot_catalogue()
    {
        (await Bearer("").Post("/api/records", new { title = "x" }, ("Authorization", $"Bearer {Token("visitor", "reader")}"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_token_signed_by_someone_else_or_for_another_audience_is_refused()
    {
        var forged = Token("mallory", "admin", signingKey: "another-signing-key-that-is-long-enough-0123456789");
        var elsewhere = Token("ekaterina", "archivist", audience: "another-service");

        (await Bearer("").Get("/api/records", ("Authorization", $"Bearer {forged}"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer("").Get("/api/records", ("Authorization", $"Bearer {elsewhere}"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// The actor of an API key is key:NAME and of the command line cli:USER; a person whose name (as the provider gives
    /// it) looks like one of those, or names no one, would be confused with them in the audit trail.
    /// </summary>
    [Theory]
    [InlineData("key:admin")]
    [InlineData("KEY:admin")]
    [InlineData("cli:root")]
    [InlineData("anonymous")]
    [InlineData(" ")]
    [InlineData("eve\u0000")]
    [InlineData(" key:admin")]
    [InlineData("anonymous ")]
    [InlineData("k\u200Bey:admin")]
    [InlineData("\uFF4B\uFF45\uFF59:admin")]
    [InlineData("k\u0435y:admin")]
    [InlineData("\u0410nonymous")]
    [InlineData("cli\u2236root")]
    [InlineData("Anna\u202E")]
    // Found from outside: a space or a no-break space before the colon, small capitals, a dot above, a runic colon.
    [InlineData("key :admin")]
    [InlineData("key\u00A0:admin")]
    [InlineData("\u1D0B\u1D07\u028F:admin")]
    [InlineData("ke\u1E8F:admin")]
    [InlineData("key\u16ECadmin")]
    // Found from outside: a capital I for the l, a zero for the o, a turned k.
    [InlineData("cIi:root")]
    [InlineData("anonym0us")]
    [InlineData("\u029Eey:admin")]
    public async Task a_person_named_like_a_key_or_the_command_line_is_refused(string name)
    {
        var token = Token(System.Text.RegularExpressions.Regex.Unescape(name), "archivist");

        var refused = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {token}"))).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Empty((await Api.Get("/api/records?pageSize=1")).Json["items"]!.AsArray());
        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        // Not "expired, or not issued for this service": the token is the provider's own; what is wrong is the name.
        Assert.Contains("The token's 'preferred_username' claim", refused.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_token_that_gives_two_names_or_a_json_value_for_a_name_is_refused()
    {
        var twoNames = Token([new Claim("preferred_username", "ekaterina"), new Claim("preferred_username", "mallory"), new Claim("roles", "archivist")]);
        var jsonName = Token([new Claim("preferred_username", """{"given":"Ekaterina"}""", Microsoft.IdentityModel.JsonWebTokens.JsonClaimValueTypes.Json), new Claim("roles", "archivist")]);

        var refusedForTwo = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {twoNames}"))).ShouldBe(HttpStatusCode.Unauthorized);
        var refusedForJson = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {jsonName}"))).ShouldBe(HttpStatusCode.Unauthorized);

        Assert.Contains("gives 2 names", refusedForTwo.Json["detail"]!.GetValue<string>());
        Assert.Contains("not a name but a JSON value", refusedForJson.Json["detail"]!.GetValue<string>());

        Assert.Empty((await Api.Get("/api/records?pageSize=1")).Json["items"]!.AsArray());
    }

    /// <summary>
    /// Found from outside: a payload naming its roles twice acted with the last ("reader", then "admin", was an admin).
    /// Written by hand, as no token library writes a claim twice; the same token with the roles once is taken.
    /// </summary>
    [Fact]
    public async Task a_token_that_gives_a_claim_twice_is_refused()
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds();
        var claims = "{\"iss\":\"https://login.archive.test\",\"aud\":\"catalogue\",\"exp\":" + expires + ",\"preferred_username\":\"ekaterina\",";
        var rolesTwice = HandWritten(claims + "\"roles\":[\"reader\"],\"roles\":[\"admin\"]}");
        var rolesOnce = HandWritten(claims + "\"roles\":[\"admin\"]}");

        var refused = (await Bearer("").Get("/api/keys", ("Authorization", $"Bearer {rolesTwice}"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Bearer("").Get("/api/keys", ("Authorization", $"Bearer {rolesOnce}"))).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("gives its 'roles' claim twice", refused.Json["detail"]!.GetValue<string>());
    }

    private static string HandWritten(string payload)
    {
        var signed = Base64UrlEncoder.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Base64UrlEncoder.Encode(payload);
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes(CatalogueService.JwtSigningKey));
        return signed + "." + Base64UrlEncoder.Encode(hmac.ComputeHash(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>Found from outside: a name of 10,000 characters was taken, and written into every event the person made.</summary>
    [Fact]
    public async Task a_name_longer_than_the_audit_trail_keeps_is_refused_and_one_as_long_taken()
    {
        var longest = string.Concat(Enumerable.Repeat("Ekaterina K", 20))[..200];

        var refused = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {Token(longest + "K", "archivist")}"))).ShouldBe(HttpStatusCode.Unauthorized);
        var taken = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {Token(longest, "archivist")}"))).ShouldBe(HttpStatusCode.Created).Id;

        Assert.Contains("claim is longer than a name in the audit trail may be (200 characters at most)", refused.Json["detail"]!.GetValue<string>());
        await Service.ProjectionsCaughtUp();
        Assert.Equal([taken], (await Api.Get("/api/records")).Json["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
    }

    /// <summary>Names written in other scripts sign in as they are, with the joiners Persian needs and Cyrillic letters.</summary>
    [Theory]
    [InlineData("\u0645\u062D\u0645\u062F\u200C\u0631\u0636\u0627")]
    [InlineData("\u0415\u043A\u0430\u0442\u0435\u0440\u0438\u043D\u0430 \u041A\u0435\u0439")]
    [InlineData("Key Ekaterina")]
    [InlineData("Key, Francis Scott")]
    [InlineData("Clio Anonymous")]
    public async Task a_person_named_in_another_script_is_recorded_as_named(string name)
    {
        var id = (await Bearer("").Post("/api/records", new { title = "Memorandum" }, ("Authorization", $"Bearer {Token(name, "archivist")}"))).ShouldBe(HttpStatusCode.Created).Id;

        var events = (await Service.As("auditor").Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal(name, Assert.Single(events)!["actor"]!.GetValue<string>());
    }
}

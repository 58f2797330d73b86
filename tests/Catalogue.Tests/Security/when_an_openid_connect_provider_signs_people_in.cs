using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Alba;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Catalogue.Tests.Security;

/// <summary>
/// The catalogue configured with only the provider's address and the audience: it discovers the provider's signing
/// keys from its OpenID Connect metadata, as it would with the institution's real provider.
/// </summary>
public sealed class when_an_openid_connect_provider_signs_people_in(CatalogueService service) : CatalogueScenario(service), IAsyncLifetime
{
    private readonly RSA _providerKey = RSA.Create(2048);
    private WebApplication _provider = null!;
    private string _issuer = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _provider = builder.Build();
        var publicKey = _providerKey.ExportParameters(false);
        _provider.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = _issuer,
            ["jwks_uri"] = $"{_issuer}/jwks",
        }));
        _provider.MapGet("/jwks", () => Results.Json(new Dictionary<string, object>
        {
            ["keys"] = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "provider-key-1",
                    ["n"] = Base64UrlEncoder.Encode(publicKey.Modulus!), ["e"] = Base64UrlEncoder.Encode(publicKey.Exponent!),
                },
            },
        }));
        await _provider.StartAsync();
        _issuer = _provider.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public override async Task DisposeAsync()
    {
        await _provider.DisposeAsync();
        _providerKey.Dispose();
        await base.DisposeAsync();
    }

    private async Task<IAlbaHost> ACatalogueTrustingTheProvider()
    {
        var connectionString = await Service.NewDatabaseAsync("catalogue_oidc");

        return await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", connectionString);
            web.UseSetting("Catalogue:Jwt:Authority", _issuer);
            web.UseSetting("Catalogue:Jwt:Audience", "catalogue");
            web.UseSetting("Catalogue:Jwt:RequireHttpsMetadata", "false");
            web.UseSetting("Catalogue:RateLimit:PermitsPerMinute", "100000");
            web.UseEnvironment("Testing");
        });
    }

    private string TokenFor(string user, string role, RSA signer) =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            issuer: _issuer,
            audience: "catalogue",
            claims: [new Claim("preferred_username", user), new Claim("roles", role)],
            expires: DateTime.UtcNow.AddMinutes(5),
            signingCredentials: new SigningCredentials(new RsaSecurityKey(signer) { KeyId = "provider-key-1" }, SecurityAlgorithms.RsaSha256)));

    [Fact]
    public async Task a_token_from_the_provider_is_trusted_and_one_signed_elsewhere_is_not()
    {
        await using var catalogue = await ACatalogueTrustingTheProvider();
        var client = new Support.Api(catalogue.Server.CreateClient(), apiKey: null);

        var id = (await client.Post("/api/records", new { title = "Signed in through the provider" }, ("Authorization", $"Bearer {TokenFor("ekaterina", "archivist", _providerKey)}")))
            .ShouldBe(HttpStatusCode.Created).Id;
        var history = (await client.Get($"/api/records/{id}/history", ("Authorization", $"Bearer {TokenFor("auditor-anna", "auditor", _providerKey)}"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("ekaterina", history.Json["events"]![0]!["actor"]!.GetValue<string>());

        using var impostor = RSA.Create(2048);
        (await client.Get("/api/records", ("Authorization", $"Bearer {TokenFor("mallory", "admin", impostor)}"))).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task while_the_provider_cannot_be_reached_a_token_is_answered_503_to_try_again_not_401_to_sign_in_again()
    {
        await _provider.StopAsync();
        await using var catalogue = await ACatalogueTrustingTheProvider();
        var client = new Support.Api(catalogue.Server.CreateClient(), apiKey: null);

        var reply = await client.Get("/api/records", ("Authorization", $"Bearer {TokenFor("ekaterina", "archivist", _providerKey)}"));

        reply.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The sign-in provider cannot be reached", reply.Json["title"]!.GetValue<string>());
        Assert.Equal(TimeSpan.FromSeconds(30), reply.Headers.RetryAfter?.Delta);
        // Without a token there is nothing to check: still the 401 that says how to send credentials.
        (await client.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);
    }
}

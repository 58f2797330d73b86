using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Catalogue.Api.Security;

public sealed class SecurityOptions
{
    /// <summary>When true, anyone may read published records and their citations without credentials.</summary>
    public bool PublicReads { get; set; }
}

public static class SecurityServices
{
    public const string Scheme = "Catalogue";

    /// <summary>
    /// API keys (configured and stored) and, when <c>Catalogue:Jwt:Authority</c> or <c>Catalogue:Jwt:SigningKey</c> is set,
    /// JWT bearer tokens from an OpenID Connect provider; the role policies of <see cref="Policies"/>.
    /// </summary>
    public static WebApplicationBuilder AddCatalogueSecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var security = configuration.GetSection("Catalogue:Security").Get<SecurityOptions>() ?? new SecurityOptions();
        var configuredKeys = ConfiguredKeys(configuration);
        var jwt = configuration.GetSection("Catalogue:Jwt");
        var jwtEnabled = !string.IsNullOrWhiteSpace(jwt["Authority"]) || !string.IsNullOrWhiteSpace(jwt["SigningKey"]);

        builder.Services.AddSingleton(new ConfiguredApiKeys(configuredKeys));
        builder.Services.AddSingleton(KeyLookups.From(configuration));
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddSingleton<FirstStartAdminKey>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FirstStartAdminKey>());
        var authentication = builder.Services
            .AddAuthentication(Scheme)
            // A request sending a key beside a token goes to the key's handler, which refuses the two of them.
            .AddPolicyScheme(Scheme, "API key or bearer token", o => o.ForwardDefaultSelector = http =>
                jwtEnabled && !ApiKeyAuthenticationHandler.PresentsTwoCredentials(http.Request)
                    && http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, o => o.ConfiguredKeys = configuredKeys);
        if (jwtEnabled)
        {
            CheckJwtSettings(jwt);
            authentication.AddJwtBearer(o => ConfigureJwt(o, jwt));
        }

        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessRefusals>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, p => p.RequireAssertion(ctx => security.PublicReads || Roles.All.Any(ctx.User.IsInRole)))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Archivist, Roles.Auditor, Roles.Admin))
            .AddPolicy(Policies.Catalogue, p => p.RequireRole(Roles.Archivist, Roles.Admin))
            .AddPolicy(Policies.Audit, p => p.RequireRole(Roles.Auditor, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    public static IReadOnlyList<ConfiguredApiKey> ConfiguredKeys(IConfiguration configuration) =>
    [
        .. configuration.GetSection("Catalogue:ApiKeys").GetChildren()
            .Where(k => !string.IsNullOrWhiteSpace(k["Key"]) || !string.IsNullOrWhiteSpace(k["Role"]))
            .Select(k =>
            {
                // A role without its key (a misspelt variable, an empty secret) would leave a deployment without the
                // credential it counts on, found out only when something fails to authenticate.
                if (string.IsNullOrWhiteSpace(k["Key"]))
                    throw new Hosting.CatalogueConfigurationException($"Catalogue:ApiKeys:{k.Key}:Key must be set: the key '{k.Key}' has a role ({k["Role"]}) but no key.");
                var role = k["Role"] ?? "";
                if (!Roles.All.Contains(role))
                    throw new Hosting.CatalogueConfigurationException($"Catalogue:ApiKeys:{k.Key}:Role must be one of {string.Join(", ", Roles.All)}; it is '{role}'.");
                return new ConfiguredApiKey(k.Key, ApiKeys.Hash(k["Key"]!), role);
            }),
    ];

    /// <summary>
    /// The provider's settings, checked as the service starts: the bearer handler reads them only at the first token, and
    /// answered every token with 500 for an address that is no URL or one over plain HTTP it may not use.
    /// </summary>
    private static void CheckJwtSettings(IConfigurationSection jwt)
    {
        var requireHttps = jwt["RequireHttpsMetadata"] is not { Length: > 0 } value || (bool.TryParse(value, out var parsed)
            ? parsed
            : throw new Hosting.CatalogueConfigurationException($"Catalogue:Jwt:RequireHttpsMetadata must be true or false; it is '{value}'."));
        if (jwt["SigningKey"] is { Length: > 0 } shared && Encoding.UTF8.GetByteCount(shared) < 32)
        {
            // IdentityModel refuses a shorter HS256 key (IDX10720) when it checks a token: none signed with it could be accepted.
            throw new Hosting.CatalogueConfigurationException(
                $"Catalogue:Jwt:SigningKey must be at least 32 bytes (256 bits), as HS256 requires; it has {Encoding.UTF8.GetByteCount(shared)}.");
        }

        if (string.IsNullOrWhiteSpace(jwt["Authority"])) return;
        var authority = jwt["Authority"]!;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var address) || address.Scheme is not ("https" or "http"))
            throw new Hosting.CatalogueConfigurationException($"Catalogue:Jwt:Authority must be the provider's issuer URL (https://…); it is '{authority}'.");
        if (address.Scheme == "http" && requireHttps)
        {
            throw new Hosting.CatalogueConfigurationException(
                $"Catalogue:Jwt:Authority must use HTTPS, or Catalogue:Jwt:RequireHttpsMetadata be false for a provider on a private network; it is '{authority}'.");
        }
    }

    private static void ConfigureJwt(JwtBearerOptions options, IConfigurationSection jwt)
    {
        var roleClaim = jwt["RoleClaim"] ?? "roles";
        var nameClaim = jwt["NameClaim"] ?? "preferred_username";
        options.MapInboundClaims = false;
        if (!string.IsNullOrWhiteSpace(jwt["Authority"])) options.Authority = jwt["Authority"];
        // Only a provider on a private network or in a test may be reached over plain HTTP.
        options.RequireHttpsMetadata = jwt.GetValue("RequireHttpsMetadata", true);
        options.Audience = jwt["Audience"];
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = !string.IsNullOrWhiteSpace(jwt["Audience"]),
            ValidAudience = jwt["Audience"],
            ValidateIssuer = !string.IsNullOrWhiteSpace(jwt["Issuer"] ?? jwt["Authority"]),
            ValidIssuer = jwt["Issuer"] ?? jwt["Authority"],
            RoleClaimType = roleClaim,
            NameClaimType = nameClaim,
        };
        options.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = SignInProvider.NoteWhetherUnreachableAsync,
            OnTokenValidated = context =>
            {
                if ((ClaimsGivenTwice.ProblemWith(context.SecurityToken) ?? PersonNames.ProblemWith(context.Principal, nameClaim)) is { } problem)
                    context.Fail(new TokenClaimsRefused(problem));
                return Task.CompletedTask;
            },
        };
        // Without an OpenID Connect provider (development, tests), tokens are checked with a shared key.
        if (!string.IsNullOrWhiteSpace(jwt["SigningKey"]))
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt["SigningKey"]!));
    }

    /// <summary>The actor recorded on events: the authenticated principal's name, never anything the client sends.</summary>
    public static string? ActorOf(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : null;
}

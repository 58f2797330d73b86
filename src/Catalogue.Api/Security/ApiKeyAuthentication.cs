using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Catalogue.Api.Security;

/// <summary>A key declared in configuration: <c>Catalogue:ApiKeys:&lt;name&gt;:Key</c> and <c>…:Role</c>.</summary>
public sealed record ConfiguredApiKey(string Name, string KeyHash, string Role);

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public IReadOnlyList<ConfiguredApiKey> ConfiguredKeys { get; set; } = [];
}

/// <summary>
/// Authenticates <c>X-Api-Key: KEY</c> or <c>Authorization: ApiKey KEY</c> against the keys declared in
/// configuration and the keys stored (hashed) in the database. The principal's name is <c>key:NAME</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeys keys)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[Header].ToString();
        if (header.Length > 0) return header.Trim(OptionalWhitespace);
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..].Trim(OptionalWhitespace) : null;
    }

    /// <summary>
    /// The spaces and tabs HTTP allows around a header's value (RFC 9110 §5.6.3), and nothing else: found from outside,
    /// a key followed by a vertical tab or a no-break space was taken as the key, which .NET's Trim() also strips.
    /// </summary>
    private static readonly char[] OptionalWhitespace = [' ', '\t'];

    /// <summary>Whether the request carries an <c>X-Api-Key</c> and an <c>Authorization</c> header both.</summary>
    public static bool PresentsTwoCredentials(HttpRequest request) =>
        request.Headers[Header].ToString().Length > 0 && request.Headers.Authorization.ToString().Length > 0;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Which of two credentials acts — and so is named in the history of each change — would be the service's guess.
        if (PresentsTwoCredentials(Request)) return AuthenticateResult.Fail(new TwoCredentialsPresented());
        var presented = PresentedKey(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        if (presented.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed API key.");

        var hash = ApiKeys.Hash(presented);
        var configured = Options.ConfiguredKeys.FirstOrDefault(k =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.KeyHash), Encoding.ASCII.GetBytes(hash)));
        var (name, role) = configured is not null
            ? (configured.Name, configured.Role)
            : await keys.FindActiveAsync(presented, Context.RequestAborted) is { } stored ? (stored.Name, stored.Role) : (null, null);
        if (name is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"key:{name}"), new Claim(ClaimTypes.Role, role!)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

/// <summary>A request that sends an API key and another credential: refused whichever would pass.</summary>
public sealed class TwoCredentialsPresented() : Exception("An API key and an Authorization header were both sent.");

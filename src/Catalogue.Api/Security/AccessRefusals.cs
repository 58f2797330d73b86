using Catalogue.Api.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;

namespace Catalogue.Api.Security;

/// <summary>
/// 401 and 403 as problem details that say what to do: a 401 challenges for every scheme the service accepts
/// (WWW-Authenticate: ApiKey, and Bearer when people sign in with tokens) and says how to send credentials; a 403
/// names the roles the endpoint needs. ASP.NET Core's own answers are bare status codes.
/// </summary>
public sealed class AccessRefusals : IAuthorizationMiddlewareResultHandler
{
    public const string Realm = "catalogue";

    public Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult authorization)
    {
        if (authorization.Challenged) return Unauthenticated().ExecuteAsync(http);
        if (authorization.Forbidden) return Forbidden(RolesOf(policy)).ExecuteAsync(http);
        return next(http);
    }

    /// <summary>401: how to authenticate, and why what was sent was not accepted.</summary>
    public static IResult Unauthenticated() => new Refusal(async http =>
    {
        // The handlers keep their result for the request, so this reads why the credentials failed without checking them again.
        var refused = (await http.AuthenticateAsync()).Failure;
        var failure = refused?.Message;
        if (SignInProvider.WasUnreachable(http))
        {
            // Not the token's fault, and not the client's to mend: a 401 would send the person to sign in again.
            http.Response.Headers.RetryAfter = SignInProvider.RetryAfterSeconds;
            return (new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The sign-in provider cannot be reached",
                Detail = "The bearer token cannot be checked: the service could not read the OpenID Connect provider's signing keys "
                    + "(Catalogue:Jwt:Authority). Try again shortly, or send an API key instead.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            }, failure);
        }

        var bearerAccepted = await http.RequestServices.GetRequiredService<IAuthenticationSchemeProvider>().GetSchemeAsync(JwtBearerDefaults.AuthenticationScheme) is not null;
        var authorization = http.Request.Headers.Authorization.ToString();
        var presentedBearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        var presentedKey = ApiKeyAuthenticationHandler.PresentedKey(http.Request) is not null;
        var otherScheme = !presentedBearer && !presentedKey && authorization.Length > 0 ? authorization.Split(' ', 2)[0] : null;
        // A scheme and nothing after it, as a script sends one whose variable was empty (found from outside: it was told
        // "ApiKey is not a way to sign in", the header's trailing space trimmed away before the service saw it).
        var schemeAlone = otherScheme is not null && otherScheme == authorization.Trim();
        var emptyBearer = schemeAlone && otherScheme!.Equals(JwtBearerDefaults.AuthenticationScheme, StringComparison.OrdinalIgnoreCase);
        var emptyKey = schemeAlone && otherScheme!.Equals(ApiKeyAuthenticationHandler.SchemeName, StringComparison.OrdinalIgnoreCase);

        var challenges = new List<string> { $"{ApiKeyAuthenticationHandler.SchemeName} realm=\"{Realm}\"" };
        // RFC 6750 §3.1: a token that was sent and refused is invalid_token; without one the challenge carries no error.
        if (bearerAccepted) challenges.Add(presentedBearer ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\"" : $"Bearer realm=\"{Realm}\"");
        http.Response.Headers.WWWAuthenticate = new StringValues([.. challenges]);

        var how = bearerAccepted
            ? "Send an API key in the X-Api-Key header (or as Authorization: ApiKey KEY), or sign in and send the token as Authorization: Bearer TOKEN."
            : "Send an API key in the X-Api-Key header (or as Authorization: ApiKey KEY).";
        var why = (presentedKey, presentedBearer, bearerAccepted) switch
        {
            _ when refused is TwoCredentialsPresented =>
                "Two credentials were sent, an X-Api-Key header and an Authorization header: each change is recorded as made by one of them, so send one. ",
            _ when emptyBearer && !bearerAccepted => "This service does not accept bearer tokens. ",
            _ when emptyBearer => $"Authorization: {otherScheme} carries no token after it. ",
            _ when emptyKey => $"Authorization: {otherScheme} carries no key after it. ",
            _ when otherScheme is not null => $"Authorization: {Validation.Echoed.Shortened(otherScheme, 20)} is not a way to sign in to this service. ",
            (true, _, _) => "The API key was not accepted: it is unknown, revoked or malformed. ",
            // The provider signed it, but the person it names cannot act in the audit trail: the why is theirs to know.
            (_, true, true) when refused is TokenClaimsRefused => $"The bearer token was not accepted. {failure} ",
            (_, true, true) => "The bearer token was not accepted: it is expired, not yet valid, or not issued for this service by the configured provider. ",
            (_, true, false) => "This service does not accept bearer tokens. ",
            _ => "This endpoint needs credentials. ",
        };
        return (new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Authentication required",
            Detail = why + how,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        }, failure);
    });

    /// <summary>403: the roles that may call the endpoint, and the caller's own.</summary>
    public static IResult Forbidden(IReadOnlyList<string> roles) => new Refusal(http =>
    {
        var own = Roles.All.Where(http.User.IsInRole).ToList();
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Not allowed for your role",
            Detail = $"This endpoint needs the role {Either(roles)}; "
                + (own.Count == 0 ? "your credentials carry none of the catalogue's roles." : $"your credentials carry the role {Either(own)}."),
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        };
        problem.Extensions["requiredRoles"] = roles;
        return Task.FromResult<(ProblemDetails, string?)>((problem, null));
    });

    /// <summary>The roles a policy lets through; a policy of ours without a role requirement (public reads) takes any role.</summary>
    private static IReadOnlyList<string> RolesOf(AuthorizationPolicy policy)
    {
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        return roles.Count > 0 ? roles : Roles.All;
    }

    private static string Either(IReadOnlyList<string> roles) =>
        roles.Count == 1 ? roles[0] : $"{string.Join(", ", roles.Take(roles.Count - 1))} or {roles[^1]}";

    /// <summary>The answer, and what the server saw (the handler's reason for refusing the credentials) for the log only.</summary>
    private sealed class Refusal(Func<HttpContext, Task<(ProblemDetails Problem, string? Cause)>> describe) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var (problem, cause) = await describe(http);
            ClientErrors.Log(http, problem, cause);
            await Results.Problem(problem).ExecuteAsync(http);
        }
    }
}

using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Catalogue.Api.Security;

/// <summary>
/// The OpenID Connect provider people sign in with, as far as checking a token needs it: its metadata and signing keys,
/// read over the network. When they cannot be read the token is neither good nor bad, and the request is answered 503
/// (<see cref="AccessRefusals.Unauthenticated"/>), with a warning in the log for the operator — not 401, which said the
/// token had expired and sent people to sign in again while the provider was down or its address was wrong.
/// </summary>
public static class SignInProvider
{
    public const string RetryAfterSeconds = "30";

    private static readonly object Unreachable = new();

    /// <summary>
    /// After a token failed for want of signing keys (IDX10500), whether that is because the provider's configuration
    /// cannot be read: the token handler swallows that failure and reports only the missing keys. Asked again here, the
    /// configuration manager either answers from what it holds or tries the provider once more.
    /// </summary>
    public static async Task NoteWhetherUnreachableAsync(AuthenticationFailedContext context)
    {
        if (context.Exception?.Message.Contains("IDX10500", StringComparison.Ordinal) != true || context.Options.ConfigurationManager is not { } provider) return;
        try
        {
            await provider.GetConfigurationAsync(context.HttpContext.RequestAborted);
        }
        catch (Exception unreadable) when (unreadable is not OperationCanceledException)
        {
            context.HttpContext.Items[Unreachable] = unreadable;
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInProvider)).LogWarning(
                "The OpenID Connect provider at {Authority} could not be read to check a bearer token: {Reason}",
                context.Options.Authority, unreadable.InnerException?.Message ?? unreadable.Message);
        }
    }

    public static bool WasUnreachable(HttpContext http) => http.Items.ContainsKey(Unreachable);
}

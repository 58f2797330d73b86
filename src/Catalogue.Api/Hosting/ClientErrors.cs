using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Logs a request refused at the service's edge for the client's own mistake — a body that cannot be read as the
/// endpoint reads it (content type, JSON, size, arrival) or credentials that do not let it in — once, at Information,
/// with why and never a stack trace: there is nothing on the server to fix, and a client repeating its mistake in a
/// loop must not fill the log. Operators silence it with <c>Logging:LogLevel:Catalogue.Api.ClientErrors</c>.
/// </summary>
public static class ClientErrors
{
    public const string Category = "Catalogue.Api.ClientErrors";

    /// <param name="cause">What the server saw, when the answer does not say it (an exception's message, an authentication failure).</param>
    public static void Log(HttpContext http, ProblemDetails problem, string? cause = null)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        if (!logger.IsEnabled(LogLevel.Information)) return;

        var reason = problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? string.Join("; ", validation.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            : problem.Detail;
        logger.LogInformation(
            "Refused {Method} {Path} with {Status} {Title}: {Reason}{Cause}",
            http.Request.Method, http.Request.Path.Value, problem.Status, problem.Title, reason, cause is null ? "" : $" ({cause})");
    }
}

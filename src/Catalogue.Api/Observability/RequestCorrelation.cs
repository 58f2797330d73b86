using System.Collections;
using System.Diagnostics;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Observability;

/// <summary>
/// Puts the request's correlation id (the one its events record and its X-Correlation-Id response header carries)
/// on every log line written while serving it, as the scope property <c>CorrelationId</c>, and on its trace as
/// <c>catalogue.correlation_id</c>.
/// </summary>
public static class RequestCorrelation
{
    public const string ScopeProperty = "CorrelationId";
    public const string ActivityTag = "catalogue.correlation_id";

    /// <summary>The category of the one line each request is logged with.</summary>
    public const string RequestsCategory = "Catalogue.Api.Requests";

    /// <summary>
    /// Runs first in the pipeline, so that exception handling, authentication, every endpoint and the request's own
    /// line all log inside the scope.
    /// </summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var loggers = app.ApplicationServices.GetRequiredService<ILoggerFactory>();
            var scopes = loggers.CreateLogger(typeof(RequestCorrelation).FullName!);
            var requests = loggers.CreateLogger(RequestsCategory);
            app.Use(async (http, nextMiddleware) =>
            {
                var correlationId = ChangeContext.CorrelationIdOf(http);
                Activity.Current?.SetTag(ActivityTag, correlationId);
                using (scopes.BeginScope(new Scope(correlationId)))
                {
                    var started = Stopwatch.GetTimestamp();
                    var failed = false;
                    try
                    {
                        await nextMiddleware(http);
                    }
                    catch
                    {
                        failed = true;
                        throw;
                    }
                    finally
                    {
                        LogRequest(requests, http, failed ? StatusCodes.Status500InternalServerError : http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
                    }
                }
            });
            next(app);
        };
    }

    /// <summary>
    /// Method, path, status and duration; never headers, query or body, which carry keys and documents. A probe of
    /// /health that succeeds is Debug: an orchestrator asks every few seconds.
    /// </summary>
    private static void LogRequest(ILogger logger, HttpContext http, int status, TimeSpan elapsed)
    {
        var level = status < 400 && http.Request.Path.StartsWithSegments("/health") ? LogLevel.Debug : LogLevel.Information;
        if (!logger.IsEnabled(level)) return;
        logger.Log(
            level,
            "{Method} {Path} {StatusCode} in {ElapsedMilliseconds} ms",
            http.Request.Method,
            (http.Request.PathBase + http.Request.Path).ToString(),
            status,
            Math.Round(elapsed.TotalMilliseconds, 1));
    }

    /// <summary>A scope the console formatters (simple and json) and structured providers read as one named property.</summary>
    private sealed class Scope(string correlationId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?> _property = new(ScopeProperty, correlationId);

        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? _property : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return _property;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{ScopeProperty}:{_property.Value}";
    }
}

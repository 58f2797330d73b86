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

    /// <summary>
    /// Runs first in the pipeline, so that exception handling, authentication, every endpoint and the one-line request
    /// log (ASP.NET Core's HTTP logging, next in line) all log inside the scope.
    /// </summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestCorrelation).FullName!);
            app.Use(async (http, nextMiddleware) =>
            {
                var correlationId = ChangeContext.CorrelationIdOf(http);
                Activity.Current?.SetTag(ActivityTag, correlationId);
                using (logger.BeginScope(new Scope(correlationId)))
                {
                    await nextMiddleware(http);
                }
            });
            app.UseHttpLogging();
            next(app);
        };
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

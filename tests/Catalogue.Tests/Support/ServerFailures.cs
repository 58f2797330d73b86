using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Support;

/// <summary>
/// What the services under test logged as an error (or a warning with an exception), by the request's correlation id,
/// so that a test meeting a 5xx can say what happened on the server: the client only ever sees a title and a trace id.
/// </summary>
public sealed class ServerFailures
{
    public static readonly ServerFailures Logged = new();

    private readonly ConcurrentDictionary<string, string> _byCorrelationId = new();

    public string? For(string? correlationId) => correlationId is not null && _byCorrelationId.TryGetValue(correlationId, out var logged) ? logged : null;

    /// <summary>
    /// A logger provider for one host. Each host has a provider of its own because a host hands its provider the
    /// scopes of its own requests: one provider shared by hosts would read only the scopes of the host made last, and
    /// find no correlation id for a failure in any other.
    /// </summary>
    public ILoggerProvider ForOneHost() => new Provider(this);

    private sealed class Provider(ServerFailures owner) : ILoggerProvider, ISupportExternalScope
    {
        private readonly ServerFailures _owner = owner;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(Provider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            /// <summary>Warnings too: a 503 (database unavailable or too slow) is logged as a warning with its exception.</summary>
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel) || (logLevel < LogLevel.Error && exception is null)) return;
                string? correlationId = null;
                provider._scopes.ForEachScope(
                    (scope, _) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                if (key == "CorrelationId") correlationId = value?.ToString();
                            }
                        }
                    },
                    (object?)null);
                if (correlationId is not null) provider._owner._byCorrelationId[correlationId] = $"{category}: {formatter(state, exception)}\n{exception}";
            }
        }
    }
}

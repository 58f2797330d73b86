using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Support;

public sealed record CapturedLine(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Scope, Exception? Exception = null)
{
    public string? ScopeValue(string name) => Scope.TryGetValue(name, out var value) ? value?.ToString() : null;
}

/// <summary>A logger provider that keeps every line with the properties of the scopes it was written in, and its exception.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLine> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new Dictionary<string, object?>();
            owner._scopes.ForEachScope(
                (s, properties) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, value) in pairs) properties[key] = value;
                    }
                },
                scope);
            owner._lines.Enqueue(new CapturedLine(category, logLevel, formatter(state, exception), scope, exception));
        }
    }
}

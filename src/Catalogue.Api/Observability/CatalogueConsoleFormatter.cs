using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Catalogue.Api.Observability;

/// <summary>
/// The console as a person reads it: one line per entry — time, level, message, and the request's correlation id when
/// it was written while serving one — with the source of a warning or error at its end and an exception's stack on
/// the lines below. (The simple formatter spends two lines and a row of trace ids on each entry; json is for machines.)
/// </summary>
public sealed class CatalogueConsoleFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "catalogue";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null) return;

        var settings = options.CurrentValue;
        var now = settings.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
        var prefix = $"{now.ToString(settings.TimestampFormat ?? "HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture)}{Label(logEntry.LogLevel)} ";
        var line = new StringBuilder(prefix);
        AppendIndented(line, message, new string(' ', prefix.Length));
        if (settings.IncludeScopes && CorrelationIdIn(scopeProvider) is { } correlationId) line.Append(" [").Append(correlationId).Append(']');
        if (logEntry.LogLevel >= LogLevel.Warning) line.Append(" (").Append(logEntry.Category).Append(')');
        if (logEntry.Exception is { } exception)
        {
            line.Append('\n').Append(' ', prefix.Length);
            AppendIndented(line, exception.ToString(), new string(' ', prefix.Length));
        }

        textWriter.Write(line.Append('\n'));
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "    ",
    };

    /// <summary>A message of several lines (the start banner) keeps its shape under the first line's text.</summary>
    private static void AppendIndented(StringBuilder line, string text, string indent)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        line.Append(lines[0]);
        foreach (var next in lines.Skip(1)) line.Append('\n').Append(indent).Append(next);
    }

    private static string? CorrelationIdIn(IExternalScopeProvider? scopes)
    {
        string? found = null;
        scopes?.ForEachScope(
            (scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    foreach (var (name, value) in properties)
                    {
                        if (name == RequestCorrelation.ScopeProperty) found = value?.ToString();
                    }
                }
            },
            (object?)null);
        return found;
    }
}

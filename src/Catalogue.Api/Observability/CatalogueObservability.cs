using JasperFx.OpenTelemetry;
using Marten;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Catalogue.Api.Observability;

/// <summary>
/// Traces, metrics and request-correlated logs. Traces and metrics follow OpenTelemetry's standard environment
/// variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>,
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>); without an endpoint they are recorded but not exported.
/// </summary>
public static class CatalogueObservability
{
    public const string DefaultServiceName = "catalogue";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The ActivitySources of the Critter Stack: Wolverine's handlers and HTTP chains, Marten's sessions.</summary>
    public static readonly string[] CritterStackSources = ["Wolverine", "Marten"];

    /// <summary>Their Meters; Wolverine names its meter after the service ("Wolverine:Catalogue.Api").</summary>
    public static readonly string[] CritterStackMeters = ["Wolverine", "Wolverine:*", "Marten"];

    /// <param name="runsTheService">False for a command-line verb, whose console shows only warnings and errors.</param>
    public static WebApplicationBuilder AddCatalogueObservability(this WebApplicationBuilder builder, bool runsTheService = true)
    {
        AddCorrelatedLogging(builder, runsTheService);
        AddOpenTelemetry(builder);
        builder.Services.AddTransient<IStartupFilter, RequestCorrelation.StartupFilter>();
        return builder;
    }

    /// <summary>OTEL_SERVICE_NAME, else <c>service.name</c> in OTEL_RESOURCE_ATTRIBUTES, else "catalogue" (the precedence the OpenTelemetry specification gives).</summary>
    public static string ServiceNameFrom(IConfiguration configuration)
    {
        if (configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } named) return named.Trim();
        foreach (var attribute in (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = attribute.IndexOf('=') is var at and > 0 ? (attribute[..at].Trim(), attribute[(at + 1)..].Trim()) : ("", "");
            if (key == "service.name" && value.Length > 0) return Uri.UnescapeDataString(value);
        }

        return DefaultServiceName;
    }

    /// <summary>
    /// The console as people read it (see <see cref="CatalogueConsoleFormatter"/>), for the service and for the launcher
    /// of its embedded PostgreSQL alike. <paramref name="runsTheService"/> false (a command-line verb): only warnings and
    /// errors, so that what the verb prints is what is read, unless <c>Logging:LogLevel:Default</c> says otherwise, and
    /// written to standard error.
    /// </summary>
    public static ILoggingBuilder AddCatalogueConsole(this ILoggingBuilder logging, IConfiguration configuration, bool runsTheService)
    {
        logging.AddConsoleFormatter<CatalogueConsoleFormatter, ConsoleFormatterOptions>();
        // Without a formatter name the console logger ignores the formatter options (it reads its obsolete own), so name
        // one; Logging:Console:FormatterName chooses another (simple, or json for one object per line).
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= CatalogueConsoleFormatter.FormatterName);

        // The correlation id travels as a log scope, so the console shows scopes unless configuration says otherwise.
        if (configuration["Logging:Console:FormatterOptions:IncludeScopes"] is null)
        {
            logging.Services.Configure<ConsoleFormatterOptions>(o => o.IncludeScopes = true);
            logging.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
            logging.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        }

        // The Critter Stack's and the host's routine lines (code generation mode, endpoints found, agents started, the
        // message store's migration SQL, "Now listening on", "Press Ctrl+C") say what the start banner says, or nothing a
        // person acts on; their warnings and errors still show.
        LevelUnlessConfigured(logging, configuration, "Wolverine", LogLevel.Warning);
        // Catalogue has no message handlers, and Wolverine warns about that on every start.
        LevelUnlessConfigured(logging, configuration, "Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
        LevelUnlessConfigured(logging, configuration, "Marten.Events.Daemon", LogLevel.Warning);
        LevelUnlessConfigured(logging, configuration, "Microsoft.Hosting.Lifetime", LogLevel.Warning);
        if (!runsTheService && configuration["Logging:LogLevel:Default"] is null) logging.SetMinimumLevel(LogLevel.Warning);
        // A verb's standard output is what it makes (export --out - streams records there): its log lines go beside it.
        if (!runsTheService) logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        return logging;
    }

    private static void AddCorrelatedLogging(WebApplicationBuilder builder, bool runsTheService)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddCatalogueConsole(builder.Configuration, runsTheService);

        // Each request is logged once, by RequestCorrelation, inside its correlation scope. The host's own
        // "Request starting/finished" pair is written outside any middleware, so without the correlation id: it is
        // lowered to Warning unless configuration sets its level.
        LevelUnlessConfigured(builder.Logging, builder.Configuration, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        // ASP.NET Core's own lines about each request (endpoint executing, result status, authorization failed) repeat
        // what the request line and, for a refusal, the catalogue's one line with its reason (Catalogue.Api.ClientErrors)
        // already say; the bearer handler even logs every refused token with the validation exception's stack trace.
        LevelUnlessConfigured(builder.Logging, builder.Configuration, "Microsoft.AspNetCore", LogLevel.Warning);
        LevelUnlessConfigured(builder.Logging, builder.Configuration, "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerHandler", LogLevel.Warning);
        // The API key handler logs as ASP.NET Core's handlers do, under its own name: "ApiKey was not authenticated", once
        // for each time the request's credentials are asked for (found from outside: two lines a refused key, beside
        // the catalogue's one, tripling the log under a flood of wrong keys).
        LevelUnlessConfigured(builder.Logging, builder.Configuration, typeof(Security.ApiKeyAuthenticationHandler).FullName!, LogLevel.Warning);
    }

    /// <summary>Sets a category's level, unless <c>Logging:LogLevel:&lt;category&gt;</c> sets it.</summary>
    private static void LevelUnlessConfigured(ILoggingBuilder logging, IConfiguration configuration, string category, LogLevel level)
    {
        if (configuration[$"Logging:LogLevel:{category}"] is null) logging.AddFilter(category, level);
    }

    private static void AddOpenTelemetry(WebApplicationBuilder builder)
    {
        // Without an endpoint the exporter would try localhost:4317 and log every failure; record, export nothing.
        var export = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        var version = typeof(CatalogueObservability).Assembly.GetName().Version?.ToString();

        builder.Services.ConfigureMarten(opts =>
        {
            opts.OpenTelemetry.TrackConnections = TrackLevel.Normal;
            opts.OpenTelemetry.TrackEventCounters();
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceNameFrom(builder.Configuration), serviceVersion: version))
            .WithTracing(tracing =>
            {
                tracing
                    // Orchestrators probe every few seconds; those spans would drown the requests worth reading.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddNpgsql()
                    .AddSource(CritterStackSources);
                if (export) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter(CritterStackMeters)
                    .AddMeter(Audit.Chain.SealingLagMonitor.MeterName);
                if (export) metrics.AddOtlpExporter();
            });
    }
}

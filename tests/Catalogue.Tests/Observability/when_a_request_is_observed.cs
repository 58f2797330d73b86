using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Alba;
using Catalogue.Api.Observability;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Catalogue.Tests.Observability;

/// <summary>
/// Runs its own service, with a log capture and OpenTelemetry's in-memory exporters, on a database of its own in
/// the shared cluster (so its Wolverine node and projection daemon never meet the shared service's).
/// </summary>
public sealed class when_a_request_is_observed(CatalogueService service) : CatalogueScenario(service)
{
    private const string ApiKey = "cat_observability-test-key";
    private static readonly SemaphoreSlim DatabaseGate = new(1, 1);
    private static string? _connectionString;

    private readonly CapturedLogs _logs = new();
    private readonly CapturedSpans _spans = new();
    private readonly List<MetricSnapshot> _metrics = [];
    private IAlbaHost _host = null!;
    private HttpClient _client = null!;

    public override async Task InitializeAsync()
    {
        var connectionString = await OwnDatabaseAsync(Service.Cluster.ConnectionString);
        _host = await AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", connectionString);
            web.UseSetting("Catalogue:ApiKeys:observer:Key", ApiKey);
            web.UseSetting("Catalogue:ApiKeys:observer:Role", "admin");
            web.UseEnvironment("Testing");
            web.ConfigureServices(services =>
            {
                services.AddLogging(b => b.AddProvider(_logs).AddFilter<CapturedLogs>(null, LogLevel.Debug));
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
                services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
            });
        });
        _client = _host.Server.CreateClient();
    }

    public override async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task every_line_it_logs_carries_its_correlation_id_and_trace_id()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var reply = (await Accession(Headers(traceId, correlationId: "ticket-4711"))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("ticket-4711", reply.Headers.GetValues("X-Correlation-Id").Single());

        var served = ServedLines(traceId);
        Assert.NotEmpty(served);
        Assert.Contains(served, l => l.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal));
        Assert.All(served, l => Assert.Equal("ticket-4711", l.ScopeValue(RequestCorrelation.ScopeProperty)));
    }

    /// <summary>
    /// The lines logged while the request was served. The host's own "Request starting/finished" lines are written
    /// outside the pipeline, before and after it, so without its scope; this capture listens to them at Debug.
    /// </summary>
    private List<CapturedLine> ServedLines(ActivityTraceId traceId) =>
        [.. _logs.Lines.Where(l => l.ScopeValue("TraceId") == traceId.ToHexString() && l.Category != "Microsoft.AspNetCore.Hosting.Diagnostics")];

    [Fact]
    public async Task each_request_is_logged_once_with_its_outcome_inside_its_correlation_scope()
    {
        var traceId = ActivityTraceId.CreateRandom();
        (await Accession(Headers(traceId, correlationId: "ticket-4712"))).ShouldBe(HttpStatusCode.Created);

        var request = Assert.Single(ServedLines(traceId), l => l.Category == RequestCorrelation.RequestsCategory);
        Assert.Equal("ticket-4712", request.ScopeValue(RequestCorrelation.ScopeProperty));
        Assert.Equal(LogLevel.Information, request.Level);
        Assert.Matches(@"^POST /api/records 201 in [\d.]+ ms$", request.Message);
        Assert.DoesNotContain(ApiKey, request.Message);
        // The host's own pair of lines, written outside every scope, is lowered to Warning for every provider not
        // configured otherwise (this capture listens at Debug to everything).
        var rules = _host.Services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;
        Assert.Contains(rules, r => r is { ProviderName: null, CategoryName: "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel: LogLevel.Warning });
    }

    [Fact]
    public async Task without_a_correlation_header_its_lines_carry_the_trace_id_as_correlation_id()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var reply = (await Accession(Headers(traceId))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(traceId.ToHexString(), reply.Headers.GetValues("X-Correlation-Id").Single());

        var served = ServedLines(traceId);
        Assert.NotEmpty(served);
        Assert.All(served, l => Assert.Equal(traceId.ToHexString(), l.ScopeValue(RequestCorrelation.ScopeProperty)));
    }

    [Fact]
    public async Task a_command_is_traced_from_the_http_server_span_to_its_database_calls()
    {
        var traceId = ActivityTraceId.CreateRandom();
        (await Accession(Headers(traceId, correlationId: "ticket-4712"))).ShouldBe(HttpStatusCode.Created);

        var spans = await SpansOf(traceId, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        var server = spans.Single(s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        Assert.Equal("/api/records", server.GetTagItem("http.route"));
        Assert.Equal(201, server.GetTagItem("http.response.status_code"));
        Assert.Equal("ticket-4712", server.GetTagItem(RequestCorrelation.ActivityTag));
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
    }

    [Fact]
    public async Task the_request_duration_is_measured()
    {
        (await Accession(Headers(ActivityTraceId.CreateRandom()))).ShouldBe(HttpStatusCode.Created);

        static bool TheAccession(MetricPoint point) => Tag(point, "http.route") == "/api/records" && Tag(point, "http.request.method") == "POST";

        // The server records a request's duration when the request ends on its side, which may come after the client
        // has read the answer: flushed too soon, the metric is not there yet.
        var duration = await Eventually.Until(
            () =>
            {
                Assert.True(_host.Services.GetRequiredService<MeterProvider>().ForceFlush(5_000));
                return _metrics.Where(m => m.Name == "http.server.request.duration").SelectMany(m => m.MetricPoints).ToList();
            },
            points => points.Any(TheAccession),
            "the accession's request duration to be recorded",
            describe: points => $"{points.Count} points");
        Assert.Contains(duration, TheAccession);
    }

    /// <summary>The shared fixture's client knows the shared host's keys; this host has its own.</summary>
    private async Task<Reply> Accession((string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/records")
        {
            Content = JsonContent.Create(Support.Catalogue.SeedAccession(), options: Support.Api.Json),
        };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await _client.SendAsync(request);
        return new Reply(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void the_console_shows_the_correlation_scope()
    {
        var console = _host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        Assert.Equal(CatalogueConsoleFormatter.FormatterName, console.FormatterName);
        Assert.True(_host.Services.GetRequiredService<IOptionsMonitor<ConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(_host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(_host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    private static (string Name, string Value)[] Headers(ActivityTraceId traceId, string? correlationId = null)
    {
        var traceparent = ("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return correlationId is null
            ? [("X-Api-Key", ApiKey), traceparent]
            : [("X-Api-Key", ApiKey), traceparent, ("X-Correlation-Id", correlationId)];
    }

    /// <summary>The server span ends a moment after the client has its response; wait for it.</summary>
    private Task<IReadOnlyList<Activity>> SpansOf(ActivityTraceId traceId, Func<Activity, bool> awaited) =>
        Eventually.Until(
            () => _spans.Of(traceId), spans => spans.Any(awaited), $"the awaited span of trace {traceId}", TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(100),
            spans => $"[{string.Join(", ", spans.Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName}"))}]");

    private static string? Tag(MetricPoint point, string name)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == name) return tag.Value?.ToString();
        }

        return null;
    }

    private static async Task<string> OwnDatabaseAsync(string clusterConnectionString)
    {
        await DatabaseGate.WaitAsync();
        try
        {
            if (_connectionString is not null) return _connectionString;
            var name = $"catalogue_observability_{Guid.NewGuid():N}"[..40];
            await using (var connection = new NpgsqlConnection(clusterConnectionString))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            return _connectionString = new NpgsqlConnectionStringBuilder(clusterConnectionString) { Database = name }.ConnectionString;
        }
        finally
        {
            DatabaseGate.Release();
        }
    }
}

using System.Net;
using System.Text;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Observability;

/// <summary>
/// A client's mistakes are the client's to fix: each refusal is logged once, at Information, with why and without a
/// stack trace, so a client sending bad requests in a loop cannot fill the log (it once grew 30 MB in 400 s); by any
/// logger — the catalogue's, Wolverine's or ASP.NET Core's. A genuine failure is still logged at Error with its stack.
/// </summary>
public sealed class when_clients_send_bad_requests(CatalogueService service) : CatalogueScenario(service)
{
    private const string ReaderKey = "bad-requests-reader-key";
    private const string ClientErrorsCategory = "Catalogue.Api.ClientErrors";

    private readonly CapturedLogs _logs = new();

    private Task<OwnCatalogue> ACatalogueWithItsLogCaptured(Action<IServiceCollection>? services = null) =>
        Service.StartOwnCatalogueAsync(
            "catalogue_bad_requests",
            new Dictionary<string, string>
            {
                ["Catalogue:ApiKeys:reader:Key"] = ReaderKey,
                ["Catalogue:ApiKeys:reader:Role"] = "reader",
                ["Catalogue:Jwt:SigningKey"] = CatalogueService.JwtSigningKey,
                ["Catalogue:Jwt:Issuer"] = "https://login.archive.test",
                ["Catalogue:Jwt:Audience"] = "catalogue",
            },
            collection =>
            {
                // At the levels the service's own configuration sets, as its console would show them.
                collection.AddLogging(logging => logging.AddProvider(_logs));
                services?.Invoke(collection);
            });

    private static HttpContent Json(string json, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A body sent chunked, its length not declared: only reading it finds it too large.</summary>
    private sealed class Unsized(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task a_flood_of_them_writes_no_stack_trace_and_nothing_at_warning_or_above()
    {
        await using var catalogue = await ACatalogueWithItsLogCaptured();
        var admin = catalogue.Admin;
        var id = (await admin.AccessionTheSeed("ACC-TAKEN")).Id;
        var reader = new Support.Api(catalogue.Host.Server.CreateClient(), ReaderKey);
        var stranger = new Support.Api(catalogue.Host.Server.CreateClient(), "not-a-key");
        var oversized = new string('a', 9 * 1024 * 1024);
        var subjects = $"/api/records/{id}/subjects";

        // What the catalogue refuses at its edge (and explains in a line of its own), and refusals of the commands themselves.
        var explained = new (string Name, Func<(string, string)[], Task<Reply>> Send)[]
        {
            ("malformed-json", h => admin.PostContent("/api/records", Json("{\"title\":\"unterminated"), h)),
            ("wrong-type", h => admin.PostContent("/api/records", Json("{\"title\":123}"), h)),
            ("wrong-nested-type", h => admin.PostContent(subjects, Json("{\"version\":1,\"subjects\":\"Korea\"}"), h)),
            ("json-null", h => admin.PostContent(subjects, Json("null"), h)),
            ("not-utf8", h => admin.PostContent(subjects, new ByteArrayContent([.. "{\"subjects\":[\"M"u8, 0xFC, .. "\"]}"u8]) { Headers = { { "Content-Type", "application/json" } } }, h)),
            ("text-plain-command", h => admin.PostContent(subjects, Json("{\"version\":1,\"subjects\":[\"Korea\"]}", "text/plain"), h)),
            ("no-content-type", h => admin.PostContent(subjects, Json("{\"version\":1,\"subjects\":[\"Korea\"]}", null), h)),
            ("json-import", h => admin.PostContent("/api/imports", Json("{\"page\":\"x\"}"), h)),
            ("plain-batch", h => admin.PostContent(PageBatches.Route, Json("a page", "text/plain"), h)),
            ("declared-too-large", h => admin.PostContent($"/api/records/{id}/full-texts", Json(oversized), h)),
            ("found-too-large", h => admin.PostContent($"/api/records/{id}/full-texts", new Unsized(Encoding.UTF8.GetBytes(oversized)) { Headers = { { "Content-Type", "application/json" } } }, h)),
            ("unknown-key", h => stranger.Get("/api/records", h)),
            ("bad-token", h => catalogue.Anonymous.Get("/api/records", [.. h, ("Authorization", "Bearer not.a.token")])),
            ("no-credentials", h => catalogue.Anonymous.Get("/api/records", h)),
            ("reader-accessions", h => reader.Post("/api/records", Support.Catalogue.SeedAccession(), h)),
        };
        var refused = new (string Name, Func<(string, string)[], Task<Reply>> Send)[]
        {
            ("weak-if-match", h => admin.Post(subjects, new { subjects = new[] { "Korea" } }, [.. h, ("If-Match", "W/\"1\"")])),
            ("unquoted-if-match", h => admin.Post(subjects, new { subjects = new[] { "Korea" } }, [.. h, ("If-Match", "1")])),
            ("invalid-field", h => admin.Post(subjects, new { version = 1, subjects = Array.Empty<string>() }, h)),
            // Refused by the database itself (a unique index), which Marten used to log at Error with every value sent.
            ("taken-accession-number", h => admin.Post("/api/records", Support.Catalogue.SeedAccession("ACC-TAKEN"), h)),
        };

        var before = _logs.Lines.Count;
        for (var round = 1; round <= 3; round++)
        {
            foreach (var (name, send) in explained.Concat(refused))
            {
                if (round > 1 && name.Contains("too-large", StringComparison.Ordinal)) continue;
                var reply = await send([("X-Correlation-Id", $"{name}-{round}")]);
                Assert.True((int)reply.Status is >= 400 and < 500, $"{name}: {reply.Described}");
            }
        }

        var flood = _logs.Lines.Skip(before).ToList();
        Assert.Empty(flood.Where(l => l.Level >= LogLevel.Warning).Select(l => $"{l.Level} {l.Category}: {l.Message}"));
        Assert.Empty(flood.Where(l => l.Exception is not null || l.Message.Contains("   at ", StringComparison.Ordinal)).Select(l => $"{l.Category}: {l.Message}\n{l.Exception}"));
        foreach (var (name, _) in explained.Concat(refused))
        {
            var lines = flood.Where(l => l.ScopeValue("CorrelationId") == $"{name}-1").ToList();
            // The request line, and for a refusal at the edge the one line that says why.
            Assert.Single(lines, l => l.Category == Catalogue.Api.Observability.RequestCorrelation.RequestsCategory);
            var why = lines.Where(l => l.Category == ClientErrorsCategory).ToList();
            Assert.Equal(explained.Any(e => e.Name == name) ? 1 : 0, why.Count);
            Assert.All(why, l => Assert.Equal(LogLevel.Information, l.Level));
            Assert.DoesNotContain(lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || l.Category.EndsWith("AuthenticationHandler", StringComparison.Ordinal));
        }

        // What only the server saw is in the line too: why the credentials were refused, the declared length.
        Assert.Contains("Unknown or revoked API key", flood.Single(l => l.ScopeValue("CorrelationId") == "unknown-key-1" && l.Category == ClientErrorsCategory).Message);
        Assert.Contains("IDX", flood.Single(l => l.ScopeValue("CorrelationId") == "bad-token-1" && l.Category == ClientErrorsCategory).Message);
        Assert.Contains("title: must be a string, not a number.", flood.Single(l => l.ScopeValue("CorrelationId") == "wrong-type-1" && l.Category == ClientErrorsCategory).Message);
        Assert.Equal(1, await admin.EventCount(id));
    }

    /// <summary>A route that fails as a bug would: not a client's mistake, and not the database's.</summary>
    private sealed class FailingRoute : IStartupFilter
    {
        public const string Path = "/test/unexpected-failure";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((http, rest) => http.Request.Path == Path ? throw new InvalidOperationException("the catalogue has a bug") : rest(http));
        };
    }

    [Fact]
    public async Task a_genuine_failure_is_still_logged_at_error_with_its_stack()
    {
        await using var catalogue = await ACatalogueWithItsLogCaptured(services => services.AddTransient<IStartupFilter, FailingRoute>());

        var reply = (await catalogue.Admin.Get(FailingRoute.Path, ("X-Correlation-Id", "genuine-failure"))).ShouldBe(HttpStatusCode.InternalServerError);

        Assert.DoesNotContain("the catalogue has a bug", reply.Text);
        var logged = Assert.Single(_logs.Lines, l => l.ScopeValue("CorrelationId") == "genuine-failure" && l.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("Catalogue.Api.Hosting.CatalogueExceptionHandler", logged.Category);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Contains("FailingRoute", logged.Exception!.StackTrace);
    }
}

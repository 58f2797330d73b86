using System.Net;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Security;

/// <summary>
/// The role × endpoint matrix, walked over every endpoint the service actually serves: without credentials a
/// protected endpoint answers 401, a role that may not use it 403, and a role that may gets past the door.
/// </summary>
public sealed class every_endpoint_checks_who_is_calling(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string[] Everyone = ["reader", "archivist", "auditor", "admin"];
    private static readonly string[] Staff = ["archivist", "auditor", "admin"];
    private static readonly string[] Cataloguers = ["archivist", "admin"];
    private static readonly string[] Auditors = ["auditor", "admin"];
    private static readonly string[] Admins = ["admin"];

    /// <summary>Who may call what, as the README's role table states it. Null: anyone, without credentials.</summary>
    private static string[]? Allowed(string method, string route) => (method, route) switch
    {
        ("GET", "/health" or "/health/live" or "/health/ready") => null,
        ("GET" or "POST", "/oai") => null,
        ("GET", "/openapi/{documentName}.json") => null,
        ("GET", _) when route.StartsWith("/docs", StringComparison.Ordinal) => null,
        ("GET", "/api/records" or "/api/records/{id}" or "/api/records/{id}/citation" or "/api/repositories"
            or "/api/records/{id}/full-texts" or "/api/records/{id}/full-texts/{language}/{kind}" or "/api/search") => Everyone,
        ("POST", "/api/citations/parse") => Everyone,
        ("GET", "/api/people" or "/api/people/{id}" or "/api/people/{id}/records" or "/api/places" or "/api/places/{id}"
            or "/api/places/{id}/records" or "/api/subjects" or "/api/subjects/{id}" or "/api/subjects/{id}/records") => Everyone,
        ("POST", "/api/people/{id}/aliases" or "/api/people/{id}/aliases/removal" or "/api/people/{id}/merge") => Cataloguers,
        ("GET", "/api/reports" or "/api/reports/translators" or "/api/reports/funders" or "/api/reports/repositories"
            or "/api/reports/years" or "/api/reports/languages" or "/api/reports/{name}") => Everyone,
        ("GET", "/api/records/{id}/related") => Staff,
        ("GET", "/api/exports/records") => Everyone,
        ("GET", "/api/records/{id}/ead" or "/api/records/{id}/dublin-core" or "/api/repositories/{code}/fonds/{fond}/ead"
            or "/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files/{file}/ead") => Everyone,
        ("GET", _) when route.StartsWith("/api/repositories/{code}/", StringComparison.Ordinal) => Staff,
        ("POST", "/api/records" or "/api/imports" or "/api/imports/batches" or "/api/imports/jsonl" or "/api/imports/csv") => Cataloguers,
        ("GET", "/api/imports" or "/api/imports/{batch}") => Cataloguers,
        ("POST", "/api/imports/{batch}/revert") => Cataloguers,
        ("POST", "/api/records/{id}/reinstatement" or "/api/records/{id}/subjects/removal" or "/api/records/{id}/full-texts/removal") => Cataloguers,
        ("POST", _) when route.StartsWith("/api/records/{id}/", StringComparison.Ordinal) => Cataloguers,
        ("GET", "/api/records/{id}/history" or "/api/records/{id}/history/premis" or "/api/records/{id}/history/{version}/full-text"
            or "/api/records/{id}/diff" or "/api/records/{id}/blame" or "/api/projections") => Auditors,
        (_, _) when route.StartsWith("/api/audit/", StringComparison.Ordinal) => Auditors,
        (_, _) when route.StartsWith("/api/admin/", StringComparison.Ordinal) || route.StartsWith("/api/keys", StringComparison.Ordinal) => Admins,
        _ => throw new InvalidOperationException($"{method} {route} is not in the access matrix: decide who may call it."),
    };

    /// <summary>
    /// The words the README's role table uses for what a role may reach, each with an endpoint behind them: a role's row
    /// must use the words exactly when the role may call the endpoint.
    /// </summary>
    private static readonly (string Words, string Method, string Route)[] Documented =
    [
        ("the browse tree", "GET", "/api/repositories/{code}/fonds"),
        ("same-file links", "GET", "/api/records/{id}/related"),
        ("catalogue commands", "POST", "/api/records/{id}/title"),
        ("imports", "POST", "/api/imports"),
        ("history", "GET", "/api/records/{id}/history"),
        ("diff", "GET", "/api/records/{id}/diff"),
        ("blame", "GET", "/api/records/{id}/blame"),
        ("chain verification", "GET", "/api/audit/verify"),
        ("keys", "POST", "/api/keys"),
        ("rebuilds", "POST", "/api/admin/projections/rebuild"),
        ("projection progress", "GET", "/api/projections"),
    ];

    /// <summary>The README's "Keys and roles" table: each role's row, by role.</summary>
    private static Dictionary<string, string> RoleTable()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var section = readme[readme.IndexOf("## Keys and roles", StringComparison.Ordinal)..];
        return section.Split('\n')
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 4 && Everyone.Contains(cells[1].Trim('`')))
            .ToDictionary(cells => cells[1].Trim('`'), cells => cells[2]);
    }

    private IReadOnlyList<(string Method, string Route)> ServedEndpoints() =>
    [
        .. Service.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(e => e.Item2).ThenBy(e => e.Item1),
    ];

    private static string Concrete(string route, Guid recordId) => route
        .Replace("{id}", recordId.ToString())
        .Replace("{number}", "2")
        .Replace("{code}", "AVPRF")
        .Replace("{fond}", "0100")
        .Replace("{opis}", "42")
        .Replace("{file}", "288")
        .Replace("{name}", route.StartsWith("/api/admin/projections/", StringComparison.Ordinal) ? "NoSuchReadModel" : "no-such-key")
        .Replace("{n}", "1")
        .Replace("{version}", "1")
        .Replace("{language}", "ru")
        .Replace("{kind}", "original")
        .Replace("{batch}", "0195f3c2-0000-7000-8000-000000000001");

    [Fact]
    public async Task every_served_endpoint_is_in_the_matrix()
    {
        var endpoints = ServedEndpoints();

        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        foreach (var (method, route) in endpoints) _ = Allowed(method, route);
    }

    [Theory]
    [InlineData("/api/records/{id}/reinstatement")]
    [InlineData("/api/records/{id}/subjects/removal")]
    [InlineData("/api/records/{id}/full-texts/removal")]
    public void a_catalogue_command_is_served_for_archivists_and_admins(string route)
    {
        Assert.Contains(("POST", route), ServedEndpoints());
        Assert.Equal(Cataloguers, Allowed("POST", route));
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("archivist")]
    [InlineData("auditor")]
    [InlineData("admin")]
    public void the_readme_role_table_says_what_the_role_may_reach(string role)
    {
        var row = RoleTable()[role];

        foreach (var (words, method, route) in Documented)
        {
            var allowed = Allowed(method, route)!.Contains(role);
            Assert.True(
                allowed == row.Contains(words, StringComparison.Ordinal) || (allowed && role == "admin" && row.Contains("everything", StringComparison.Ordinal)),
                $"{role} {(allowed ? "may" : "may not")} call {method} {route}, but the README's row for {role} {(allowed ? "does not say" : "says")} \"{words}\": {row}");
        }
    }

    [Fact]
    public async Task without_credentials_protected_endpoints_answer_401_and_public_ones_do_not()
    {
        var record = (await Api.AccessionTheSeed()).Id;
        foreach (var (method, route) in ServedEndpoints())
        {
            var reply = await Service.Anonymous.Send(new HttpMethod(method), Concrete(route, record));
            if (Allowed(method, route) is null)
                Assert.True(reply.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} {route} should be public: {reply.Status}");
            else
                Assert.True(reply.Status == HttpStatusCode.Unauthorized, $"{method} {route} without credentials answered {(int)reply.Status}");
        }
    }

    [Theory]
    [InlineData("reader")]
    [InlineData("archivist")]
    [InlineData("auditor")]
    [InlineData("admin")]
    public async Task each_role_gets_through_exactly_where_it_may(string role)
    {
        var record = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{record}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{record}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        var client = Service.As(role);

        foreach (var (method, route) in ServedEndpoints().Where(e => Allowed(e.Method, e.Route) is not null))
        {
            var reply = await client.Send(new HttpMethod(method), Concrete(route, record));
            if (Allowed(method, route)!.Contains(role))
                Assert.True(reply.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{role} should reach {method} {route}: {reply.Described}");
            else
                Assert.True(reply.Status == HttpStatusCode.Forbidden, $"{role} should be refused {method} {route} with 403, got {(int)reply.Status}");
        }
    }

    [Fact]
    public async Task a_head_is_let_through_exactly_where_the_get_is_and_answered_without_a_body()
    {
        var record = (await Api.AccessionTheSeed()).Id;
        foreach (var route in ServedEndpoints().Where(e => e.Method == "GET").Select(e => e.Route))
        {
            foreach (var client in new[] { Service.Anonymous, Service.As("reader"), Api })
            {
                var get = await client.Get(Concrete(route, record));
                var head = await client.Send(HttpMethod.Head, Concrete(route, record));
                Assert.True(head.Status == get.Status, $"HEAD {route} answered {(int)head.Status}, its GET {(int)get.Status}");
                Assert.True(head.Text == "", $"HEAD {route} answered with a body: {head.Text[..Math.Min(200, head.Text.Length)]}");
            }
        }
    }

    [Fact]
    public async Task a_wrong_or_malformed_key_is_refused()
    {
        var wrong = new Support.Api(Service.Host.Server.CreateClient(), "not-a-key");

        (await wrong.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);
        (await Service.Anonymous.Get("/api/records", ("Authorization", "ApiKey " + new string('x', 500)))).ShouldBe(HttpStatusCode.Unauthorized);
        (await Service.Anonymous.Get("/api/records", ("Authorization", "ApiKey " + CatalogueService.KeysByRole["reader"]))).ShouldBe(HttpStatusCode.OK);
    }
}

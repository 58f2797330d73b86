using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;
using Xunit.Abstractions;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// Every endpoint the service serves, GETs included, walked parameter by parameter and field by field with the classes
/// of input a hostile client used against it: the all-zero id in every <c>{id}</c> route; a <c>null</c> inside every
/// list; NUL, other control characters, non-characters and text that says nothing in every string field of every body,
/// every route value and every query parameter the endpoint declares; numbers past what every numeric parameter holds;
/// a query parameter the endpoint does not take; and pages holding NUL or a doctored address. Nothing answers 5xx; a refusal is problem details naming what it
/// refused, and appends nothing. The walk is read off the served endpoints, so a new endpoint, parameter or field is
/// fuzzed as soon as it exists (a command body needs a valid example below, or the test says so).
/// <see cref="when_commands_are_fuzzed"/> covers what this does not: random, malformed and oversized bodies.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_every_endpoint_is_fuzzed(CatalogueService service, ITestOutputHelper output) : CatalogueScenario(service)
{
    /// <summary>What a hostile request must get, beyond no 5xx and nothing appended when refused.</summary>
    private enum Expect
    {
        /// <summary>Any answer below 500 (a value that may be legitimate, such as version -1 or a stale version).</summary>
        NoServerError,

        /// <summary>400 whose <c>errors</c> names the parameter or field that was made hostile.</summary>
        RefusedNamingIt,

        /// <summary>404 problem details: no record has the all-zero id.</summary>
        RecordNotFound,

        /// <summary>A page refused as a whole: 422 naming <c>page</c>, or in a batch a <c>rejected</c> page.</summary>
        PageRefused,
    }

    private sealed record Case(string Method, string Url, string? Body, string ContentType, string Target, Expect Expect)
    {
        public override string ToString() => $"{Method} {Url} [{Target}] {(Body is null ? "" : Body.Length > 300 ? Body[..300] + "…" : Body)}";
    }

    /// <summary>An endpoint as served: its route, the route and query parameters its method declares, and its body type.</summary>
    private sealed record Served(string Method, string Route, IReadOnlyDictionary<string, Type> RouteValues, IReadOnlyDictionary<string, Type> Query, Type? Body);

    private static readonly Type[] SimpleTypes = [typeof(string), typeof(int), typeof(long), typeof(Guid)];

    private IReadOnlyList<Served> ServedEndpoints() =>
    [
        .. Service.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Chain: e.Metadata.GetMetadata<HttpChain>()))
            .Where(e => e.Chain is not null)
            .Select(e =>
            {
                var inRoute = e.Endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var parameters = e.Chain!.Method.Method.GetParameters()
                    .Select(p => (Name: p.Name!, Type: Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))
                    .Where(p => SimpleTypes.Contains(p.Type))
                    .ToList();
                return new Served(
                    e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET",
                    "/" + e.Endpoint.RoutePattern.RawText!.TrimStart('/'),
                    parameters.Where(p => inRoute.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Type),
                    parameters.Where(p => !inRoute.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Type),
                    e.Endpoint.Metadata.GetMetadata<Catalogue.Api.Hosting.JsonCommandBodyMetadata>()?.CommandType ?? (e.Chain.HasRequestType ? e.Chain.RequestType : null));
            })
            .OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal),
    ];

    /// <summary>A valid body for every command, by route; <c>version</c> is set to the record's current one when sent.</summary>
    private static readonly Dictionary<string, string> ValidBodies = new()
    {
        ["/api/records"] = """{"title":"Telegram from Roshchin to Vyshinsky","accessionNumber":"FUZZ-1","externalIds":[{"scheme":"wilson-center","value":"1"}],"sourceUrl":"https://digitalarchive.wilsoncenter.org/document/1","documentType":"Telegram"}""",
        ["/api/records/{id}/places"] = """{"version":0,"places":["Moscow"],"reason":"Where it was written"}""",
        ["/api/records/{id}/places/removal"] = """{"version":0,"places":["Moscow"],"reason":"Not where it was written"}""",
        ["/api/people/{id}/aliases"] = """{"version":0,"alias":"Chou En-lai","reason":"Wade-Giles"}""",
        ["/api/people/{id}/aliases/removal"] = """{"version":0,"alias":"Chou En-lai","reason":"Not his"}""",
        ["/api/people/{id}/merge"] = """{"version":0,"person":"0190c5e4-1b2a-7c3d-8e4f-5a6b7c8d9e0f","reason":"Same person"}""",
        ["/api/records/{id}/title"] = """{"version":0,"title":"Memorandum of Conversation with Zhou Enlai","reason":"House style"}""",
        ["/api/records/{id}/document-type"] = """{"version":0,"documentType":"Ciphered Telegram","reason":"As headed"}""",
        ["/api/records/{id}/source-url"] = """{"version":0,"sourceUrl":"https://digitalarchive.wilsoncenter.org/document/117886","reason":"The archive moved"}""",
        ["/api/records/{id}/external-ids"] = """{"version":0,"externalIds":[{"scheme":"wilson-center","value":"117886"},{"scheme":"cwihp-bulletin","value":"6-7/1995"}],"reason":"Also in the Bulletin"}""",
        ["/api/records/{id}/source-citation"] = """{"version":0,"citation":"\"From the Diary of N.V. Roshchin\", Wilson Center Digital Archive","reason":"As printed"}""",
        ["/api/records/{id}/dates"] = """{"version":0,"role":"created","asWritten":"1 December 1949","edtf":"1949-12-01","reason":"Diary date"}""",
        ["/api/records/{id}/classification"] = """{"version":0,"marks":"Top Secret, Copy 4","reason":"As stamped"}""",
        ["/api/records/{id}/creators"] = """{"version":0,"creators":[{"name":"N.V. Roshchin","role":"author"},{"name":"Soviet Embassy","role":"issuing body"}],"reason":"From the letterhead"}""",
        ["/api/records/{id}/participants"] = """{"version":0,"participants":[{"name":"Zhou Enlai","role":"Premier"},{"name":"N.V. Roshchin","role":"Ambassador"}],"reason":"From the text"}""",
        ["/api/records/{id}/summary"] = """{"version":0,"summary":"Conversation between Roshchin and Zhou Enlai.\nZhou speaks for Mao.","reason":"Shorter"}""",
        ["/api/records/{id}/original-languages"] = """{"version":0,"languages":[{"code":"ru","name":"Russian"},{"code":"zh","name":"Chinese"}],"reason":"Both"}""",
        ["/api/records/{id}/provenance"] = """{"version":0,"citation":"RGASPI, f. 558, op. 11, d. 342, ll. 92-93","repository":"RGASPI","fond":"558","opis":"11","delo":"342","poryadok":"1","papka":"2","folios":"92-93","reason":"Second copy"}""",
        ["/api/records/{id}/provenance/{number}/corrections"] = """{"version":0,"reason":"Folios checked","citation":"AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-86","repository":"AVPRF","fond":"0100","opis":"42","delo":"1","poryadok":"19","papka":"288","folios":"81-86"}""",
        ["/api/records/{id}/translations"] = """{"version":0,"language":"zh","translators":["Chen Jian","David Wolff"],"credit":"Translated for CWIHP by Chen Jian","reason":"Second translation"}""",
        ["/api/records/{id}/translations/{number}/corrections"] = """{"version":0,"reason":"As printed","language":"en","translators":["David Wolff","Chen Jian"],"credit":"Translated for CWIHP by David Wolff"}""",
        ["/api/records/{id}/translations/{number}/withdrawal"] = """{"version":0,"reason":"Credited twice"}""",
        ["/api/records/{id}/acquisition-credits"] = """{"version":0,"role":"obtained","people":["A. N. Other","B. Translator"],"credit":"Obtained for CWIHP by A. N. Other and B. Translator","reason":"From the page"}""",
        ["/api/records/{id}/acquisition-credits/{number}/withdrawal"] = """{"version":0,"reason":"Credited to the wrong person"}""",
        ["/api/records/{id}/funding-notes"] = """{"version":0,"funder":"Blavatnik Family Foundation","note":"Made possible with support from Blavatnik Family Foundation","reason":"Second funder"}""",
        ["/api/records/{id}/funding-notes/{number}/removal"] = """{"version":0,"reason":"Funder named in error"}""",
        ["/api/records/{id}/subjects"] = """{"version":0,"subjects":["Sino-Soviet relations","Mao Zedong's visit to Moscow"],"reason":"Indexing"}""",
        ["/api/records/{id}/full-texts"] = """{"version":0,"text":"From the Diary of N. V. ROSHCHIN\n\tTop Secret, Copy 4","language":"en","kind":"translation","reason":"Proofread"}""",
        ["/api/records/{id}/publish"] = """{"version":0,"reason":"Reviewed"}""",
        ["/api/records/{id}/withdraw"] = """{"version":0,"reason":"Duplicate of another record"}""",
        ["/api/records/{id}/reinstatement"] = """{"version":0,"reason":"Not a duplicate after all"}""",
        ["/api/records/{id}/subjects/removal"] = """{"version":0,"subjects":["Korea"],"reason":"Indexed in error"}""",
        ["/api/records/{id}/full-texts/removal"] = """{"version":0,"language":"ru","kind":"original","reason":"Text of another document"}""",
        ["/api/citations/parse"] = """{"citation":"AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85"}""",
        ["/api/keys"] = """{"name":"fuzzed-key","role":"reader"}""",
        ["/api/imports/{batch}/revert"] = """{"reason":"Imported into the wrong catalogue"}""",
        // Commands that need nothing beyond their address: their body is none or an object with no fields they read.
        ["/api/admin/projections/rebuild"] = "{}",
        ["/api/admin/projections/{name}/rebuild"] = "{}",
        ["/api/admin/reparse"] = "{}",
        ["/api/audit/checkpoints"] = "{}",
        ["/api/keys/{name}/revoke"] = "{}",
    };

    /// <summary>The route values a request uses for the parameters it does not make hostile.</summary>
    private static string Fill(string route, Guid record) => route
        .Replace("{id}", record.ToString())
        .Replace("provenance/{number}", "provenance/2")
        .Replace("translations/{number}", "translations/3")
        .Replace("funding-notes/{number}", "funding-notes/4")
        .Replace("{number}", "1")
        .Replace("{version}", "1")
        .Replace("{code}", "AVPRF")
        .Replace("{fond}", "0100")
        .Replace("{opis}", "42")
        .Replace("{file}", "288")
        .Replace("{name}", "fuzzed-key")
        .Replace("{batch}", "0195f3c2-0000-7000-8000-000000000001");

    /// <summary>Characters no catalogue text, route value or query parameter may hold; each inside otherwise ordinary text.</summary>
    private static readonly string[] Hidden =
    [
        "\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f", "\ufeff", "\ufffe", "\uffff", "\ufdd0", "\U0001FFFE", "\U0010FFFF",
    ];

    /// <summary>Text that looks filled in and says nothing: refused in every free-text field of a body.</summary>
    private static readonly string[] Nothing = ["\u200b", "\u202e\u200b", "\u2066\u2069\u200e"];

    private static readonly string[] Numbers =
    [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "2147483647", "2147483648",
        "-2147483649", "99999999999999999999", "-1", "0", "1e3", "0x10",
    ];

    private static bool Fits(string value, Type type) =>
        type == typeof(int) ? int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
        : type == typeof(long) ? long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _)
        : Guid.TryParse(value, out _);

    private IEnumerable<Case> Cases(IReadOnlyList<Served> endpoints, Guid record)
    {
        foreach (var endpoint in endpoints)
        {
            var url = Fill(endpoint.Route, record);
            var body = endpoint.Body is null ? null : ValidBodies.GetValueOrDefault(endpoint.Route);
            var contentType = body is null ? "text/plain" : "application/json";

            // The all-zero id names no record, whether it is read or written.
            if (endpoint.Route.Contains("{id}", StringComparison.Ordinal))
            {
                yield return new Case(endpoint.Method, Fill(endpoint.Route, Guid.Empty), body, contentType, "id", Expect.RecordNotFound);
            }

            foreach (var (name, type) in endpoint.RouteValues.Where(p => p.Value != typeof(Guid)))
            {
                var values = type == typeof(string)
                    // A NUL cannot travel in a path: the server refuses the request line before any endpoint sees it.
                    ? Hidden.Where(c => c != "\u0000").Select(c => ($"288{c}", Expect.RefusedNamingIt))
                    : Numbers.Select(n => (n, Fits(n, type) ? Expect.NoServerError : Expect.RefusedNamingIt));
                foreach (var (value, expect) in values)
                {
                    var hostile = Fill(endpoint.Route.Replace("{" + name + "}", Uri.EscapeDataString(value)), record);
                    yield return new Case(endpoint.Method, hostile, body, contentType, name, expect);
                }
            }

            foreach (var (name, type) in endpoint.Query)
            {
                var values = type == typeof(string)
                    ? Hidden.Select(c => ($"key:admin{c}client", Expect.RefusedNamingIt))
                    : type == typeof(Guid)
                        ? [(Guid.Empty.ToString(), Expect.NoServerError), ("not-a-record", Expect.RefusedNamingIt)]
                        : Numbers.Select(n => (n, Fits(n, type) ? Expect.NoServerError : Expect.RefusedNamingIt));
                foreach (var (value, expect) in values)
                {
                    yield return new Case(endpoint.Method, $"{url}?{name}={Uri.EscapeDataString(value)}", body, contentType, name, expect);
                }
            }

            // A parameter the endpoint does not take would be ignored, and the answer read as if it had been applied.
            // OAI-PMH answers its own badArgument, with 200, as harvesters expect.
            if (endpoint.Route != "/oai")
            {
                yield return new Case(endpoint.Method, $"{url}?shelfmark={Uri.EscapeDataString("ll. 81-85")}", body, contentType, "shelfmark", Expect.RefusedNamingIt);
            }

            if (body is not null)
            {
                foreach (var (path, mutated, expect) in BodyMutations(body))
                {
                    yield return new Case(endpoint.Method, url, mutated, contentType, path, expect);
                }
            }
        }

        foreach (var page in HostilePages())
        {
            yield return new Case("POST", "/api/imports", page, "text/plain", "page", Expect.PageRefused);
            yield return new Case("POST", PageBatches.Route, page, "multipart/form-data", "page", Expect.PageRefused);
        }
    }

    /// <summary>Every string, list and number of a valid body made hostile, one at a time, with the field path the refusal must name.</summary>
    private static IEnumerable<(string Path, string Body, Expect Expect)> BodyMutations(string body)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        foreach (var (path, node) in Leaves(root, ""))
        {
            switch (node)
            {
                case JsonArray array:
                    yield return ($"{path}[0]", Replace(root, node, new JsonArray((JsonNode?)null)), Expect.RefusedNamingIt);
                    var withNull = (JsonArray)array.DeepClone();
                    withNull.Add(null);
                    yield return ($"{path}[{array.Count}]", Replace(root, node, withNull), Expect.RefusedNamingIt);
                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    var text = value.GetValue<string>();
                    foreach (var hidden in Hidden)
                    {
                        yield return (path, Replace(root, node, JsonValue.Create(text[..(text.Length / 2)] + hidden + text[(text.Length / 2)..])), Expect.RefusedNamingIt);
                    }

                    foreach (var nothing in Nothing)
                    {
                        yield return (path, Replace(root, node, JsonValue.Create(nothing)), Expect.RefusedNamingIt);
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                    foreach (var number in Numbers.Where(n => !n.StartsWith("0x", StringComparison.Ordinal)))
                    {
                        yield return (path, Replace(root, node, JsonNode.Parse(number)), Expect.NoServerError);
                    }

                    break;
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode Node)> Leaves(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var leaf in Leaves(child!, path.Length == 0 ? name : $"{path}.{name}")) yield return leaf;
                }

                break;
            case JsonArray array:
                yield return (path, array);
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var leaf in Leaves(array[i]!, $"{path}[{i}]")) yield return leaf;
                }

                break;
            default:
                yield return (path, node);
                break;
        }
    }

    /// <summary>The body with one node replaced, as JSON written with every non-ASCII character escaped so the server reads exactly it.</summary>
    private static string Replace(JsonObject root, JsonNode target, JsonNode? replacement)
    {
        var path = target.GetPath();
        var copy = root.DeepClone();
        var node = copy;
        var steps = System.Text.RegularExpressions.Regex.Matches(path, @"\.(\w+)|\[(\d+)\]").ToList();
        for (var i = 0; i < steps.Count - 1; i++) node = Step(node, steps[i])!;
        var last = steps[^1];
        if (last.Groups[1].Success) node[last.Groups[1].Value] = replacement;
        else node[int.Parse(last.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)] = replacement;
        return copy.ToJsonString();

        static JsonNode? Step(JsonNode node, System.Text.RegularExpressions.Match step) =>
            step.Groups[1].Success ? node[step.Groups[1].Value] : node[int.Parse(step.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)];
    }

    private static IEnumerable<string> HostilePages()
    {
        var seed = Imports.when_the_seed_page_is_imported.SeedPage;
        foreach (var control in new[] { "\u0000", "\u0007", "\u001b", "\u0085" })
        {
            yield return seed.Replace("Chinese Premier", $"Chinese{control} Premier");
            yield return control + seed;
        }

        foreach (var address in new[] { "document/../../etc/passwd", "document/-5", "document/abc'--", "document/117886%00", "document/\u202e688711" })
        {
            yield return seed.Replace("document/117886", address);
        }
    }

    /// <summary>A record with one provenance reference (no. 2), one translation (no. 3) and one funding note (no. 4).</summary>
    private async Task<Guid> APreparedRecord()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/translations", new { version = 2, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/funding-notes", new { version = 3, funder = "Leon Levy Foundation", note = "This document was made possible with support from Leon Levy Foundation" }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private IDocumentStore Store => Service.Host.Services.GetRequiredService<IDocumentStore>();

    /// <summary>
    /// Every event in the store but Marten's gap fillers: a write refused by the database (a stale version, a taken
    /// accession number) has them written later, in the background, so they can land while a later request runs.
    /// </summary>
    private async Task<int> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName != "tombstone").CountAsync();
    }

    private async Task<long> VersionOf(Guid record)
    {
        await using var session = Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(record))?.Version ?? 0;
    }

    private static HttpContent Content(Case c, long version)
    {
        if (c.Body is null) return new StringContent("", Encoding.UTF8, "text/plain");
        if (c.ContentType == "multipart/form-data") return PageBatches.Batch(("hostile.txt", Encoding.UTF8.GetBytes(c.Body)));
        var body = c.ContentType == "application/json" && c.Target != "version" ? VersionSet(c.Body, version) : c.Body;
        return new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = new(c.ContentType) } };
    }

    private static string VersionSet(string body, long version)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        if (node.ContainsKey("version")) node["version"] = version;
        return node.ToJsonString();
    }

    [Fact]
    public async Task no_hostile_value_anywhere_gets_a_5xx_an_unnamed_refusal_or_an_event()
    {
        var endpoints = ServedEndpoints();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        var withoutExample = endpoints.Where(e => e.Body is not null && !ValidBodies.ContainsKey(e.Route)).Select(e => $"{e.Method} {e.Route}").ToList();
        Assert.True(withoutExample.Count == 0, $"give these commands a valid body in {nameof(ValidBodies)}, so their fields are fuzzed: {string.Join(", ", withoutExample)}");
        Assert.Contains(endpoints, e => e.Route == "/api/audit/events" && e.Query.Count == 6);

        var record = await APreparedRecord();
        var http = Service.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", CatalogueService.KeysByRole["admin"]);
        var cases = Cases(endpoints, record).ToList();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var clock = Stopwatch.StartNew();

        foreach (var c in cases)
        {
            var eventsBefore = await EventCount();
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url) { Content = c.Method == "POST" ? Content(c, await VersionOf(record)) : null };
            using var response = await http.SendAsync(request);
            var reply = new Reply(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
            var status = (int)reply.Status;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;

            if (Problem(c, reply) is { } problem) failures.Add($"{c}\n    {problem}");
            else if (status >= 400 && await EventCount() != eventsBefore) failures.Add($"{c}\n    refused with {status} yet events were appended");
        }

        output.WriteLine($"{cases.Count} hostile requests over {endpoints.Count} endpoints in {clock.Elapsed.TotalSeconds:F1} s; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} hostile requests were mishandled:\n" + string.Join("\n", failures.Take(40)));
    }

    /// <summary>What is wrong with the answer to a hostile request, or null when it is what a client should get.</summary>
    private static string? Problem(Case c, Reply reply)
    {
        var status = (int)reply.Status;
        if (status >= 500) return $"server error: {reply.Described}";
        if (status >= 400)
        {
            if (reply.ContentHeaders?.ContentType?.MediaType != "application/problem+json") return $"{status} is not problem details: {reply.Text}";
            var problem = reply.Json.AsObject();
            if (problem["title"] is null && problem["type"] is null) return $"problem details without type or title: {reply.Text}";
            if (problem["status"] is { } given && given.GetValue<int>() != status) return $"problem details say status {given} but the answer is {status}";
        }

        return c.Expect switch
        {
            Expect.RefusedNamingIt when status != 400 || !reply.ErrorFields.Contains(c.Target) =>
                $"expected 400 naming '{c.Target}', got {reply.Described}",
            // An authority's id names a person, place or subject, whose 404 says so rather than "Record not found".
            Expect.RecordNotFound when status != 404
                || (c.Url.StartsWith("/api/records", StringComparison.Ordinal) && reply.Json["title"]?.GetValue<string>() != "Record not found") =>
                $"expected 404 Record not found, got {reply.Described}",
            Expect.PageRefused when c.Url == PageBatches.Route
                    && (status != 200 || reply.Json["pages"]?[0]?["status"]?.GetValue<string>() != "rejected") =>
                $"expected the batch's page to be rejected, got {reply.Described}",
            Expect.PageRefused when c.Url != PageBatches.Route && (status != 422 || !reply.ErrorFields.Contains("page")) =>
                $"expected 422 naming 'page', got {reply.Described}",
            _ => null,
        };
    }
}

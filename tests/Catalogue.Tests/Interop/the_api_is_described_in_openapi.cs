using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Reports;
using Catalogue.Tests.Support;
using Json.Schema;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A developer of another tool reads the API from its OpenAPI 3.1 document, or browses it at /docs: every endpoint the
/// service serves is in it, with the roles it needs, how to authenticate, each command's body and the problem details
/// of its refusals.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class the_api_is_described_in_openapi(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>The document itself and the page over it describe; they are not described.</summary>
    private static bool Describes(string route) => route != "/openapi/{documentName}.json" && !route.StartsWith("/docs", StringComparison.Ordinal);

    private async Task<(string Text, JsonNode Json)> Document()
    {
        var reply = (await Service.Anonymous.Get("/openapi/v1.json")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/json", reply.ContentHeaders?.ContentType?.MediaType);
        return (reply.Text, reply.Json);
    }

    private IReadOnlyList<(string Method, string Route)> Served() =>
    [
        .. Service.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => Describes(e.Item2))
            .Distinct(),
    ];

    [Fact]
    public async Task every_served_endpoint_is_in_the_document()
    {
        var (_, document) = await Document();

        var described = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (o.Key.ToUpperInvariant(), p.Key))).ToHashSet();
        var served = Served();
        Assert.True(served.Count > 80, $"only {served.Count} endpoints served");
        var missing = served.Where(e => !described.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"served but not described: {string.Join(", ", missing.Select(m => $"{m.Method} {m.Route}"))}");
    }

    [Fact]
    public async Task the_document_is_valid_openapi_3_1()
    {
        var (text, document) = await Document();

        var read = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>());
        Assert.Equal("Catalogue", document["info"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task each_operation_says_who_may_call_it_and_how_to_authenticate()
    {
        var (_, document) = await Document();

        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("X-Api-Key", schemes["apiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        var retitle = document["paths"]!["/api/records/{id}/title"]!["post"]!;
        Assert.Equal(["archivist", "admin"], retitle["x-catalogue-roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(2, retitle["security"]!.AsArray().Count);
        Assert.Equal(["auditor", "admin"], document["paths"]!["/api/records/{id}/history"]!["get"]!["x-catalogue-roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Empty(document["paths"]!["/oai"]!["get"]!["security"]!.AsArray());
        Assert.Empty(document["paths"]!["/health/live"]!["get"]!["security"]!.AsArray());
    }

    [Fact]
    public async Task a_command_shows_its_body_its_answer_and_its_refusals()
    {
        var (_, document) = await Document();

        var retitle = document["paths"]!["/api/records/{id}/title"]!["post"]!;
        var body = retitle["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Contains("title", body["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("version", body["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("version", retitle["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["properties"]!.AsObject().Select(p => p.Key));
        foreach (var status in new[] { "400", "401", "403", "409", "422", "503" })
            Assert.Equal("#/components/schemas/ProblemDetails", retitle["responses"]![status]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    /// <summary>
    /// Found from outside: the document called every field of a translation credit's correction required, where the
    /// service takes the fields it corrects and leaves the others as they are: a client generated from the document had to
    /// send them all, and could overwrite what it never meant to change.
    /// </summary>
    [Fact]
    public async Task a_correction_naming_only_what_it_changes_is_valid_by_the_document_as_by_the_service()
    {
        var (_, document) = await Document();
        var correction = document["paths"]!["/api/records/{id}/translations/{number}/corrections"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var creditOnly = """{"version":1,"reason":"Credit line as printed","credit":"Translated for CWIHP by David Wolff"}""";

        Assert.Empty(Violations(document, correction, creditOnly));
        Assert.Contains(Violations(document, correction, """{"version":1,"credit":"Translated for CWIHP by David Wolff"}"""), v => v.Contains("reason", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_field_the_command_does_not_take_is_refused_by_the_document_as_by_the_service()
    {
        var (_, document) = await Document();
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation between Filippov (Stalin) and Zhou Enlai");
        var retitle = document["paths"]!["/api/records/{id}/title"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var accession = document["paths"]!["/api/records"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var misspelt = $$"""{"version":{{record.Version}},"titel":"Memorandum of Conversation with Zhou Enlai","reason":"The title as the document gives it"}""";

        Assert.Empty(Violations(document, retitle, misspelt.Replace("titel", "title", StringComparison.Ordinal)));
        Assert.Contains(Violations(document, retitle, misspelt), v => v.Contains("titel", StringComparison.Ordinal));
        (await Api.PostContent($"/api/records/{record.Id}/title", new StringContent(misspelt, System.Text.Encoding.UTF8, "application/json")))
            .ShouldBe(HttpStatusCode.BadRequest);
        Assert.Empty(Violations(document, accession, """{"title":"A memorandum","externalIds":[{"scheme":"wilson","value":"117886"}]}"""));
        Assert.Contains(
            Violations(document, accession, """{"title":"A memorandum","externalIds":[{"scheme":"wilson","valeu":"117886"}]}"""),
            v => v.Contains("valeu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_query_value_sent_blank_is_refused_by_the_document_as_by_the_service_but_the_words_typed_to_find_a_name()
    {
        var (_, document) = await Document();
        JsonNode Parameter(string route, string name) =>
            document["paths"]![route]!["get"]!["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;

        foreach (var (route, name) in new[] { ("/api/audit/events", "actor"), ("/api/records/{id}/history", "type"), ("/api/records", "after") })
        {
            var schema = Parameter(route, name);
            Assert.NotEmpty(Violations(document, schema, "\"\""));
            Assert.NotEmpty(Violations(document, schema, "\"  \""));
            Assert.Empty(Violations(document, schema, "\"key:admin-client\""));
        }

        Assert.Empty(Violations(document, Parameter("/api/people", "q"), "\"\""));
        (await Api.Get("/api/audit/events?actor=%20")).ShouldBe(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// Search and the OAI-PMH provider read their own query, so the generator saw no parameter of theirs. Found from
    /// outside: a client generated from the document could send none of them. Each is described now, with its type,
    /// what it means and the values it takes, from the list the endpoint reads its names from.
    /// </summary>
    [Fact]
    public async Task search_and_the_oai_provider_describe_the_parameters_they_read_themselves()
    {
        var (_, document) = await Document();
        IReadOnlyDictionary<string, JsonNode> Parameters(string route) =>
            document["paths"]![route]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);

        var search = Parameters("/api/search");
        Assert.Equal(
            new[] { "q", "repository", "fond", "opis", "language", "translator", "funder", "classification", "subject", "person", "status", "yearFrom", "yearTo", "sort", "pageSize", "after" }.Order(),
            search.Keys.Order());
        Assert.All(search.Values, p => Assert.Equal("query", p["in"]!.GetValue<string>()));
        Assert.All(search.Values, p => Assert.False(string.IsNullOrWhiteSpace(p["description"]?.GetValue<string>())));
        Assert.Equal(["relevance", "date"], search["sort"]["schema"]!["enum"].Strings());
        Assert.Equal(["draft", "published", "withdrawn"], search["status"]["schema"]!["items"]!["enum"].Strings());
        Assert.Equal("array", search["person"]["schema"]!["type"]!.GetValue<string>());
        // Repeated as person=…&person=… (a form parameter explodes unless it says otherwise).
        Assert.True(search["person"]["explode"]?.GetValue<bool>() ?? true);
        Assert.Equal("form", search["person"]["style"]?.GetValue<string>() ?? "form");
        Assert.Empty(Violations(document, search["person"]["schema"]!, """["Kovács István", "Zhou Enlai"]"""));
        Assert.NotEmpty(Violations(document, search["person"]["schema"]!, """[""]"""));
        Assert.Empty(Violations(document, search["yearFrom"]["schema"]!, "1949"));
        Assert.NotEmpty(Violations(document, search["yearFrom"]["schema"]!, "10000"));
        Assert.NotEmpty(Violations(document, search["pageSize"]["schema"]!, "101"));
        Assert.Empty(Violations(document, search["q"]["schema"]!, "\"\""));
        Assert.NotEmpty(Violations(document, search["q"]["schema"]!, $"\"{new string('a', 501)}\""));
        // What the document describes, search takes: each parameter with a value its schema allows.
        (await Api.Get("/api/search?q=stalin&repository=AVPRF&fond=0100&opis=42&language=ru&translator=David%20Wolff&funder=Leon%20Levy%20Foundation"
            + "&classification=Secret&subject=Korean%20War&person=Stalin&status=published&yearFrom=1949&yearTo=1950&sort=date&pageSize=5")).ShouldBe(HttpStatusCode.OK);

        var harvest = Parameters("/oai");
        Assert.Equal(new[] { "verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken" }.Order(), harvest.Keys.Order());
        Assert.True(harvest["verb"]["required"]!.GetValue<bool>());
        Assert.Equal(["Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"], harvest["verb"]["schema"]!["enum"].Strings());
        Assert.Equal(["oai_dc", "ead3"], harvest["metadataPrefix"]["schema"]!["enum"].Strings());
        Assert.Empty(Violations(document, harvest["from"]["schema"]!, "\"2026-12-01T09:30:00Z\""));
        Assert.NotEmpty(Violations(document, harvest["from"]["schema"]!, "\"2026-12-01 09:30\""));

        var form = document["paths"]!["/oai"]!["post"]!["requestBody"]!["content"]!["application/x-www-form-urlencoded"]!["schema"]!;
        Assert.Equal(harvest.Keys.Order(), form["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(["verb"], form["required"].Strings());
        Assert.Empty(Violations(document, form, """{"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "AVPRF:0100"}"""));
        Assert.NotEmpty(Violations(document, form, """{"metadataPrefix": "oai_dc"}"""));
    }

    [Theory]
    [InlineData("/api/admin/projections/rebuild")]
    [InlineData("/api/admin/reparse")]
    [InlineData("/api/audit/checkpoints")]
    [InlineData("/api/keys/{name}/revoke")]
    public async Task a_command_that_needs_no_body_shows_one_as_optional(string route)
    {
        var (_, document) = await Document();

        var body = document["paths"]![route]!["post"]!["requestBody"]!;
        Assert.False(body["required"]?.GetValue<bool>() ?? false);
        Assert.Equal(["application/json"], body["content"]!.AsObject().Select(c => c.Key));
        Assert.True(document["paths"]!["/api/records/{id}/title"]!["post"]!["requestBody"]!["required"]!.GetValue<bool>());
    }

    [Fact]
    public async Task every_answer_with_a_body_says_what_it_holds()
    {
        var (_, document) = await Document();

        var unsaid = new List<string>();
        foreach (var (route, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject().Where(r => r.Key.StartsWith('2') && r.Key != "204"))
                {
                    if (response!["content"] is not JsonObject { Count: > 0 } content)
                        unsaid.Add($"{method} {route} {status}: no content");
                    else
                        unsaid.AddRange(content.Where(c => c.Value!["schema"] is null).Select(c => $"{method} {route} {status} {c.Key}: no schema"));
                }
            }
        }

        Assert.True(unsaid.Count == 0, string.Join("\n", unsaid));
    }

    [Fact]
    public async Task what_the_service_answers_is_what_the_document_says()
    {
        var (_, document) = await Document();
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation between Filippov (Stalin) and Zhou Enlai");
        await record.Place("AVPRF", "0100", "42");
        await record.Translated("en", "David Wolff");
        await record.Funded("Leon Levy Foundation", "This document was made possible with support from Leon Levy Foundation");
        await record.Dated("1949-11-10");
        await record.WrittenIn(("ru", "Russian"));
        await record.Publish();
        var undated = await CataloguedRecord.Accession(Api, "An undated note on the talks");
        await undated.Place("RGASPI", "558", "11");
        await undated.Publish();
        await Service.ProjectionsCaughtUp();
        var (archivist, reader, admin) = (Service.As("archivist"), Service.As("reader"), Service.As("admin"));

        var answers = new List<(string Method, string Route, HttpStatusCode Status, Reply Reply)>
        {
            ("get", "/api/records/{id}", HttpStatusCode.OK, await reader.Get($"/api/records/{record.Id}")),
            ("get", "/api/records", HttpStatusCode.OK, await archivist.Get("/api/records?pageSize=2")),
            ("get", "/api/search", HttpStatusCode.OK, await archivist.Get("/api/search?q=Zhou&language=ru")),
            ("get", "/api/records/{id}/history", HttpStatusCode.OK, await Service.As("auditor").Get($"/api/records/{record.Id}/history")),
            ("get", "/api/projections", HttpStatusCode.OK, await admin.Get("/api/projections")),
            ("get", "/health", HttpStatusCode.OK, await Service.Anonymous.Get("/health")),
            ("get", "/health/ready", HttpStatusCode.OK, await Service.Anonymous.Get("/health/ready")),
            ("post", "/api/keys", HttpStatusCode.Created, await admin.Post("/api/keys", new { name = $"harvester-{Guid.NewGuid():N}", role = "reader" })),
            // Found from outside: the accession was documented as answering 200, and answers 201 with Location.
            ("post", "/api/records", HttpStatusCode.Created, await archivist.Post("/api/records", new { title = "A cable, accessioned as the document says" })),
            ("post", "/api/audit/checkpoints", HttpStatusCode.Created, await admin.Post("/api/audit/checkpoints", new { })),
        };
        var (auditor, file) = (Service.As("auditor"), "/api/repositories/AVPRF/fonds/0100/opisi/42/files");
        foreach (var (route, asked) in new[]
                 {
                     ("/api/records/{id}/diff", $"/api/records/{record.Id}/diff"),
                     ("/api/records/{id}/blame", $"/api/records/{record.Id}/blame"),
                     ("/api/audit/events", "/api/audit/events?limit=5"),
                     ("/api/audit/verify", "/api/audit/verify"),
                     ("/api/audit/checkpoints", "/api/audit/checkpoints"),
                 })
        {
            answers.Add(("get", route, HttpStatusCode.OK, await auditor.Get(asked)));
        }

        foreach (var (route, asked) in new[]
                 {
                     ("/api/records/{id}/related", $"/api/records/{record.Id}/related"),
                     ("/api/records/{id}/dublin-core", $"/api/records/{record.Id}/dublin-core"),
                     ("/api/records/{id}/full-texts", $"/api/records/{record.Id}/full-texts"),
                     ("/api/people", "/api/people?q=Wolff"),
                     ("/api/places", "/api/places"),
                     ("/api/subjects", "/api/subjects"),
                     ("/api/repositories", "/api/repositories"),
                     ("/api/repositories/{code}/fonds", "/api/repositories/AVPRF/fonds"),
                     ("/api/repositories/{code}/fonds/{fond}/opisi", "/api/repositories/AVPRF/fonds/0100/opisi"),
                     ("/api/repositories/{code}/fonds/{fond}/opisi/{opis}/files", file),
                     ("/api/reports", "/api/reports"),
                 })
        {
            answers.Add(("get", route, HttpStatusCode.OK, await archivist.Get(asked)));
        }

        answers.Add(("get", "/api/keys", HttpStatusCode.OK, await admin.Get("/api/keys")));
        var csv = new ByteArrayContent("id,title,subjects\n,Telegram from Beijing,Cold War\n,\n"u8.ToArray());
        csv.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        var imported = await archivist.PostContent("/api/imports/csv", csv);
        answers.Add(("post", "/api/imports/csv", HttpStatusCode.OK, imported));
        var batch = imported.Json["batch"]!.GetValue<Guid>();
        answers.Add(("get", "/api/imports/{batch}", HttpStatusCode.OK, await archivist.Get($"/api/imports/{batch}")));
        answers.Add(("post", "/api/imports/{batch}/revert", HttpStatusCode.OK, await archivist.Post($"/api/imports/{batch}/revert", new { reason = "A test batch" })));
        answers.Add(("post", "/api/records/{id}/title", HttpStatusCode.OK, await archivist.Post($"/api/records/{undated.Id}/title", new { version = undated.Version, title = "An undated note on the talks in Moscow", reason = "The place of the talks was read from the note" })));
        foreach (var report in new[] { "translators", "funders", "repositories", "years", "languages" })
        {
            answers.Add(("get", $"/api/reports/{report}", HttpStatusCode.OK, await archivist.Get($"/api/reports/{report}")));
            answers.Add(("get", $"/api/reports/{report}", HttpStatusCode.OK, await reader.Get($"/api/reports/{report}")));
        }

        var mismatches = new List<string>();
        foreach (var (method, route, status, reply) in answers)
        {
            Assert.True(reply.Status == status, $"{method} {route}: {reply.Described}");
            var schema = document["paths"]![route]![method]!["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!["application/json"]!["schema"]!;
            mismatches.AddRange(Violations(document, schema, reply.Text).Select(v => $"{method} {route}: {v}"));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var years = (await archivist.Get("/api/reports/years")).Json["items"]!.AsArray();
        Assert.Contains(years, line => line!["year"] is null);
        Assert.Contains(years, line => line!["year"]?.GetValue<int>() == 1949);
    }

    /// <summary>How an answer differs from the schema the document gives it (JSON Schema 2020-12, as OpenAPI 3.1's is).</summary>
    private static IEnumerable<string> Violations(JsonNode document, JsonNode schema, string answer)
    {
        var components = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var rooted = JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject();
        rooted["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        rooted["$defs"] = JsonNode.Parse(components);
        var built = JsonSchema.Build(JsonDocument.Parse(rooted.ToJsonString()).RootElement, baseUri: new Uri($"https://catalogue.example/schemas/{Guid.NewGuid():N}"));
        return Failed(built.Evaluate(JsonDocument.Parse(answer).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical }));

        // Only what fails the whole (a branch of a oneOf that another branch satisfies fails, but not the answer), down to
        // the deepest schema that fails: a oneOf that two branches satisfy fails with no message of its own.
        static IEnumerable<string> Failed(EvaluationResults result)
        {
            if (result.IsValid) return [];
            var own = (result.Errors ?? new Dictionary<string, string>()).Select(e => $"{result.InstanceLocation} ({result.EvaluationPath}): {e.Value}").ToList();
            var below = (result.Details ?? []).SelectMany(Failed).ToList();
            return own.Count == 0 && below.Count == 0 ? [$"{result.InstanceLocation} ({result.EvaluationPath}): does not match"] : own.Concat(below);
        }
    }

    [Theory]
    [InlineData("/api/records", "RecordPage")]
    [InlineData("/api/records/{id}", "CatalogueRecord")]
    [InlineData("/api/search", "SearchPage")]
    [InlineData("/api/records/{id}/history", "RecordHistoryResponse")]
    [InlineData("/api/projections", "ProjectionsOverview")]
    [InlineData("/api/audit/verify", "ChainVerification")]
    [InlineData("/api/audit/checkpoints/{number}", "Checkpoint")]
    [InlineData("/api/people/{id}", "PersonEntry")]
    [InlineData("/api/places/{id}/records", "AuthorityRecordPage")]
    [InlineData("/api/imports/{batch}", "ImportBatchStatus")]
    public async Task the_main_reads_show_what_they_answer(string route, string schema)
    {
        var (_, document) = await Document();

        var ok = document["paths"]![route]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal($"#/components/schemas/{schema}", ok["$ref"]!.GetValue<string>());
        Assert.NotNull(document["components"]!["schemas"]![schema]!["properties"]);
    }

    [Theory]
    [InlineData("/api/imports", "text/plain")]
    [InlineData("/api/imports/batches", "multipart/form-data")]
    [InlineData("/api/imports/jsonl", "application/x-ndjson")]
    [InlineData("/api/imports/csv", "text/csv")]
    public async Task an_import_says_what_it_reads_and_answers(string route, string mediaType)
    {
        var (_, document) = await Document();

        Assert.Contains(mediaType, document["paths"]![route]!["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
        if (route is "/api/imports/jsonl" or "/api/imports/csv")
            Assert.Equal("#/components/schemas/ImportBatchStatus", document["paths"]![route]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/records/{id}/ead", "application/xml")]
    [InlineData("/api/records/{id}/history/premis", "application/xml")]
    [InlineData("/api/records/{id}/full-texts/{language}/{kind}", "text/plain")]
    [InlineData("/api/reports/funders", "text/csv")]
    public async Task an_answer_that_is_not_json_says_what_it_is(string route, string mediaType)
    {
        var (_, document) = await Document();

        Assert.Contains(mediaType, document["paths"]![route]!["get"]!["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
    }

    [Theory]
    [InlineData("/api/records/{id}/full-texts/{language}/{kind}")]
    [InlineData("/api/records/{id}/history/{version}/full-text")]
    public async Task a_text_says_it_is_served_by_ranges_too(string route)
    {
        var (_, document) = await Document();

        var responses = document["paths"]![route]!["get"]!["responses"]!;
        Assert.Contains("text/plain", responses["206"]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Contains("application/problem+json", responses["416"]!["content"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public async Task the_reference_page_is_served_to_anyone()
    {
        using var http = Service.Host.Server.CreateClient();

        using var page = await http.GetAsync("/docs");
        var final = page.StatusCode == HttpStatusCode.Redirect || page.StatusCode == HttpStatusCode.Found
            ? await http.GetAsync(page.Headers.Location!)
            : page;

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("text/html", final.Content.Headers.ContentType?.MediaType);
        // Scalar's script puts the site's base path before it.
        Assert.Contains("\"url\":\"openapi/v1.json\"", await final.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Another system's records come in as JSON lines whose references give the archive reference as written and nothing
/// else: the catalogue reads each as the provenance command reads it, once, and bounds the record as it bounds any.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_json_line_gives_a_citation_alone(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";

    private static List<(long Line, string Field, string Message)> Told(JsonNode batch, string list) =>
        [.. batch[list]!.AsArray().Select(p => (p!["line"]!.GetValue<long>(), p["field"]!.GetValue<string>(), p["message"]!.GetValue<string>()))];

    /// <summary>
    /// Found from outside: a reference given as its citation alone was stored unread — no repository, fond or folios for
    /// search, the reports, browsing or a finding aid — where the provenance command and a CSV row's citation read it. It
    /// is read by the citation parser now, as they read it, and the same line sent again leaves the record as it is; a
    /// citation naming more archives than a record holds references is refused by its line, as a command would be.
    /// </summary>
    [Fact]
    public async Task a_citation_given_alone_is_read_into_locators_as_the_provenance_command_reads_it()
    {
        // The citation given twice is read once (found from outside: read twice, a re-parse took one reading away, and
        // the line sent again brought it back, at every re-parse).
        const string line = """{"title":"Memorandum of Conversation with Zhou Enlai","provenance":[{"citation":"AVPRF, f. 0100, op. 42, d. 19, ll. 81-85"},{"citation":"AVPRF, f. 0100, op. 42, d. 19, ll. 81-85"}]}""";
        var crowded = string.Join("; ", Enumerable.Range(1, RecordCapacity.ProvenanceReferences + 1).Select(n => $"AVPRF, f. {n}, op. 1, d. 1"));
        var tooMany = $$"""{"title":"A file of many archives","provenance":[{"citation":"{{crowded}}"}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line + "\n" + tooMany + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var refused = Assert.Single(Told(reply, "problems"));
        Assert.Equal((2L, "provenance"), (refused.Line, refused.Field));
        Assert.Contains($"at most {RecordCapacity.ProvenanceReferences}", refused.Message);
        // A record not made has no address to correct a reference at.
        Assert.DoesNotContain("/api/records/", refused.Message);
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["provenance"]!.AsArray())!;
        Assert.Equal(
            ("AVPRF", "0100", "42", "19", "81-85", "AVPRF, f. 0100, op. 42, d. 19, ll. 81-85"),
            (reference["repository"]!.GetValue<string>(), reference["fond"]!.GetValue<string>(), reference["opis"]!.GetValue<string>(),
             reference["delo"]!.GetValue<string>(), reference["folios"]!.GetValue<string>(), reference["citation"]!.GetValue<string>()));
        Assert.NotNull(reference["parserVersion"]);

        var again = (await Api.PostRaw("/api/imports/jsonl", $$"""{"id":"{{id}}",{{line[1..]}}""" + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal((0L, 1L), (again["updated"]!.GetValue<long>(), again["unchanged"]!.GetValue<long>()));
        Assert.Equal(0, (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json["recordsChanged"]!.GetValue<int>());
    }

    /// <summary>
    /// A line giving the parser's reading of a citation (as an export writes it) and the same citation alone besides
    /// records the reading once: read again, it was a second reference, which a re-parse took away and the line sent
    /// again brought back.
    /// </summary>
    [Fact]
    public async Task a_citation_given_alone_beside_its_reading_is_not_read_again()
    {
        const string citation = "AVPRF, f. 0100, op. 42, d. 19, ll. 81-85";
        var reading = System.Text.Json.JsonSerializer.Serialize(Catalogue.Api.Provenance.ProvenanceReading.Parse(citation).Single(), Support.Api.Json);
        var line = $$"""{"title":"Memorandum","provenance":[{{reading}},{"citation":"{{citation}}"}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 0L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["provenance"]!.AsArray())!;
        Assert.Equal("AVPRF", reference["repository"]!.GetValue<string>());
        Assert.Equal(0, (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json["recordsChanged"]!.GetValue<int>());
    }

    /// <summary>
    /// Found from outside: a reference whose locators were typed on the line kept its repository as typed, "AVP RF",
    /// where the provenance command resolves it to AVPRF against the authority list — so the record stood apart from the
    /// archive's others in the browse tree and the repositories report. It is resolved as the command resolves it; an
    /// export's reference, which says whether the list knows its repository, is taken as it is.
    /// </summary>
    [Fact]
    public async Task a_repository_typed_on_the_line_is_resolved_against_the_authority_list()
    {
        const string typed = """{"title":"Memorandum of Conversation with Zhou Enlai","provenance":[{"repository":"AVP RF","fond":"0100","opis":"42","delo":"19","folios":"81-85"}]}""";
        // Said to be known, a name the list does not know is not (found from outside: kept as "known", it made a repository
        // of its own that no search by it found).
        const string unknown = """{"title":"Letter from a private collection","provenance":[{"repository":"Private collection of A. Ivanov","fond":"1","repositoryKnown":true}]}""";
        // Typed, a reference names its archive, as the command requires (found from outside: a fond alone was recorded).
        const string nowhere = """{"title":"Note without an archive","provenance":[{"fond":"0100","opis":"42"}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", typed + "\n" + unknown + "\n" + nowhere + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var refused = Assert.Single(Told(reply, "problems"));
        Assert.Equal((3L, "provenance[0].citation"), (refused.Line, refused.Field));
        Assert.Contains("the repository at least", refused.Message);
        var references = new Dictionary<string, JsonNode>();
        foreach (var listed in await Service.ListedRecords())
        {
            var record = (await Api.Get($"/api/records/{listed["id"]!.GetValue<Guid>()}")).ShouldBe(HttpStatusCode.OK).Json;
            references[record["title"]!.GetValue<string>()] = record["provenance"]![0]!;
        }

        var avprf = references["Memorandum of Conversation with Zhou Enlai"];
        Assert.Equal(("AVPRF", "AVP RF", true), (avprf["repository"]!.GetValue<string>(), avprf["repositoryAsWritten"]!.GetValue<string>(), avprf["repositoryKnown"]!.GetValue<bool>()));
        var privately = references["Letter from a private collection"];
        Assert.Equal(("Private collection of A. Ivanov", false), (privately["repository"]!.GetValue<string>(), privately["repositoryKnown"]!.GetValue<bool>()));
        Assert.Contains("0100", (await Api.Get("/api/repositories/AVPRF/fonds")).ShouldBe(HttpStatusCode.OK).Text);

        // Sent again as typed, or as the record's export writes it, the line changes nothing.
        var id = (await Service.ListedRecords()).Single(r => r["title"]!.GetValue<string>().StartsWith("Memorandum", StringComparison.Ordinal))["id"]!.GetValue<Guid>();
        var again = (await Api.PostRaw("/api/imports/jsonl", $$"""{"id":"{{id}}",{{typed[1..]}}""" + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal((0L, 1L), (again["updated"]!.GetValue<long>(), again["unchanged"]!.GetValue<long>()));
    }

    /// <summary>
    /// Found from outside: folios typed on the line were kept as typed, "ll. 81-85", where the provenance command keeps
    /// them as 81-85 — two spellings of the same leaves, ordered and compared apart. They are kept as the command keeps them.
    /// </summary>
    [Fact]
    public async Task folios_typed_on_the_line_are_kept_as_the_provenance_command_keeps_them()
    {
        var byCommand = (await Search.Describing.Accession(Api, "Memorandum of Conversation with Zhou Enlai")).Id;
        (await Api.Post($"/api/records/{byCommand}/provenance", new { version = 1, repository = "AVP RF", fond = "0100", opis = "42", folios = "ll. 81-85" })).ShouldBe(HttpStatusCode.OK);
        const string line = """{"title":"Memorandum of Conversation with Mao Zedong","provenance":[{"repository":"AVP RF","fond":"0100","opis":"42","folios":"l. 12 ob."}]}""";

        (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK);

        var folios = new Dictionary<string, string>();
        foreach (var listed in await Service.ListedRecords())
        {
            var record = (await Api.Get($"/api/records/{listed["id"]!.GetValue<Guid>()}")).ShouldBe(HttpStatusCode.OK).Json;
            folios[record["title"]!.GetValue<string>()] = record["provenance"]![0]!["folios"]!.GetValue<string>();
        }

        Assert.Equal("81-85", folios["Memorandum of Conversation with Zhou Enlai"]);
        Assert.Equal("12ob", folios["Memorandum of Conversation with Mao Zedong"]);
    }
}

using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.Imports;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A record holds as many subjects, places, references and credits as an export's line of it may hold, and no more:
/// an archivist tagging a record a hundred terms at a time could otherwise make one the catalogue's own import refuses
/// to take back, and one whose search document PostgreSQL refuses to store.
/// </summary>
public sealed class when_a_record_is_full(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>A text sent as its UTF-8, as a client in Russia sends one: escaped, each letter's six bytes would pass what a command body may hold.</summary>
    private Task<Reply> Attach(Guid id, object body) =>
        Api.PostRaw($"/api/records/{id}/full-texts", JsonSerializer.Serialize(body, AsWritten), "application/json");

    private static readonly JsonSerializerOptions AsWritten = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string[] Terms(string kind, int count, int from = 0) => [.. Enumerable.Range(from, count).Select(i => $"{kind} {i}")];

    [Fact]
    public async Task one_subject_past_the_bound_is_refused_and_nothing_is_appended()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = Terms("Subject", RecordCapacity.Subjects) })).ShouldBe(HttpStatusCode.OK);

        var reply = (await Api.Post($"/api/records/{id}/subjects", new { version = 2, subjects = new[] { "Korean War, 1950-1953" } }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("A record holds at most 100 subjects", reply.Json["title"]!.GetValue<string>());
        var told = reply.Json["errors"]!["subjects"]![0]!.GetValue<string>();
        Assert.Contains($"Record {id} has 100 subjects and the change would give it 101", told);
        Assert.Contains($"POST /api/records/{id}/subjects/removal", told);
        Assert.Equal(2, await Api.EventCount(id));
        Assert.DoesNotContain("Korean War, 1950-1953", (await Api.Get($"/api/records/{id}")).Json["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));

        // One taken away makes room for one.
        (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 2, subjects = new[] { "Subject 0" }, reason = "Too broad" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/subjects", new { version = 3, subjects = new[] { "Korean War, 1950-1953" } })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_citation_read_as_more_references_than_a_record_holds_is_refused_whole()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var folios = string.Join(" ", Enumerable.Range(1, RecordCapacity.ProvenanceReferences + 1).Select(n => $"l. {n}"));

        var reply = (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation = $"AVPRF, f. 0100, op. 42, {folios}" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("has 0 provenance references and the change would give it 51; a record holds at most 50",
            reply.Json["errors"]!["provenance"]![0]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    /// <summary>Found from outside: three Russian texts of 3,500,000 characters made a line of 42 MB, every letter escaped.</summary>
    [Fact]
    public async Task long_texts_in_any_script_are_exported_as_a_line_its_import_takes_back_and_no_more_than_it_takes()
    {
        var id = (await Api.Post("/api/records", new { title = "Дневник Н.В. Рощина, 1949 г." })).ShouldBe(HttpStatusCode.Created).Id;
        // 3,500,000 characters, 5.6 MB of UTF-8: 14 MB when each letter is written \u0451.
        var text = string.Concat(Enumerable.Repeat("Приём у Чжоу Эньлая 10 ноября 1949 г. ", 100_000))[..3_500_000];
        (await Attach(id, new { version = 1, text, language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        (await Attach(id, new { version = 2, text, language = "uk", kind = "translation" })).ShouldBe(HttpStatusCode.OK);

        var line = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
        var batch = (await Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("[]", batch["problems"]!.ToJsonString());
        Assert.Equal(1, batch["unchanged"]!.GetValue<long>());
        Assert.DoesNotContain("\\u04", line, StringComparison.Ordinal);

        // A third as long would make the texts more than a record holds.
        var third = (await Attach(id, new { version = 3, text, language = "be", kind = "translation" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("has 11,236,846 bytes of full text (UTF-8) and the change would give it 16,855,269; a record holds at most 16,777,216", third.Json["errors"]!["text"]![0]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task an_import_line_whose_texts_hold_more_than_a_record_holds_is_rejected()
    {
        var text = new string('周', 2_000_000);
        var line = JsonSerializer.Serialize(new
        {
            title = "Telegrams of the Chinese delegation",
            fullTexts = new[] { new { text, language = "zh", kind = "original" }, new { text, language = "ja", kind = "translation" }, new { text, language = "ko", kind = "translation" } },
        }, AsWritten);

        var batch = (await Api.PostRaw("/api/imports/jsonl", line + "\n", "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, batch["rejected"]!.GetValue<long>());
        var problem = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal(("fullTexts", "A record's full texts hold at most 16,777,216 bytes of UTF-8 together."), (problem["field"]!.GetValue<string>(), problem["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_page_whose_citation_reads_as_more_references_than_a_record_holds_is_rejected_and_makes_no_record()
    {
        var folios = string.Join(" ", Enumerable.Range(1, 60).Select(n => $"l. {n}"));
        var page = Imports.when_the_seed_page_is_imported.SeedPage.Replace("ll. 81-85. Translated", $"{folios}. Translated", StringComparison.Ordinal);
        Assert.NotEqual(Imports.when_the_seed_page_is_imported.SeedPage, page);

        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("The new record would hold 60 provenance references; a record holds at most 50", reply.Text);
        var id = ArchivePageImporter.RecordIdFor(ArchivePageImporter.WilsonCenterScheme, "117886");
        (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_record_filled_to_every_bound_is_exported_as_a_line_its_import_takes_back()
    {
        var id = (await Api.Post("/api/records", new { title = "Papers of the Soviet embassy in Beijing, 1949", accessionNumber = "FULL-1" }))
            .ShouldBe(HttpStatusCode.Created).Id;
        long version = 1;
        async Task Then(string path, object body) => version = (await Api.Post($"/api/records/{id}/{path}", body)).ShouldBe(HttpStatusCode.OK).Version;
        await Then("subjects", new { version, subjects = Terms("Subject", RecordCapacity.Subjects) });
        await Then("places", new { version, places = Terms("Place", RecordCapacity.Places) });
        var folios = string.Join(" ", Enumerable.Range(1, RecordCapacity.ProvenanceReferences).Select(n => $"l. {n}"));
        await Then("provenance", new { version, citation = $"AVPRF, f. 0100, op. 42, {folios}" });
        for (var i = 0; i < RecordCapacity.Translations; i++)
        {
            await Then("translations", new { version, language = "en", translators = new[] { $"Translator {i}" }, credit = $"Translated by Translator {i}" });
            await Then("acquisition-credits", new { version, role = "obtained", people = new[] { $"Archivist {i}" }, credit = $"Obtained by Archivist {i}" });
            await Then("funding-notes", new { version, funder = $"Foundation {i}", note = $"Made possible by Foundation {i}" });
        }

        foreach (var (path, body) in new (string, object)[]
        {
            ("translations", new { version, language = "en", translators = new[] { "One more" }, credit = "Translated by one more" }),
            ("acquisition-credits", new { version, role = "obtained", people = new[] { "One more" }, credit = "Obtained by one more" }),
            ("funding-notes", new { version, funder = "One more", note = "Made possible by one more" }),
            ("places", new { version, places = new[] { "Harbin" } }),
        })
        {
            (await Api.Post($"/api/records/{id}/{path}", body)).ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        var line = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
        var exported = JsonNode.Parse(line)!;
        Assert.Equal(
            [100, 100, 50, 50, 50, 50],
            new[] { "subjects", "places", "provenance", "translations", "acquisitionCredits", "fundingNotes" }.Select(list => exported[list]!.AsArray().Count));

        var batch = (await Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal((0L, 1L), (batch["rejected"]!.GetValue<long>(), batch["unchanged"]!.GetValue<long>()));
        Assert.Equal(version, (await Api.Get($"/api/records/{id}")).Version);
    }
}

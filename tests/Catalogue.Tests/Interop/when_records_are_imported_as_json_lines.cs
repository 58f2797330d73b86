using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A catalogue moves to another system and back in JSON lines: each line becomes a record built from events, as
/// archivists would have built it, with who, when and why; lines that are not records are answered line by line and
/// the others go on; a batch cut off is resumed without a record made twice.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_records_are_imported_as_json_lines(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";

    private static IReadOnlyList<JsonNode> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];

    /// <summary>What a batch tells of its lines (its <c>problems</c>, or the fields it <c>readPast</c>): line, field and message each.</summary>
    private static List<(long Line, string Field, string Message)> Told(JsonNode batch, string list) =>
        [.. batch[list]!.AsArray().Select(p => (p!["line"]!.GetValue<long>(), p["field"]!.GetValue<string>(), p["message"]!.GetValue<string>()))];

    /// <summary>A record as it reads, without what the catalogue counts itself: its version, where its texts were attached, its entries' numbers.</summary>
    private static JsonNode Uncounted(JsonNode record)
    {
        var copy = record.DeepClone().AsObject();
        copy.Remove("version");
        foreach (var list in new[] { "provenance", "translations", "acquisitionCredits", "fundingNotes", "fullTexts" })
        {
            foreach (var entry in copy[list]!.AsArray())
            {
                entry!.AsObject().Remove("number");
                entry.AsObject().Remove("version");
            }
        }

        return copy;
    }

    /// <summary>A catalogue with what a record can hold: the seed page as imported and then corrected, a withdrawn record, a draft with a credit taken back.</summary>
    private async Task<string> ACatalogueExportedAsync()
    {
        var seed = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created);
        var id = seed.Id;
        var version = seed.Version;
        async Task Then(string path, object body) => version = (await Api.Post($"/api/records/{id}/{path}", body)).ShouldBe(HttpStatusCode.OK).Version;
        await Then("provenance/" + (await Api.Get($"/api/records/{id}")).Json["provenance"]![0]!["number"] + "/corrections",
            new { version, reason = "Folios checked against the scan", folios = "81-85ob" });
        await Then("subjects", new { version, subjects = new[] { "Sino-Soviet relations", "Советско-китайские отношения" } });
        await Then("places", new { version, places = new[] { "Beijing", "Moscow" } });
        await Then("full-texts", new { version, text = "Из дневника Н.В. Рощина.\n\nПриём у Чжоу Эньлая 10 ноября 1949 г.", language = "ru", kind = "original" });
        await Then("publish", new { version });

        var withdrawn = (await Api.Post("/api/records", new { title = "Ciphered telegram, Roshchin to Filippov", accessionNumber = "AVPRF-1949-0042" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{withdrawn}/dates", new { version = 1, role = "created", asWritten = "late 1949", edtf = "1949-10/1949-12" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{withdrawn}/withdraw", new { version = 2, reason = "Duplicate of an earlier accession" })).ShouldBe(HttpStatusCode.OK);

        var draft = (await Api.Post("/api/records", new { title = "Letter from Mao Zedong to Stalin" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{draft}/translations", new { version = 1, language = "en", translators = new[] { "A. Translator" }, credit = "Translated by A. Translator" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{draft}/translations", new { version = 2, language = "en", translators = new[] { "Sergey Radchenko" }, credit = "Translated by Sergey Radchenko" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{draft}/translations/2/withdrawal", new { version = 3, reason = "Credited by mistake" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{draft}/funding-notes", new { version = 4, funder = "Leon Levy Foundation", note = "Made possible by the Leon Levy Foundation" })).ShouldBe(HttpStatusCode.OK);

        return (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
    }

    [Fact]
    public async Task a_catalogue_exported_and_imported_into_an_empty_store_reads_the_same()
    {
        var exported = await ACatalogueExportedAsync();
        await using var other = await Service.StartOwnCatalogueAsync("roundtrip");

        var imported = (await other.Admin.PostRaw("/api/imports/jsonl", exported, NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        var reexported = (await other.Admin.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;

        Assert.Equal(("finished", 3L, 3L, 0L), (imported["state"]!.GetValue<string>(), imported["lines"]!.GetValue<long>(), imported["created"]!.GetValue<long>(), imported["rejected"]!.GetValue<long>()));
        // What the export writes an import reads or counts anew: nothing of it is a field no record takes.
        Assert.Equal(0, imported["readPastCount"]!.GetValue<long>());
        var before = Lines(exported);
        var after = Lines(reexported);
        Assert.Equal(before.Count, after.Count);
        foreach (var (original, copy) in before.Zip(after))
        {
            Assert.True(JsonNode.DeepEquals(Uncounted(original), Uncounted(copy)), $"{original}\n≠\n{copy}");
        }

        // The catalogue goes on numbering after the numbers it took in.
        var next = (await other.Admin.Post("/api/records", new { title = "A new accession" })).ShouldBe(HttpStatusCode.Created).Id;
        var number = (await other.Admin.Get($"/api/records/{next}")).Json["accessionNumber"]!.GetValue<string>();
        Assert.DoesNotContain(number, before.Select(r => r["accessionNumber"]!.GetValue<string>()));
        Assert.True(string.CompareOrdinal(number, before.Select(r => r["accessionNumber"]!.GetValue<string>()).Where(n => n.StartsWith("CAT-", StringComparison.Ordinal)).Max()) > 0, number);

        // Each full text is the same text, read where the record says it is.
        foreach (var text in after.SelectMany(r => r["fullTexts"]!.AsArray()))
        {
            var read = (await other.Admin.Get(text!["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text;
            Assert.Equal(text["text"]!.GetValue<string>(), read);
        }
    }

    [Fact]
    public async Task a_catalogue_brought_back_again_is_identical_to_the_letter_and_its_read_models_with_it()
    {
        var exported = await ACatalogueExportedAsync();
        await using var second = await Service.StartOwnCatalogueAsync("roundtrip2");
        (await second.Admin.PostRaw("/api/imports/jsonl", exported, NdJson)).ShouldBe(HttpStatusCode.OK);
        var once = (await second.Admin.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
        await using var third = await Service.StartOwnCatalogueAsync("roundtrip3");

        (await third.Admin.PostRaw("/api/imports/jsonl", once, NdJson)).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(once, (await third.Admin.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text);
        await Projections.CaughtUpAsync(second.Services);
        await Projections.CaughtUpAsync(third.Services);
        foreach (var read in new[] { "/api/records?pageSize=100", "/api/search?q=Zhou", "/api/search?status=withdrawn", "/api/reports/funders", "/api/reports/translators", "/api/reports/years", "/api/repositories/AVPRF/fonds" })
        {
            var expected = (await second.Admin.Get(read)).ShouldBe(HttpStatusCode.OK).Text;
            Assert.Equal(expected, (await third.Admin.Get(read)).ShouldBe(HttpStatusCode.OK).Text);
        }

        foreach (var record in Lines(once))
        {
            var dublinCore = (await second.Admin.Get($"/api/records/{record["id"]}/dublin-core")).ShouldBe(HttpStatusCode.OK).Text;
            Assert.Equal(dublinCore, (await third.Admin.Get($"/api/records/{record["id"]}/dublin-core")).ShouldBe(HttpStatusCode.OK).Text);
        }
    }

    [Fact]
    public async Task a_person_named_twice_on_a_line_is_recorded_once_as_the_command_records_them()
    {
        var line = """{"title":"Memorandum of conversation with Kim Il Sung","participants":[{"name":"Kim Il Sung","role":" "},{"name":" Kim Il Sung "},{"name":"T.F. Shtykov","role":"Ambassador"}]}""";

        (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK);
        var imported = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var commanded = (await Api.Post("/api/records", new { title = "The same, by command" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{commanded}/participants", new { version = 1, participants = new object[] { new { name = "Kim Il Sung", role = " " }, new { name = " Kim Il Sung " }, new { name = "T.F. Shtykov", role = "Ambassador" } } }))
            .ShouldBe(HttpStatusCode.OK);

        var participants = (await Api.Get($"/api/records/{imported}")).Json["participants"]!;
        Assert.Equal(2, participants.AsArray().Count);
        Assert.True(JsonNode.DeepEquals((await Api.Get($"/api/records/{commanded}")).Json["participants"], participants), participants.ToJsonString());
    }

    [Fact]
    public async Task a_name_typed_with_combining_accents_is_one_person_kept_in_composed_letters()
    {
        var line = """{"title":"Record of conversation with A.A. Gromyko","participants":[{"name":"Андреи\u0306 Громыко"},{"name":"Андрей Громыко"}],"translations":[{"language":"en","translators":["Csaba Be\u0301ke\u0301s","Csaba Békés"],"credit":"Translated by Csaba Békés"}]}""";

        (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{(await Service.ListedRecords()).Single()["id"]}")).Json;
        Assert.Equal("Андрей Громыко", record["participants"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal("Csaba Békés", record["translations"]![0]!["translators"]!.AsArray().Single()!.GetValue<string>());
    }

    [Fact]
    public async Task each_imported_record_is_built_from_events_that_say_who_when_and_why_and_are_sealed()
    {
        var line = """{"title":"Memorandum of conversation with Kim Il Sung","accessionNumber":"IMP-0001","dates":[{"role":"created","asWritten":"March 1950","edtf":"1950-03"}],"subjects":["Korean War, 1950-1953"],"status":"published"}""";

        var batch = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var history = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json;

        var batchId = batch["batch"]!.GetValue<Guid>();
        Assert.Equal(["record_accessioned", "date_recorded", "subjects_tagged", "record_published"],
            history["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        foreach (var e in history["events"]!.AsArray())
        {
            Assert.Equal("key:admin-client", e!["actor"]!.GetValue<string>());
            Assert.Equal($"http POST /api/imports/jsonl (batch {batchId})", e["source"]!.GetValue<string>());
            Assert.Equal($"Imported in batch {batchId}", e["reason"]!.GetValue<string>());
        }

        Assert.Equal("IMP-0001", (await Api.Get($"/api/records/{id}")).Json["accessionNumber"]!.GetValue<string>());
        await EventChain.WaitUntilSealedAsync(Service.Host.Services, TimeSpan.FromMinutes(1));
        Assert.Equal("intact", (await Api.Get("/api/audit/verify")).ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task lines_that_are_not_records_are_answered_line_by_line_and_the_others_go_on()
    {
        var lines = new[]
        {
            """{"title":"Good record one"}""",
            """{"title":"Bad JSON""",
            """{"title":null}""",
            """{"title":"NUL \u0000 inside"}""",
            """{"id":"00000000-0000-0000-0000-000000000000","title":"All-zero id"}""",
            """{"title":"Wrong date","dates":[{"role":"created","asWritten":"soon","edtf":"tomorrow"}]}""",
            """{"title":"Huge","accessionedAt":"99999-01-01T00:00:00Z"}""",
            """null""",
            """[1,2,3]""",
            """{"title":"A text without its text","fullTexts":[{"language":"en","kind":"original"}]}""",
            "",
            """{"title":"Good record two","subjects":["Cold War"]}""",
        };

        var reply = (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((12L, 2L, 9L), (reply["lines"]!.GetValue<long>(), reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var problems = reply["problems"]!.AsArray().Select(p => $"{p!["line"]} {p["field"]}").Distinct().Order().ToList();
        Assert.Equal(
            new[] { "10 fullTexts[0].text", "2 title", "3 title", "4 title", "5 id", "6 dates[0].edtf", "7 accessionedAt", "8 ", "9 " }.Order(),
            problems);
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>());
        Assert.Equal(["Good record one", "Good record two"], titles.Order());
    }

    /// <summary>
    /// Found from outside: a file saved as Latin-1 ("Café" written with the byte E9) had its line refused as a title
    /// "holding half a surrogate pair"; the byte is told as what it is, wherever in the line it stands.
    /// </summary>
    [Fact]
    public async Task a_line_that_is_not_utf8_is_told_so_by_the_position_of_its_byte_and_the_others_go_on()
    {
        byte[] body =
        [
            .. "{\"title\":\"Caf"u8, 0xE9, .. " telegram\"}\n"u8,
            .. "{\"title\":\"Telegram with a field read past\",\"note\":\"caf"u8, 0xE9, .. "\"}\n"u8,
            .. "{\"title\":\"Cafe telegram\"}\n"u8,
        ];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(NdJson);

        var reply = (await Api.PostContent("/api/imports/jsonl", content)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 2L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var problems = reply["problems"]!.AsArray().Select(p => (p!["line"]!.GetValue<long>(), p["field"]!.GetValue<string>(), p["message"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                (1L, "", "The line is not UTF-8 text: the byte at position 14 is not part of a UTF-8 character. Send the file saved as UTF-8."),
                (2L, "", "The line is not UTF-8 text: the byte at position 55 is not part of a UTF-8 character. Send the file saved as UTF-8."),
            ],
            problems);
    }

    /// <summary>
    /// Found from outside: a value of the wrong type was answered in the serializer's words, naming the .NET type it
    /// could not fill (System.Nullable`1[System.Guid]); it is answered as a command's body is, by field and JSON type.
    /// </summary>
    [Fact]
    public async Task a_value_of_the_wrong_type_is_answered_by_its_field_and_what_it_must_be()
    {
        var lines = new[]
        {
            """{"title":"Numbered","id":123}""",
            """{"title":"Dated loosely","dates":"spring 1950"}""",
            """{"title":"Folios as a number","provenance":[{"folios":81}]}""",
            """{"title":"Accessioned yesterday","accessionedAt":"yesterday"}""",
            """{"title":"A trailing comma",}""",
        };

        var reply = (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var problems = Told(reply, "problems");
        Assert.Equal(
            [
                (1L, "id", "'id' must be a UUID, not a number."),
                (2L, "dates", "'dates' must be an array of objects, not a string."),
                (3L, "provenance[0].folios", "'provenance[0].folios' must be a string, not a number."),
                (4L, "accessionedAt", "'accessionedAt' must be a date, a time and its offset in ISO 8601, such as \"2026-11-28T09:30:00Z\"."),
                (5L, "", "The line is not well-formed JSON: '}' at position 29 was not expected there."),
            ],
            problems);
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    /// <summary>
    /// Found from outside: an accession time without an offset was read in the server's own time zone, so one file
    /// gave other accession times on a server elsewhere; a day alone is its first moment in UTC wherever it is read.
    /// </summary>
    [Fact]
    public async Task an_accession_time_without_its_offset_is_refused_and_a_day_alone_is_its_start_in_utc()
    {
        var lines = new[]
        {
            """{"title":"Accessioned at nine somewhere","accessionedAt":"2024-03-01T09:00:00"}""",
            """{"title":"Accessioned on the first of March","accessionedAt":"2024-03-01"}""",
            """{"title":"Accessioned at nine in Moscow","accessionedAt":"2024-03-01T09:00:00+03:00"}""",
        };

        var reply = (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(
            [(1L, "accessionedAt", "'accessionedAt' must be a date, a time and its offset in ISO 8601, such as \"2026-11-28T09:30:00Z\".")],
            Told(reply, "problems"));
        var accessioned = (await Service.ListedRecords()).ToDictionary(r => r["title"]!.GetValue<string>(), r => r["accessionedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(
            new Dictionary<string, DateTimeOffset>
            {
                ["Accessioned on the first of March"] = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
                ["Accessioned at nine in Moscow"] = new(2024, 3, 1, 6, 0, 0, TimeSpan.Zero),
            },
            accessioned);
        // Recorded in UTC, as every instant the catalogue keeps.
        var moscow = (await Service.ListedRecords()).Single(r => r["title"]!.GetValue<string>() == "Accessioned at nine in Moscow")["id"]!.GetValue<Guid>();
        Assert.Equal("2024-03-01T06:00:00+00:00", (await Api.Get($"/api/records/{moscow}")).Json["accessionedAt"]!.GetValue<string>());
    }

    /// <summary>Found from outside: a line with several mistakes was answered with the first alone.</summary>
    [Fact]
    public async Task every_value_of_the_wrong_type_on_a_line_is_answered_not_the_first_alone()
    {
        var line = """{"title":7,"dates":"spring 1950","provenance":[{"folios":81}],"summary":"once","summary":"twice"}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line, NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var problems = Told(reply, "problems");
        Assert.Equal(
            [
                (1L, "title", "'title' must be a string, not a number."),
                (1L, "dates", "'dates' must be an array of objects, not a string."),
                (1L, "provenance[0].folios", "'provenance[0].folios' must be a string, not a number."),
            ],
            problems.Take(3));
        Assert.Equal((1L, "summary"), (problems[3].Item1, problems[3].Item2));
        Assert.Contains("is given more than once", problems[3].Item3);
        Assert.Equal(4, problems.Count);
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_field_given_twice_on_a_line_is_refused_and_the_other_lines_go_on()
    {
        var lines = new[]
        {
            """{"title":"Memorandum of conversation","summary":"As first read","summary":"As last read"}""",
            """{"title":"Telegram","provenance":[{"repository":"AVPRF","fond":"0100","Fond":"07"}]}""",
            """{"title":"Letter, read once","version":3,"version":4}""",
        };

        var reply = (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var problems = Told(reply, "problems");
        Assert.Equal([(1L, "summary"), (2L, "provenance[0].fond")], problems.Select(p => (p.Item1, p.Item2)));
        Assert.All(problems, p => Assert.Contains("is given more than once", p.Item3));
        // What the catalogue counts itself is read past, given once or twice: that line is a record.
        Assert.Equal(1, await Service.ListedRecordCount());
    }

    /// <summary>
    /// Found from outside: a misspelt field was read past without a word (a CSV import refuses a column it does not
    /// read, a JSON-lines import cannot, since another system's export may carry its own fields), so a summary sent as
    /// <c>sumary</c> was lost unseen.
    /// </summary>
    [Fact]
    public async Task a_field_no_record_takes_is_read_past_and_said_so_by_line_and_path()
    {
        var lines = new[]
        {
            """{"title":"Memorandum of conversation","sumary":"Zhou Enlai on the treaty","provenance":[{"repository":"AVPRF","fond":"0100","folio":"81-85"}]}""",
            """{"titel":"Telegram"}""",
            """{"title":"Letter","version":3,"externalIds":[{"scheme":"wilson","value":"117886","source":"their own"}]}""",
        };

        var reply = (await Api.PostRaw("/api/imports/jsonl", string.Join('\n', lines), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var readPast = Told(reply, "readPast");
        Assert.Equal([(1L, "sumary"), (1L, "provenance[0].folio"), (2L, "titel"), (3L, "externalIds[0].source")], readPast.Select(p => (p.Item1, p.Item2)));
        Assert.Equal(4, reply["readPastCount"]!.GetValue<long>());
        Assert.StartsWith("'sumary' is not a field of a record, so it was read past", readPast[0].Item3);
        Assert.Contains("summary", readPast[0].Item3);
        Assert.Contains("folios", readPast[1].Item3);
        // Read past, not refused: the line is decided without the field, and the line without a title is rejected for that.
        Assert.Equal((2L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal((2L, "title"), (reply["problems"]![0]!["line"]!.GetValue<long>(), reply["problems"]![0]!["field"]!.GetValue<string>()));
        var status = (await Api.Get(reply["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(4, status["readPast"]!.AsArray().Count);
    }

    /// <summary>
    /// Found from outside: a field name of 300,000 characters was kept and answered whole, twice for each such field, so
    /// a file of them made a batch's status larger than PostgreSQL stores (500, and every resumption 500 again).
    /// </summary>
    [Fact]
    public async Task a_field_read_past_is_named_in_a_few_words_however_long_its_name()
    {
        var name = "x" + new string('y', 300_000);
        var line = "{\"title\":\"Memorandum\",\"" + name + "\":1}";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var (number, field, message) = Assert.Single(Told(reply, "readPast"));
        Assert.Equal(1, number);
        Assert.Equal(Catalogue.Api.Validation.Echoed.Shortened(name), field);
        Assert.True(field.Length < 100 && message.Length < 2_000, $"{field.Length} and {message.Length} characters");
        Assert.True(reply.ToJsonString().Length < 5_000);
        Assert.Equal(1, reply["created"]!.GetValue<long>());
    }

    /// <summary>Found from outside: a byte-order mark in the middle of a file was quoted as '' — the invisible character itself.</summary>
    [Fact]
    public async Task an_invisible_character_where_json_should_be_is_named_by_its_code_point()
    {
        var reply = (await Api.PostRaw("/api/imports/jsonl", "{\"title\":\"Memorandum\"}\n\uFEFF{\"title\":\"Telegram\"}\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        var (line, _, message) = Assert.Single(Told(reply, "problems"));
        Assert.Equal(2, line);
        Assert.Contains("U+FEFF at", message);
        Assert.Equal(1, reply["created"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_source_url_naming_a_user_is_rejected_as_the_accession_refuses_it()
    {
        var lines = "{\"title\":\"Memorandum\",\"sourceUrl\":\"https://user:pass@example.org/\"}\n{\"title\":\"Memorandum\",\"sourceUrl\":\"https://example.org/\"}\n";

        var reply = (await Api.PostRaw("/api/imports/jsonl", lines, NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal((1L, "sourceUrl"), (reply["problems"]![0]!["line"]!.GetValue<long>(), reply["problems"]![0]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_line_giving_one_language_by_two_codes_is_rejected_as_the_command_refuses_it()
    {
        var line = "{\"title\":\"Memorandum\",\"originalLanguages\":[{\"code\":\"ru\",\"name\":\"Russian\"},{\"code\":\"rus\",\"name\":\"Русский\"}]}\n";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line, NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        Assert.Equal("originalLanguages", reply["problems"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_value_chosen_from_a_list_is_read_in_any_letter_case()
    {
        var line = """{"title":"Memorandum","status":"PUBLISHED","provenance":[{"citation":"AVPRF, f. 0100, op. 42, d. 19, ll. 81-85"}],"dates":[{"role":"Created","asWritten":"1949","edtf":"1949"}],"acquisitionCredits":[{"role":"Donated","people":["A. N. Other"],"credit":"Donated by A. N. Other"}],"fullTexts":[{"language":"en","kind":"Translation","text":"The text"}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 0L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var record = (await Service.ListedRecords()).Single();
        var stored = (await Api.Get($"/api/records/{record["id"]}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("published", stored["status"]!.GetValue<string>());
        Assert.Equal("created", stored["dates"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("donated", stored["acquisitionCredits"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("translation", stored["fullTexts"]![0]!["kind"]!.GetValue<string>());
    }

    /// <summary>
    /// Found from outside: random bytes sent as JSON lines answered 500 and imported nothing, since a problem quoting the
    /// line (a NUL, a lone surrogate) could not be kept in the batch's JSON in PostgreSQL.
    /// </summary>
    [Fact]
    public async Task lines_of_random_bytes_are_rejected_with_problems_that_quote_them_visibly_and_the_others_go_on()
    {
        var noise = new byte[4_000];
        new Random(117886).NextBytes(noise);
        var body = new List<byte>();
        body.AddRange("{\"title\":\"Good record one\"}\n"u8.ToArray());
        body.AddRange(noise);
        body.AddRange("\n{\"title\":\"Good record two\"}\n"u8.ToArray());
        body.AddRange([0x00, 0x01, 0x7B, 0x22, 0x00, 0x22, 0x3A, 0x31, 0x7D, 0x0A]);
        body.AddRange("{\"title\":\"Lone \\ud800 surrogate\",\"status\":\"\\udc00\\u0000\"}\n"u8.ToArray());
        body.AddRange("{\"\\u0000\":1,\"title\":3}\n"u8.ToArray());
        var content = new ByteArrayContent([.. body]);
        content.Headers.TryAddWithoutValidation("Content-Type", NdJson);

        var reply = (await Api.PostContent("/api/imports/jsonl", content)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(2L, reply["created"]!.GetValue<long>());
        Assert.True(reply["rejected"]!.GetValue<long>() >= 4, reply.ToJsonString());
        foreach (var problem in reply["problems"]!.AsArray())
        {
            var text = problem!["field"]!.GetValue<string>() + problem["message"]!.GetValue<string>();
            Assert.DoesNotContain(text, c => char.IsControl(c) || char.IsSurrogate(c));
        }

        var status = (await Api.Get($"/api/imports/{reply["batch"]!.GetValue<string>()}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(reply["problems"]!.ToJsonString(), status["problems"]!.ToJsonString());
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>());
        Assert.Equal(["Good record one", "Good record two"], titles.Order());
    }

    [Fact]
    public async Task a_line_naming_a_record_the_catalogue_holds_corrects_what_differs_and_leaves_the_rest()
    {
        var id = (await Api.Post("/api/records", new { title = "Untitled memorandum, 1949" })).ShouldBe(HttpStatusCode.Created).Id;
        var line = (await Api.Get($"/api/exports/records")).Json;
        line["title"] = "Memorandum of conversation with Zhou Enlai";
        line["subjects"] = new JsonArray("Sino-Soviet relations");

        var first = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString(), NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        var again = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString(), NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        line["accessionNumber"] = "OTHER-1";
        var renumbered = (await Api.PostRaw("/api/imports/jsonl", line.ToJsonString(), NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 0L), (first["updated"]!.GetValue<long>(), first["created"]!.GetValue<long>()));
        Assert.Equal(1L, again["unchanged"]!.GetValue<long>());
        Assert.Equal("accessionNumber", renumbered["problems"]![0]!["field"]!.GetValue<string>());
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal(["record_accessioned", "title_revised", "subjects_tagged"], history.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal($"Imported in batch {first["batch"]}", history[1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_record_named_on_several_lines_is_made_by_the_first_and_corrected_by_the_next_never_in_conflict_with_its_own_batch()
    {
        var telegram = Guid.NewGuid();
        var letter = Guid.NewGuid();
        var lines = string.Join("\n",
            $$"""{"id":"{{telegram}}","accessionNumber":"AVPRF-1949-0101","title":"Telegram from Beijing"}""",
            $$"""{"id":"{{telegram}}","accessionNumber":"AVPRF-1949-0101","title":"Telegram from Beijing to Moscow","subjects":["Railroads"]}""",
            $$"""{"id":"{{letter}}","accessionNumber":"AVPRF-1949-0101","title":"Letter to Stalin"}""",
            $$"""{"id":"{{telegram}}","accessionNumber":"AVPRF-1949-0101","title":"Telegram from Beijing to Moscow","subjects":["Railroads","Cold War"]}""") + "\n";

        var batch = (await Api.PostRaw("/api/imports/jsonl", lines, NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((4L, 1L, 2L, 1L, 0L), (batch["lines"]!.GetValue<long>(), batch["created"]!.GetValue<long>(), batch["updated"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>(), batch["conflicts"]!.GetValue<long>()));
        var refused = Assert.Single(batch["problems"]!.AsArray())!;
        Assert.Equal((3L, "accessionNumber"), (refused["line"]!.GetValue<long>(), refused["field"]!.GetValue<string>()));
        var record = (await Api.Get($"/api/records/{telegram}")).Json;
        Assert.Equal(("Telegram from Beijing to Moscow", 4L), (record["title"]!.GetValue<string>(), record["version"]!.GetValue<long>()));
        Assert.Equal(["Cold War", "Railroads"], record["subjects"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
        (await Api.Get($"/api/records/{letter}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_batch_cut_off_is_resumed_after_its_last_handled_line_without_a_record_made_twice()
    {
        var lines = Enumerable.Range(1, 60).Select(i => $$"""{"title":"Telegram {{i:D3}}"}""").ToList();
        var whole = string.Join('\n', lines) + "\n";
        var batch = Guid.NewGuid();
        // The first 40 lines and a half arrive, then the connection breaks, as a body read from a broken connection does
        // (the test service commits 25 lines a transaction: the first 25 are in, the rest of the second run is not).
        var sent = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(40)) + "\n{\"title\":\"Telegr");
        var importer = Service.Host.Services.GetRequiredService<BatchImporter>();
        var (opening, _) = await importer.OpenAsync(batch, BulkFormats.JsonLines, "http POST /api/imports/jsonl", "key:admin-client", null, CancellationToken.None);
        var context = new ChangeContext("key:admin-client", "test", $"http POST /api/imports/jsonl (batch {batch})", $"Imported in batch {batch}");
        await Assert.ThrowsAsync<IOException>(() => importer.RunAsync(opening!.Batch, JsonLinesReader.ReadAsync(new BreakingStream(sent), CancellationToken.None), context, null, CancellationToken.None));

        // Its lease still held (its process has not let go of it): no one else imports into it meanwhile.
        var meanwhile = (await Api.PostRaw($"/api/imports/jsonl?batch={batch}", whole, NdJson)).ShouldBe(HttpStatusCode.Conflict);
        Assert.Contains("is being imported or reverted now", meanwhile.Text);
        await opening!.DisposeAsync();
        // A file that ends before the batch's last handled line is not its input: the verb says so, the batch stays as it was.
        var firstLines = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(firstLines, lines.Take(10));
        var (shorter, told) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", firstLines, "--batch", batch.ToString());
        File.Delete(firstLines);
        Assert.True(shorter == 1, told);
        Assert.Contains($"The input ends at line 10, but batch {batch} had handled 25 lines of its input", told);
        // Found from outside: another file as long or longer had its first 25 lines passed over as if imported. Refused
        // too, nothing of it written; the batch's own lines written with CRLF line breaks are still its own.
        var another = string.Join('\n', Enumerable.Range(1, 60).Select(i => $$"""{"title":"Letter {{i:D3}}"}""")) + "\n";
        var notItsOwn = (await Api.PostRaw($"/api/imports/jsonl?batch={batch}", another, NdJson)).ShouldBe(HttpStatusCode.Conflict);
        Assert.Equal("The input is not the batch's", notItsOwn.Json["title"]!.GetValue<string>());
        Assert.StartsWith($"Batch {batch} had handled 25 lines of its input, and the first 25 lines of this input are not those lines", notItsOwn.Json["detail"]!.GetValue<string>());
        var edited = string.Join('\n', lines.Select((l, i) => i == 12 ? l.Replace("Telegram", "Telegramme") : l)) + "\n";
        (await Api.PostRaw($"/api/imports/jsonl?batch={batch}", edited, NdJson)).ShouldBe(HttpStatusCode.Conflict);
        var status = (await Api.Get($"/api/imports/{batch}")).ShouldBe(HttpStatusCode.OK).Json;
        var resumed = (await Api.PostRaw($"/api/imports/jsonl?batch={batch}", whole.ReplaceLineEndings("\r\n"), NdJson)).ShouldBe(HttpStatusCode.OK).Json;
        var finished = (await Api.PostRaw($"/api/imports/jsonl?batch={batch}", whole, NdJson)).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal(("interrupted", 25L), (status["state"]!.GetValue<string>(), status["lines"]!.GetValue<long>()));
        Assert.Equal(("finished", 60L, 60L), (resumed["state"]!.GetValue<string>(), resumed["lines"]!.GetValue<long>(), resumed["created"]!.GetValue<long>()));
        var titles = (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>());
        Assert.Equal(lines.Select(l => JsonNode.Parse(l)!["title"]!.GetValue<string>()).Order(), titles.Order());
        Assert.Contains("is finished", finished.Text);
    }

    [Fact]
    public async Task what_is_not_a_json_lines_import_is_refused_and_changes_nothing()
    {
        var line = """{"title":"A record"}""";

        var json = (await Api.PostRaw("/api/imports/jsonl", line, "application/json")).ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var latinBody = new ByteArrayContent(Encoding.UTF8.GetBytes(line));
        latinBody.Headers.TryAddWithoutValidation("Content-Type", "application/x-ndjson; charset=iso-8859-1");
        var latin = (await Api.PostContent("/api/imports/jsonl", latinBody)).ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var keyed = (await Api.PostRaw("/api/imports/jsonl", line, NdJson, ("Idempotency-Key", "import-1"))).ShouldBe(HttpStatusCode.BadRequest);
        var zero = (await Api.PostRaw($"/api/imports/jsonl?batch={Guid.Empty}", line, NdJson)).ShouldBe(HttpStatusCode.BadRequest);
        var reader = (await Service.As("reader").PostRaw("/api/imports/jsonl", line, NdJson)).ShouldBe(HttpStatusCode.Forbidden);
        (await Api.Get($"/api/imports/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/imports/{Guid.Empty}")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal(["Idempotency-Key"], keyed.ErrorFields);
        Assert.Equal(["batch"], zero.ErrorFields);
        Assert.Equal(0, await Service.ListedRecordCount());
        _ = (json, latin, reader);
    }

    [Fact]
    public async Task the_command_line_imports_a_file_with_its_progress_and_resumes_its_batch()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}.jsonl");
        try
        {
            await File.WriteAllLinesAsync(file, ["""{"title":"Memorandum one","sumary":"Lost unless said"}""", """{"title":""}""", """{"title":"Memorandum two"}"""]);

            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", file);
            var batch = System.Text.RegularExpressions.Regex.Match(output, "in batch ([0-9a-f-]{36})").Groups[1].Value;
            var (again, refusal) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", file, "--batch", batch);
            var (misused, usage) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl");
            var (missing, notThere) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", file + ".missing");

            Assert.True(exit == 1, output);
            Assert.Contains("2 created, 0 updated, 0 unchanged, 1 rejected", output);
            Assert.Contains("line 2, title:", output);
            Assert.Contains("line 1, sumary (read past): 'sumary' is not a field of a record", output);
            Assert.Contains("100 %", output);
            Assert.Equal(1, again);
            Assert.Contains("is finished", refusal);
            Assert.Equal(64, misused);
            Assert.Contains("usage: import-jsonl FILE", usage);
            Assert.Equal(66, missing);
            Assert.Contains("no such file", notThere);
            Assert.Equal(2, await Service.ListedRecordCount());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task the_command_line_reads_a_file_kept_gzip_in_several_members_and_refuses_one_cut_off()
    {
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}.jsonl.gz");
        var cut = file.Replace(".jsonl.gz", "-cut.jsonl.gz", StringComparison.Ordinal);
        try
        {
            var lines = Enumerable.Range(1, 600).Select(n => $$"""{"title":"Telegram no. {{n}} from Beijing"}""" + "\n").ToList();
            using (var buffer = new MemoryStream())
            {
                // Three parts compressed apart and joined, as `cat part1.gz part2.gz part3.gz` joins them.
                foreach (var part in lines.Chunk(250))
                {
                    await using var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
                    await gzip.WriteAsync(Encoding.UTF8.GetBytes(string.Concat(part)));
                }

                await File.WriteAllBytesAsync(file, buffer.ToArray());
                await File.WriteAllBytesAsync(cut, buffer.ToArray()[..^3]);
            }

            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", file);
            var (cutExit, cutOutput) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", cut);

            Assert.True(exit == 0, output);
            Assert.Contains("600 created, 0 updated, 0 unchanged, 0 rejected", output);
            Assert.Contains("100 %", output);
            Assert.True(cutExit == 1, cutOutput);
            Assert.Contains("The file is not whole gzip", cutOutput);
            // Found from outside: told to resume with the same file, cut off as it was.
            Assert.Contains("Once you have the whole file, resume with: import-jsonl", cutOutput);
            var stopped = System.Text.RegularExpressions.Regex.Match(cutOutput, "in batch ([0-9a-f-]{36})").Groups[1].Value;
            Assert.Equal("interrupted", (await Api.Get($"/api/imports/{stopped}")).Json["state"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(file);
            File.Delete(cut);
        }
    }
}

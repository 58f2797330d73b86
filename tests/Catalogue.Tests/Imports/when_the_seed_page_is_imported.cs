using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>The Wilson Center page of document 117886, imported over HTTP as an archivist would.</summary>
public sealed class when_the_seed_page_is_imported(CatalogueService service) : CatalogueScenario(service)
{
    public static string SeedPage => File.ReadAllText(RepositoryFiles.PathOf("tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt"));

    /// <summary>The seed page as the page of another document: its own document id, and a title that says which copy it is.</summary>
    public static string SeedPageAs(int documentId) => SeedPage
        .Replace("document/117886", $"document/{documentId}")
        .Replace("on 10 November 1949\n", $"on 10 November 1949 (copy {documentId})\n");

    private const string HouseStyleTitle = "Memorandum of Conversation with Zhou Enlai, 10 November 1949";

    /// <summary>An archivist's correction of the imported title, made against the given version.</summary>
    private async Task PutTheTitleInHouseStyle(Guid id, long version) =>
        (await Api.Post($"/api/records/{id}/title", new { version, title = HouseStyleTitle, reason = "House style" })).ShouldBe(HttpStatusCode.OK);

    private async Task<(Guid Id, JsonNode Record)> ImportTheSeed()
    {
        var reply = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("created", reply.Json["status"]!.GetValue<string>());
        var record = (await Api.Get($"/api/records/{reply.Id}")).ShouldBe(HttpStatusCode.OK).Json;
        return (reply.Id, record);
    }

    [Fact]
    public async Task the_record_has_the_identity_title_and_source_of_the_page()
    {
        var (_, record) = await ImportTheSeed();

        Assert.Equal("From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949", record["title"]!.GetValue<string>());
        Assert.Equal("wilson-center", record["externalIds"]![0]!["scheme"]!.GetValue<string>());
        Assert.Equal("117886", record["externalIds"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("https://wilson-center-digital-archive.dvincitest.com/document/117886", record["sourceUrl"]!.GetValue<string>());
        Assert.Equal("Memorandum of Conversation", record["documentType"]!.GetValue<string>());
        Assert.Equal(
            "\"From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949\", November 10, 1949, Wilson Center Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85. Translated by David Wolff. https://wilson-center-digital-archive.dvincitest.com/document/117886",
            record["sourceCitation"]!.GetValue<string>());
        Assert.Equal("draft", record["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_conversation_date_and_the_diary_date_are_both_kept()
    {
        var (_, record) = await ImportTheSeed();

        var dates = record["dates"]!.AsArray().ToDictionary(d => d!["role"]!.GetValue<string>());
        Assert.Equal("November 10, 1949", dates["described"]!["asWritten"]!.GetValue<string>());
        Assert.Equal("1949-11-10", dates["described"]!["edtf"]!.GetValue<string>());
        Assert.Equal("1 December 1949", dates["created"]!["asWritten"]!.GetValue<string>());
        Assert.Equal("1949-12-01", dates["created"]!["edtf"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_provenance_is_read_into_avprf_locators()
    {
        var (_, record) = await ImportTheSeed();

        var reference = Assert.Single(record["provenance"]!.AsArray())!;
        Assert.Equal("AVPRF", reference["repository"]!.GetValue<string>());
        Assert.Equal("0100", reference["fond"]!.GetValue<string>());
        Assert.Equal("42", reference["opis"]!.GetValue<string>());
        Assert.Null(reference["delo"]);
        Assert.Equal("19", reference["poryadok"]!.GetValue<string>());
        Assert.Equal("288", reference["papka"]!.GetValue<string>());
        Assert.Equal("81-85", reference["folios"]!.GetValue<string>());
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", reference["citation"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_description_credits_and_languages_are_captured()
    {
        var (_, record) = await ImportTheSeed();

        Assert.StartsWith("Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai.", record["summary"]!.GetValue<string>());
        Assert.Equal("Top Secret, Copy 4", record["classification"]!.GetValue<string>());

        var language = Assert.Single(record["originalLanguages"]!.AsArray())!;
        Assert.Equal("ru", language["code"]!.GetValue<string>());
        Assert.Equal("Russian", language["name"]!.GetValue<string>());

        var funding = Assert.Single(record["fundingNotes"]!.AsArray())!;
        Assert.Equal("Leon Levy Foundation", funding["funder"]!.GetValue<string>());
        Assert.Equal("This document was made possible with support from Leon Levy Foundation", funding["note"]!.GetValue<string>());

        var translation = Assert.Single(record["translations"]!.AsArray())!;
        Assert.Equal("en", translation["language"]!.GetValue<string>());
        Assert.Equal(["David Wolff"], translation["translators"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("David Wolff", translation["credit"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_author_participants_and_full_text_are_captured()
    {
        var (_, record) = await ImportTheSeed();

        var author = Assert.Single(record["creators"]!.AsArray())!;
        Assert.Equal("N.V. Roshchin", author["name"]!.GetValue<string>());
        var participants = record["participants"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("N.V. Roshchin", participants);
        Assert.Contains("Zhou Enlai", participants);

        var entry = Assert.Single(record["fullTexts"]!.AsArray())!;
        Assert.Equal("en", entry["language"]!.GetValue<string>());
        Assert.Equal("translation", entry["kind"]!.GetValue<string>());
        var text = (await Api.Get(entry["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text;
        Assert.StartsWith("From the Diary of N. V. ROSHCHIN Top Secret, Copy 4, 1 December 1949", text);
        Assert.Contains("[Roshchin requests aid in moving his embassy's materials from Nanjing to Beijing.]", text);
    }

    [Fact]
    public async Task the_history_says_the_page_was_imported_over_http()
    {
        var (id, _) = await ImportTheSeed();

        var events = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("record_accessioned", events[0]!["type"]!.GetValue<string>());
        Assert.All(events, e => Assert.Equal("http POST /api/imports", e!["source"]!.GetValue<string>()));
        Assert.True(events.Count >= 12, $"expected an event per captured field, got {events.Count}");
    }

    [Fact]
    public async Task importing_the_same_page_again_changes_nothing()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();

        var again = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("unchanged", again.Json["status"]!.GetValue<string>());
        Assert.Equal(id, again.Id);
        Assert.Equal(version, await Api.CurrentVersion(id));
        Assert.Equal(1, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_reading_an_archivist_refined_is_kept_when_the_same_page_is_imported_again()
    {
        var (id, record) = await ImportTheSeed();
        var reference = Assert.Single(record["provenance"]!.AsArray())!;
        var correction = new
        {
            version = record["version"]!.GetValue<long>(),
            reason = "Folio range checked against the scan",
            repository = "AVPRF",
            fond = "0100",
            opis = "42",
            poryadok = "19",
            papka = "288",
            folios = "81-85ob",
            citation = reference["citation"]!.GetValue<string>(),
        };
        (await Api.Post($"/api/records/{id}/provenance/{reference["number"]}/corrections", correction)).ShouldBe(HttpStatusCode.OK);
        var corrected = await Api.CurrentVersion(id);

        var again = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("unchanged", again.Json["status"]!.GetValue<string>());
        Assert.Equal(corrected, await Api.CurrentVersion(id));
        var kept = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("81-85ob", kept["folios"]!.GetValue<string>());
    }

    [Fact]
    public async Task what_archivists_corrected_removed_or_withdrew_since_stays_when_the_same_page_is_imported_again()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();
        await PutTheTitleInHouseStyle(id, version);
        var funding = Assert.Single(record["fundingNotes"]!.AsArray())!;
        (await Api.Post($"/api/records/{id}/funding-notes/{funding["number"]}/removal", new { version = version + 1, reason = "Credited on the collection, not the item" }))
            .ShouldBe(HttpStatusCode.OK);
        var translation = Assert.Single(record["translations"]!.AsArray())!;
        (await Api.Post($"/api/records/{id}/translations/{translation["number"]}/withdrawal", new { version = version + 2, reason = "Superseded by a new translation" }))
            .ShouldBe(HttpStatusCode.OK);

        var again = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("unchanged", again.Json["status"]!.GetValue<string>());
        Assert.Equal(version + 3, await Api.CurrentVersion(id));
        var now = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(HouseStyleTitle, now["title"]!.GetValue<string>());
        Assert.Empty(now["fundingNotes"]!.AsArray());
        Assert.Empty(now["translations"]!.AsArray());
    }

    [Fact]
    public async Task subjects_and_a_full_text_archivists_removed_stay_removed_when_the_same_page_is_imported_again()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();
        var text = Assert.Single(record["fullTexts"]!.AsArray())!;
        (await Api.Post($"/api/records/{id}/subjects", new { version, subjects = new[] { "Korean War", "Sino-Soviet relations" } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/subjects/removal", new { version = version + 1, subjects = new[] { "Korean War" }, reason = "Not about Korea" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = version + 2, language = text["language"]!.GetValue<string>(), kind = text["kind"]!.GetValue<string>(), reason = "To be replaced by the checked translation" }))
            .ShouldBe(HttpStatusCode.OK);

        var again = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("unchanged", again.Json["status"]!.GetValue<string>());
        Assert.Equal(version + 3, await Api.CurrentVersion(id));
        var now = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(["Sino-Soviet relations"], now["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Empty(now["fullTexts"]!.AsArray());
    }

    [Fact]
    public async Task a_changed_page_changes_nothing_on_a_withdrawn_record_and_says_why()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();
        (await Api.Post($"/api/records/{id}/withdraw", new { version, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);
        var revised = SeedPage.Replace("expressing the Chairman's desire to make a visit to Moscow.", "expressing the Chairman's wish to visit Moscow.");

        var single = (await Api.PostRaw("/api/imports", revised, "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var batch = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(("seed-117886.txt", System.Text.Encoding.UTF8.GetBytes(revised))))).ShouldBe(HttpStatusCode.OK);
        var same = (await Api.PostRaw("/api/imports", SeedPage, "text/plain")).ShouldBe(HttpStatusCode.OK);

        var why = Assert.Single(single.Json["errors"]!["page"]!.AsArray())!.GetValue<string>();
        Assert.Contains("withdrawn", why);
        Assert.Contains($"POST /api/records/{id}/reinstatement", why);
        var page = Assert.Single(batch.Json["pages"]!.AsArray())!;
        Assert.Equal("rejected", page["status"]!.GetValue<string>());
        Assert.Equal(id, page["id"]!.GetValue<Guid>());
        Assert.Equal(why, Assert.Single(page["problems"]!.AsArray())!.GetValue<string>());
        Assert.Equal("unchanged", same.Json["status"]!.GetValue<string>());
        Assert.Equal(version + 1, await Api.CurrentVersion(id));
        Assert.DoesNotContain("wish to visit Moscow", (await Api.Get($"/api/records/{id}")).Json["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_command_line_import_keeps_an_archivists_correction_too()
    {
        var file = RepositoryFiles.PathOf("tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt");
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);
        Assert.True(exit == 0, output);
        Assert.Contains("(record_accessioned, source_citation_recorded, ", output);
        // The record list is an async read model: read it once it holds the import.
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var version = await Api.CurrentVersion(id);
        await PutTheTitleInHouseStyle(id, version);

        (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);

        Assert.True(exit == 0, output);
        Assert.Contains($"record {id} unchanged at version {version + 1}", output);
        Assert.Equal(HouseStyleTitle, (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_page_that_changed_since_sets_only_what_it_changed_and_keeps_the_archivists_corrections()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();
        await PutTheTitleInHouseStyle(id, version);
        var revised = SeedPage.Replace("expressing the Chairman's desire to make a visit to Moscow.", "expressing the Chairman's wish to visit Moscow.");

        var reply = (await Api.PostRaw("/api/imports", revised, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("updated", reply.Json["status"]!.GetValue<string>());
        Assert.Equal(["summary_revised"], reply.Json["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        var now = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(HouseStyleTitle, now["title"]!.GetValue<string>());
        Assert.EndsWith("wish to visit Moscow.", now["summary"]!.GetValue<string>());
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("Re-imported from https://wilson-center-digital-archive.dvincitest.com/document/117886: the page has changed since it was last imported.",
            last["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_page_that_changed_appends_only_what_differs_with_a_reason()
    {
        var (id, record) = await ImportTheSeed();
        var version = record["version"]!.GetValue<long>();
        var revised = SeedPage.Replace("expressing the Chairman's desire to make a visit to Moscow.", "expressing the Chairman's wish to visit Moscow.");

        var reply = (await Api.PostRaw("/api/imports", revised, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("updated", reply.Json["status"]!.GetValue<string>());
        Assert.Equal(version + 1, await Api.CurrentVersion(id));
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("summary_revised", last["type"]!.GetValue<string>());
        Assert.Contains("Re-imported", last["reason"]!.GetValue<string>());
        Assert.EndsWith("wish to visit Moscow.", (await Api.Get($"/api/records/{id}")).Json["summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_text_that_is_not_an_archive_page_is_refused_and_nothing_is_appended()
    {
        var reply = (await Api.PostRaw("/api/imports", "Dear archivist,\nplease catalogue the attached scan.", "text/plain"))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("page", reply.ErrorFields);
        Assert.Contains(reply.Json["errors"]!["page"]!.AsArray(), p => p!.GetValue<string>().Contains("Citation", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_page_without_its_citation_is_refused_naming_what_is_missing()
    {
        var withoutCitation = SeedPage.Remove(SeedPage.IndexOf("## Citation:", StringComparison.Ordinal), SeedPage.IndexOf("## **Summary:**", StringComparison.Ordinal) - SeedPage.IndexOf("## Citation:", StringComparison.Ordinal));

        var reply = (await Api.PostRaw("/api/imports", withoutCitation, "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(reply.Json["errors"]!["page"]!.AsArray(), p => p!.GetValue<string>().Contains("Citation", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_page_that_is_not_utf8_is_refused_rather_than_stored_with_replacement_characters()
    {
        // The page saved as Latin-1 by an old editor: its "ü" is the single byte 0xFC, which is not UTF-8.
        var latin1 = System.Text.Encoding.Latin1.GetBytes(SeedPage.Replace("Moscow", "Moskau über Berlin"));
        var content = new ByteArrayContent(latin1);
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");

        var reply = (await Api.PostContent("/api/imports", content)).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(reply.Json["errors"]!["page"]!.AsArray(), p => p!.GetValue<string>().Contains("not UTF-8", StringComparison.Ordinal));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task a_page_over_4_mib_is_refused_even_without_a_declared_length()
    {
        var reply = (await Api.PostContent("/api/imports", new UnsizedText(SeedPage + new string('x', ImportEndpointLimit)))).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(reply.Json["errors"]!["page"]!.AsArray(), p => p!.GetValue<string>().Contains("larger than 4 MiB", StringComparison.Ordinal));
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    private const int ImportEndpointLimit = Catalogue.Api.Imports.ImportEndpoint.MaxPageBytes;

    /// <summary>A text body sent chunked, its length not declared, as a client streaming a file sends it.</summary>
    private sealed class UnsizedText : HttpContent
    {
        private readonly byte[] _bytes;

        public UnsizedText(string text)
        {
            _bytes = System.Text.Encoding.UTF8.GetBytes(text);
            Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(_bytes, 0, _bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

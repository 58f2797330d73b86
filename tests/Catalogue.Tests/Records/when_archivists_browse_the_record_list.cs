using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Records;

/// <summary>
/// The record list is read a page at a time, each page starting after the last line of the one before (the
/// <c>next</c> cursor): newest accession first, or by title or accession number. Records accessioned meanwhile never
/// push a line onto the next page or off it, and readers never see a draft.
/// </summary>
public sealed class when_archivists_browse_the_record_list(CatalogueService service) : CatalogueScenario(service)
{
    private static IReadOnlyList<Guid> Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>())];

    private static string After(JsonNode page) => Uri.EscapeDataString(page["next"]!.GetValue<string>());

    /// <summary>Every page of the list as <paramref name="client"/> reads it, in order, by following each answer's cursor.</summary>
    private static async Task<IReadOnlyList<Guid>> EveryPage(Support.Api client, string query)
    {
        var ids = new List<Guid>();
        var page = (await client.Get($"/api/records?{query}")).ShouldBe(HttpStatusCode.OK).Json;
        ids.AddRange(Ids(page));
        while (page["next"] is not null)
        {
            page = (await client.Get($"/api/records?{query}&after={After(page)}")).ShouldBe(HttpStatusCode.OK).Json;
            ids.AddRange(Ids(page));
        }

        return ids;
    }

    private async Task<IReadOnlyList<Guid>> Accession(int count, string prefix = "ACC")
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++) ids.Add((await Api.AccessionTheSeed($"{prefix}-{i:D3}")).Id);
        return ids;
    }

    private async Task Publish(Guid id)
    {
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task records_come_newest_first_a_page_at_a_time()
    {
        var ids = await Accession(5);
        await Service.ProjectionsCaughtUp();

        var first = (await Api.Get("/api/records?pageSize=2")).ShouldBe(HttpStatusCode.OK);
        var second = (await Api.Get($"/api/records?pageSize=2&after={After(first.Json)}")).ShouldBe(HttpStatusCode.OK).Json;
        var third = (await Api.Get($"/api/records?pageSize=2&after={After(second)}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal([ids[4], ids[3]], Ids(first.Json));
        Assert.Equal([ids[2], ids[1]], Ids(second));
        Assert.Equal([ids[0]], Ids(third));
        Assert.Null(third["next"]);
        Assert.Equal(("newest", 2), (first.Json["sort"]!.GetValue<string>(), first.Json["pageSize"]!.GetValue<int>()));
        Assert.Null(first.Json["totalItems"]);
        Assert.Equal($"</api/records?after={After(first.Json)}&pageSize=2>; rel=\"next\"", first.Headers.GetValues("Link").Single());
        var line = first.Json["items"]![0]!;
        Assert.Equal(
            ["id", "accessionNumber", "title", "documentType", "status", "date", "repository", "version", "accessionedAt"],
            line.AsObject().Select(p => p.Key));
        Assert.Equal(("ACC-004", "Memorandum of Conversation", "draft", 1L), (line["accessionNumber"]!.GetValue<string>(), line["documentType"]!.GetValue<string>(), line["status"]!.GetValue<string>(), line["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task each_line_gives_the_date_the_record_is_cited_by_with_its_years_and_its_repository()
    {
        var seed = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        var undated = (await Api.AccessionTheSeed("UNDATED")).Id;
        var decade = (await Api.AccessionTheSeed("DECADE")).Id;
        (await Api.Post($"/api/records/{decade}/dates", new { version = 1, role = "created", asWritten = "the 1950s", edtf = "195X" })).ShouldBe(HttpStatusCode.OK);

        var lines = (await Service.ListedRecords()).ToDictionary(r => r["id"]!.GetValue<Guid>());

        var date = lines[seed]["date"]!;
        Assert.Equal(("described", "November 10, 1949", "1949-11-10"), (date["role"]!.GetValue<string>(), date["asWritten"]!.GetValue<string>(), date["edtf"]!.GetValue<string>()));
        Assert.Equal((1949, 1949), (date["fromYear"]!.GetValue<int>(), date["toYear"]!.GetValue<int>()));
        Assert.Equal("AVPRF", lines[seed]["repository"]!.GetValue<string>());
        Assert.Equal((1950, 1959), (lines[decade]["date"]!["fromYear"]!.GetValue<int>(), lines[decade]["date"]!["toYear"]!.GetValue<int>()));
        Assert.Null(lines[undated]["date"]);
        Assert.Null(lines[undated]["repository"]);
    }

    [Fact]
    public async Task no_record_is_skipped_or_repeated_while_new_ones_arrive_between_pages()
    {
        var before = await Accession(30, "BEFORE");
        await Service.ProjectionsCaughtUp();
        using var stop = new CancellationTokenSource();
        var arriving = Task.Run(async () =>
        {
            var archivist = Service.As("archivist");
            for (var n = 0; !stop.IsCancellationRequested; n++)
                (await archivist.Post("/api/records", new { title = $"Arrived while the list was read, {n}", accessionNumber = $"DURING-{n:D4}" })).ShouldBe(HttpStatusCode.Created);
        });

        var read = new List<Guid>();
        var page = (await Api.Get("/api/records?pageSize=7")).ShouldBe(HttpStatusCode.OK).Json;
        read.AddRange(Ids(page));
        while (page["next"] is not null)
        {
            // Let some records arrive, and the list take them in, between one page and the next.
            await Task.Delay(100);
            page = (await Api.Get($"/api/records?pageSize=7&after={After(page)}")).ShouldBe(HttpStatusCode.OK).Json;
            read.AddRange(Ids(page));
        }

        await stop.CancelAsync();
        await arriving;

        Assert.Equal(read.Count, read.Distinct().Count());
        Assert.Equal([.. Enumerable.Reverse(before)], read.Where(before.Contains));
        Assert.True(await Service.ListedRecordCount() > before.Count, "no record arrived while the list was read");
    }

    [Fact]
    public async Task readers_never_see_a_draft_on_any_page_in_any_order()
    {
        var ids = await Accession(8);
        foreach (var id in ids.Where((_, i) => i % 3 == 0)) await Publish(id);
        var published = ids.Where((_, i) => i % 3 == 0).ToList();
        await Service.ProjectionsCaughtUp();
        var reader = Service.As("reader");

        Assert.Equal([.. Enumerable.Reverse(published)], await EveryPage(reader, "pageSize=1"));
        Assert.Equal(published, await EveryPage(reader, "pageSize=2&sort=accession"));
        Assert.Equal(published.Count, (await EveryPage(reader, "pageSize=2&sort=title")).Count);
        Assert.Equal(ids.Count, (await EveryPage(Service.As("archivist"), "pageSize=3")).Count);
    }

    [Fact]
    public async Task the_list_is_read_by_title_or_by_accession_number()
    {
        var titles = new[] { "Telegram from Moscow", "Aide-memoire on Korea", "Memorandum of Conversation", "Letter from Mao Zedong", "Cable to Beijing" };
        var ids = new Dictionary<string, Guid>();
        for (var i = 0; i < titles.Length; i++)
            ids[titles[i]] = (await Api.Post("/api/records", new { title = titles[i], accessionNumber = $"ACC-{titles.Length - i}" })).ShouldBe(HttpStatusCode.Created).Id;
        await Service.ProjectionsCaughtUp();

        var byTitle = await EveryPage(Api, "pageSize=2&sort=title");
        var byAccession = await EveryPage(Api, "pageSize=2&sort=accession");

        Assert.Equal(titles.Order(StringComparer.Ordinal).Select(t => ids[t]), byTitle);
        Assert.Equal(titles.Reverse().Select(t => ids[t]), byAccession);
        Assert.Equal(byTitle, await EveryPage(Api, "pageSize=2&sort=Title"));
        var first = (await Api.Get("/api/records?pageSize=2&sort=title")).Json;
        var mixed = (await Api.Get($"/api/records?pageSize=2&sort=newest&after={After(first)}")).ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal(["sort"], mixed.ErrorFields);
        Assert.Contains("sorted by title", mixed.Json["errors"]!["sort"]![0]!.GetValue<string>());
    }

    /// <summary>Found from outside: by title, "aardvark" came after "Zzz" and "Éclair" after every Latin title (code point order).</summary>
    [Fact]
    public async Task titles_are_filed_as_a_card_catalogue_files_them_whatever_their_case_accents_and_opening_quotes()
    {
        string[] filed = ["aardvark in the margin", "Cable to Beijing", "Éclair: a note on pastry", "\"Quoted\" telegram", "zhou Enlai's reply", "Zzz, the last title", "ёлка в Кремле", "Записка Молотова", "Письмо Сталину"];
        var ids = new Dictionary<string, Guid>();
        foreach (var (title, n) in filed.Reverse().Select((t, n) => (t, n)))
            ids[title] = (await Api.Post("/api/records", new { title, accessionNumber = $"FILED-{n}" })).ShouldBe(HttpStatusCode.Created).Id;
        await Service.ProjectionsCaughtUp();

        Assert.Equal(filed.Select(t => ids[t]), await EveryPage(Api, "pageSize=4&sort=title"));
    }

    [Fact]
    public async Task lines_an_earlier_version_filed_by_their_title_as_written_are_filed_again_once()
    {
        string[] filed = ["aardvark in the margin", "Cable to Beijing", "Éclair: a note on pastry"];
        var ids = new List<Guid>();
        foreach (var (title, n) in filed.Select((t, n) => (t, n)))
            ids.Add((await Api.Post("/api/records", new { title, accessionNumber = $"OLDER-{n}" })).ShouldBe(HttpStatusCode.Created).Id);
        await Service.ProjectionsCaughtUp();
        var database = Service.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        // As a version that filed titles as written left them.
        await using (var older = database.CreateCommand(
            $"update {RecordListing.Table} set sort_title = data ->> 'Title', data = jsonb_set(data, '{{SortTitle}}', data -> 'Title'); comment on table {RecordListing.Table} is null"))
        {
            await older.ExecuteNonQueryAsync();
        }

        Assert.Equal([ids[1], ids[0], ids[2]], await EveryPage(Api, "pageSize=2&sort=title"));

        var upgrade = Service.Host.Services.GetRequiredService<RecordListingUpgrade>();
        Assert.Equal(2, await upgrade.UpgradeAsync(CancellationToken.None));
        Assert.Equal(ids, await EveryPage(Api, "pageSize=2&sort=title"));
        Assert.Null(await upgrade.UpgradeAsync(CancellationToken.None));
        // Filed again as a rebuild files them: the check finds the list equal to its events.
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    [Fact]
    public async Task a_page_number_is_no_longer_taken_and_the_answer_says_what_to_send_instead()
    {
        var reply = (await Api.Get("/api/records?page=2&pageSize=25")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["page"], reply.ErrorFields);
        Assert.Contains("send each answer's 'next' as 'after'", reply.Json["errors"]!["page"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("eyJTIjoibmV3ZXN0In0")]
    [InlineData("eyJTIjoicmFuZG9tIiwiSyI6IngiLCJJIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIn0")]
    public async Task a_cursor_the_list_did_not_give_is_refused(string after)
    {
        var reply = (await Api.Get($"/api/records?after={after}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["after"], reply.ErrorFields);
    }

    [Theory]
    [InlineData("pageSize=5000", "pageSize")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("sort=relevance", "sort")]
    public async Task a_page_size_or_order_the_list_does_not_offer_is_refused(string query, string field)
    {
        var reply = (await Api.Get($"/api/records?{query}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([field], reply.ErrorFields);
    }

    /// <summary>Found from outside: a page size past a whole number's range was told the range of its type, not the list's.</summary>
    [Theory]
    [InlineData("/api/records?pageSize=2147483648", "between 1 and 100")]
    [InlineData("/api/records?pageSize=1.0", "between 1 and 100")]
    [InlineData("/api/records?pageSize=500", "between 1 and 100")]
    [InlineData("/api/people?pageSize=99999999999", "between 1 and 50")]
    [InlineData("/api/subjects?pageSize=abc", "between 1 and 50")]
    public async Task a_page_size_that_is_no_page_size_is_told_the_sizes_taken(string path, string taken)
    {
        var reply = (await Api.Get(path)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([$"'pageSize' must be a whole number {taken}."], reply.Json["errors"]!["pageSize"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public async Task an_unchanged_record_is_not_sent_again()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Get($"/api/records/{id}", ("If-None-Match", "\"1\""))).ShouldBe(HttpStatusCode.NotModified);
    }

    /// <summary>
    /// Found from outside: an import accessioned a record at 09:00+03:00, and every async read model stopped at its event
    /// (the list's column takes UTC alone). Imports now record UTC; a record a catalogue holds from before is listed too.
    /// </summary>
    [Fact]
    public async Task a_record_accessioned_at_a_time_with_an_offset_is_listed_and_the_lists_go_on()
    {
        var id = Guid.NewGuid();
        var inMoscow = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(3));
        await using (var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            new ChangeContext("key:test", Guid.NewGuid().ToString("N"), "http POST /api/imports/jsonl", Reason: null).StampOnto(session);
            session.Events.StartStream<CatalogueRecord>(id, new RecordAccessioned(id, "CAT-MOSCOW-1", [], null, "Accessioned at nine in Moscow", null, inMoscow));
            await session.SaveChangesAsync();
        }

        var next = (await Api.AccessionTheSeed("CAT-AFTER-1")).Id;

        var listed = (await Service.ListedRecords()).ToDictionary(r => r["id"]!.GetValue<Guid>());
        Assert.Equal(new[] { id, next }.Order(), listed.Keys.Order());
        Assert.Equal("2024-03-01T06:00:00+00:00", listed[id]["accessionedAt"]!.GetValue<string>());
    }
}

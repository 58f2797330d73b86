using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A batch imported by mistake is undone with compensating events, never by taking events away: what it created is
/// withdrawn, what it changed is put back — unless an archivist has changed it since, which stays and is reported.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_import_batch_is_reverted(CatalogueService service) : CatalogueScenario(service)
{
    private Task<JsonNode> ImportCsv(string csv) => ImportCsv(Api, csv);

    private static async Task<JsonNode> ImportCsv(Support.Api api, string csv)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        return (await api.PostContent("/api/imports/csv", content)).ShouldBe(HttpStatusCode.OK).Json;
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static IReadOnlyList<string> Subjects(JsonNode record) => [.. record["subjects"]!.AsArray().Select(s => s!.GetValue<string>())];

    private async Task<Guid> ARecordAsync()
    {
        var id = (await Api.Post("/api/records", new { title = "Untitled memorandum, 1949" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Railroads" } })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task what_it_created_is_withdrawn_and_what_it_changed_is_put_back_with_the_history_showing_both()
    {
        var existing = await ARecordAsync();
        var batch = (await ImportCsv($"id,title,subjects\n,Telegram from Beijing,Cold War\n,Letter to Stalin,\n{existing},Memorandum of conversation with Zhou Enlai,Railroads | Sino-Soviet relations\n"))["batch"]!.GetValue<Guid>();
        var created = (await Service.ListedRecords()).Where(r => r["id"]!.GetValue<Guid>() != existing).Select(r => r["id"]!.GetValue<Guid>()).ToList();

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { reason = "Imported into the wrong catalogue" })).ShouldBe(HttpStatusCode.OK).Json;
        var again = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal((2L, 1L, 0L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        foreach (var id in created)
        {
            var record = (await Api.Get($"/api/records/{id}")).Json;
            Assert.Equal("withdrawn", Text(record, "status"));
            var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
            Assert.Equal(("record_withdrawn", "Imported into the wrong catalogue"), (Text(last, "type"), Text(last, "reason")));
            Assert.Equal($"http POST /api/imports/{batch}/revert", Text(last, "source"));
        }

        var putBack = (await Api.Get($"/api/records/{existing}")).Json;
        Assert.Equal(("Untitled memorandum, 1949", "draft"), (Text(putBack, "title"), Text(putBack, "status")));
        Assert.Equal(["Railroads"], Subjects(putBack));
        var history = (await Api.Get($"/api/records/{existing}/history")).Json["events"]!.AsArray();
        Assert.Equal(
            ["record_accessioned", "subjects_tagged", "title_revised", "subjects_tagged", "title_revised", "subjects_removed"],
            history.Select(e => Text(e!, "type")));
        Assert.Equal($"Imported in batch {batch}", Text(history[2]!, "reason"));
        Assert.Equal("Imported into the wrong catalogue", Text(history[^1]!, "reason"));
        var status = (await Api.Get($"/api/imports/{batch}")).Json;
        Assert.Equal("Imported into the wrong catalogue", Text(status, "revertReason"));
        Assert.Contains("reverted", again.Text);
    }

    [Fact]
    public async Task what_an_archivist_changed_since_stays_and_is_reported()
    {
        var existing = await ARecordAsync();
        var batch = (await ImportCsv($"id,title,subjects,status\n{existing},Memorandum of conversation with Zhou Enlai,Railroads | Sino-Soviet relations,published\n"))["batch"]!.GetValue<Guid>();
        var version = (await Api.Get($"/api/records/{existing}")).Json["version"]!.GetValue<long>();
        (await Api.Post($"/api/records/{existing}/title", new { version, title = "Memorandum of conversation with Premier Zhou Enlai, 10 November 1949", reason = "Date added from the scan" })).ShouldBe(HttpStatusCode.OK);

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        var record = (await Api.Get($"/api/records/{existing}")).Json;
        Assert.Equal("Memorandum of conversation with Premier Zhou Enlai, 10 November 1949", Text(record, "title"));
        Assert.Equal(["Railroads"], Subjects(record));
        Assert.Equal("published", Text(record, "status"));
        var kept = reverted["kept"]!.AsArray().Select(k => Text(k!, "field")).Order().ToList();
        Assert.Equal(["status", "title"], kept);
        Assert.Equal($"Import batch {batch} reverted", Text((await Api.Get($"/api/records/{existing}/history")).Json["events"]!.AsArray()[^1]!, "reason"));
    }

    [Fact]
    public async Task a_record_it_created_that_an_archivist_worked_on_since_stays_and_is_reported()
    {
        var batch = (await ImportCsv("id,title\n,Telegram from Beijing\n,Letter to Stalin\n"))["batch"]!.GetValue<Guid>();
        var listed = await Service.ListedRecords();
        var worked = listed.Single(r => Text(r!, "title") == "Letter to Stalin")["id"]!.GetValue<Guid>();
        var untouched = listed.Single(r => Text(r!, "title") == "Telegram from Beijing")["id"]!.GetValue<Guid>();
        (await Api.Post($"/api/records/{worked}/title", new { version = 1, title = "Letter from Mao Zedong to Stalin, 1949", reason = "Title taken from the scan" })).ShouldBe(HttpStatusCode.OK);

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 1L, 1L), (reverted["withdrawn"]!.GetValue<long>(), reverted["untouched"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        var kept = reverted["kept"]!.AsArray().Single()!;
        Assert.Equal((worked.ToString(), "record"), (Text(kept, "record"), Text(kept, "field")));
        Assert.Contains("version 2", Text(kept, "message"));
        var record = (await Api.Get($"/api/records/{worked}")).Json;
        Assert.Equal(("Letter from Mao Zedong to Stalin, 1949", "draft"), (Text(record, "title"), Text(record, "status")));
        Assert.Equal("withdrawn", Text((await Api.Get($"/api/records/{untouched}")).Json, "status"));
    }

    [Fact]
    public async Task a_record_it_created_and_changed_again_on_a_later_line_is_withdrawn_once()
    {
        var id = Guid.NewGuid();
        var batch = (await ImportCsv($"id,title,subjects\n{id},Telegram from Beijing,Cold War\n{id},Telegram from Beijing to Moscow,Cold War | Railroads\n"))["batch"]!.GetValue<Guid>();
        var imported = (await Api.Get($"/api/imports/{batch}")).Json;
        Assert.Equal((1L, 1L, 0L), (imported["created"]!.GetValue<long>(), imported["updated"]!.GetValue<long>(), imported["conflicts"]!.GetValue<long>()));
        Assert.Equal("Telegram from Beijing to Moscow", Text((await Api.Get($"/api/records/{id}")).Json, "title"));

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1L, 0L, 0L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("record_withdrawn", Text(history[^1]!, "type"));
        Assert.Single(history, e => Text(e!, "type") == "record_withdrawn");
    }

    [Fact]
    public async Task a_record_it_changed_on_two_lines_is_put_back_as_it_was_before_the_batch()
    {
        var existing = await ARecordAsync();
        var batch = (await ImportCsv($"id,title,subjects\n{existing},Memorandum of conversation,Railroads | Cold War\n{existing},Memorandum of conversation with Zhou Enlai,Railroads | Cold War | Sino-Soviet relations\n"))["batch"]!.GetValue<Guid>();
        var imported = (await Api.Get($"/api/imports/{batch}")).Json;
        Assert.Equal((2L, 0L), (imported["updated"]!.GetValue<long>(), imported["conflicts"]!.GetValue<long>()));

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L, 0L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        var record = (await Api.Get($"/api/records/{existing}")).Json;
        Assert.Equal("Untitled memorandum, 1949", Text(record, "title"));
        Assert.Equal(["Railroads"], Subjects(record));
    }

    [Fact]
    public async Task a_batch_larger_than_one_transaction_of_the_revert_is_undone_whole()
    {
        var existing = await ARecordAsync();
        var rows = Enumerable.Range(1, BatchRevert.RecordsPerTransaction + 30).Select(n => $",Telegram from Beijing no. {n},Cold War");
        var batch = (await ImportCsv($"id,title,subjects\n{string.Join("\n", rows)}\n{existing},Memorandum of conversation with Zhou Enlai,Railroads | Sino-Soviet relations\n"))["batch"]!.GetValue<Guid>();

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((BatchRevert.RecordsPerTransaction + 30L, 1L, 0L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>(), reverted["untouched"]!.GetValue<long>()));
        var listed = await Service.ListedRecords();
        Assert.Equal([existing], listed.Where(r => Text(r!, "status") != "withdrawn").Select(r => r["id"]!.GetValue<Guid>()));
        Assert.Equal("Untitled memorandum, 1949", Text((await Api.Get($"/api/records/{existing}")).Json, "title"));
    }

    [Fact]
    public async Task a_batch_another_request_works_on_is_refused_as_in_use_and_reverted_once_it_is_free()
    {
        var batch = (await ImportCsv("id,title\n,Telegram from Beijing\n"))["batch"]!.GetValue<Guid>();
        var database = Service.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

        await using (var held = await BatchLease.TryTakeAsync(database, batch, CancellationToken.None))
        {
            Assert.NotNull(held);
            var refused = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.Conflict).Json;
            Assert.Equal("The batch is in use", Text(refused, "title"));
            Assert.Contains("being imported or reverted now", Text(refused, "detail"));
        }

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(1L, reverted["withdrawn"]!.GetValue<long>());
    }

    /// <summary>
    /// Found from outside: the batch was read, and found not reverted, before the lease was taken, so two of eight
    /// reverts sent at once both ran (the status naming the second's reason, the history the first's); and a batch
    /// whose import finished meanwhile was stored back as read, interrupted for good. A race, seen from outside in one
    /// batch of fifteen and not seen here in a run against the code before the mend: this keeps the rule, eight reverts
    /// at once to each of ten batches, without proving the mend.
    /// </summary>
    [Fact]
    public async Task reverts_sent_at_once_revert_the_batch_once_and_its_status_names_the_one_that_ran()
    {
        for (var round = 0; round < 10; round++)
        {
            var batch = (await ImportCsv($"id,title\n,Telegram from Beijing no. {round}\n"))["batch"]!.GetValue<Guid>();

            var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Api.Post($"/api/imports/{batch}/revert", new { reason = $"Revert {n}" })));

            var ran = Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
            Assert.All(replies.Where(r => r != ran), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
            Assert.Equal(1L, ran.Json["withdrawn"]!.GetValue<long>());
            Assert.Equal(Text(ran.Json, "reason"), Text((await Api.Get($"/api/imports/{batch}")).Json, "revertReason"));
        }
    }

    /// <summary>
    /// Found from outside: a client that gave up on a revert after 3 s left 1,000 of its 2,000 records withdrawn and the
    /// batch's status saying nothing of it. Once begun, a revert runs to its end whether its client waits or not.
    /// </summary>
    [Fact]
    public async Task a_revert_whose_client_goes_away_runs_to_its_end()
    {
        var rows = Enumerable.Range(1, 3 * BatchRevert.RecordsPerTransaction).Select(n => $",Telegram from Beijing no. {n}");
        var batch = (await ImportCsv($"id,title\n{string.Join("\n", rows)}\n"))["batch"]!.GetValue<Guid>();
        var client = Service.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", CatalogueService.KeysByRole["admin"]);
        using var goesAway = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.PostAsync($"/api/imports/{batch}/revert", new StringContent("{}", Encoding.UTF8, "application/json"), goesAway.Token));

        var status = await Eventually.Until(async () => (await Api.Get($"/api/imports/{batch}")).Json, s => s["revertedAt"] is not null, "the revert to end");
        Assert.NotNull(status["revertedAt"]);
        Assert.Equal(3 * BatchRevert.RecordsPerTransaction, (await Service.ListedRecords()).Count(r => Text(r!, "status") == "withdrawn"));
    }

    /// <summary>
    /// Found from outside: the lease was keyed by 32 bits of the batch id's hash, and a hostile client found two ids that
    /// share them in 65,000 tries: while one imported, the other was refused as "importing now".
    /// </summary>
    [Fact]
    public async Task two_batches_whose_ids_once_shared_a_lease_are_held_apart()
    {
        var (one, other) = (Guid.Parse("0ccccccc-c000-0400-0800-000000005b7c"), Guid.Parse("0ccccccc-c000-0400-0800-000000011548"));
        static int OldKey(Guid id) => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(id.ToByteArray()), 0);
        Assert.Equal(OldKey(one), OldKey(other));
        var database = Service.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

        await using var held = await BatchLease.TryTakeAsync(database, one, CancellationToken.None);

        Assert.NotNull(held);
        Assert.False(await BatchLease.IsHeldAsync(database, other, CancellationToken.None));
        Assert.True(await BatchLease.IsHeldAsync(database, one, CancellationToken.None));
        await using var alsoHeld = await BatchLease.TryTakeAsync(database, other, CancellationToken.None);
        Assert.NotNull(alsoHeld);
    }

    [Fact]
    public async Task a_batch_that_does_not_exist_cannot_be_reverted()
    {
        (await Api.Post($"/api/imports/{Guid.NewGuid()}/revert", new { })).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Post($"/api/imports/{Guid.Empty}/revert", new { })).ShouldBe(HttpStatusCode.NotFound);
        var hidden = (await Api.Post($"/api/imports/{Guid.NewGuid()}/revert", new { reason = "bell \u0007" })).ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], hidden.ErrorFields);
    }

    [Fact]
    public async Task a_revert_whose_records_keep_changing_stops_saying_so_and_sent_again_finishes()
    {
        var archivist = new AnArchivistWritingMeanwhile(appending: e => e.Data is Catalogue.Api.Records.TitleRevised);
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "revert_contended", services: services => services.ConfigureMarten(options => options.Listeners.Add(archivist)));
        var api = catalogue.Admin;
        var existing = (await api.Post("/api/records", new { title = "Untitled memorandum, 1949" })).ShouldBe(HttpStatusCode.Created).Id;
        var created = Guid.NewGuid();
        var batch = (await ImportCsv(api, $"id,title\n{created},Telegram from Beijing\n{existing},Memorandum of conversation with Zhou Enlai\n"))["batch"]!.GetValue<Guid>();
        archivist.Watch(existing, catalogue.Services.GetRequiredService<IDocumentStore>());

        var refused = (await api.Post($"/api/imports/{batch}/revert", new { reason = "Imported into the wrong catalogue" })).ShouldBe(HttpStatusCode.Conflict).Json;

        Assert.Equal("The batch's records kept changing", Text(refused, "title"));
        Assert.StartsWith($"Record {existing} of batch {batch} (line 3) changed each of the 5 times the revert read it.", Text(refused, "detail"));
        Assert.Contains("send the revert again to finish it", Text(refused, "detail"));
        // Once with the record the batch created, which is undone once the two are decided apart; then five times alone.
        Assert.Equal(6, archivist.Edits);
        Assert.Equal("withdrawn", Text((await api.Get($"/api/records/{created}")).Json, "status"));
        Assert.Equal("Memorandum of conversation with Zhou Enlai", Text((await api.Get($"/api/records/{existing}")).Json, "title"));

        archivist.Stop();
        var reverted = (await api.Post($"/api/imports/{batch}/revert", new { reason = "Imported into the wrong catalogue" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L, 1L, 0L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>(), reverted["untouched"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        var record = (await api.Get($"/api/records/{existing}")).Json;
        Assert.Equal("Untitled memorandum, 1949", Text(record, "title"));
        Assert.Equal(6, Subjects(record).Count);
    }

    /// <summary>
    /// Found from outside: an archivist editing the batch's records one after another, each once, stopped a revert of a
    /// hundred of them — each of its five tries of the whole run found another one changed. A run that finds a record
    /// changed is decided again in halves, so only a record changed every time it is read stops the revert.
    /// </summary>
    [Fact]
    public async Task a_revert_while_an_archivist_edits_its_records_one_after_another_undoes_them_all()
    {
        var archivist = new AnArchivistWritingMeanwhile(appending: e => e.Data is Catalogue.Api.Records.TitleRevised);
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "revert_edited_in_turn", services: services => services.ConfigureMarten(options => options.Listeners.Add(archivist)));
        var api = catalogue.Admin;
        var ids = Enumerable.Range(1, 8).Select(_ => Guid.NewGuid()).ToList();
        await ImportCsv(api, "id,title\n" + string.Join("", ids.Select((id, i) => $"{id},Telegram {i + 1}\n")));
        var batch = (await ImportCsv(api, "id,title\n" + string.Join("", ids.Select((id, i) => $"{id},Ciphered telegram {i + 1} from Beijing\n"))))["batch"]!.GetValue<Guid>();
        archivist.WatchEachOnce(ids, catalogue.Services.GetRequiredService<IDocumentStore>());

        var reverted = (await api.Post($"/api/imports/{batch}/revert", new { reason = "Titles were right" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(archivist.Edits >= 5, $"{archivist.Edits} edits");
        Assert.Equal((0L, 8L), (reverted["withdrawn"]!.GetValue<long>(), reverted["restored"]!.GetValue<long>()));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            Assert.Equal($"Telegram {i + 1}", Text((await api.Get($"/api/records/{id}")).Json, "title"));
    }

    [Fact]
    public async Task a_value_already_put_back_as_it_was_is_neither_changed_again_nor_reported_as_kept()
    {
        var existing = await ARecordAsync();
        var batch = (await ImportCsv($"id,title\n{existing},Memorandum of conversation with Zhou Enlai\n"))["batch"]!.GetValue<Guid>();
        var version = await Api.CurrentVersion(existing);
        (await Api.Post($"/api/records/{existing}/title", new { version, title = "Untitled memorandum, 1949", reason = "Imported title was wrong" })).ShouldBe(HttpStatusCode.OK);

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L, 0L), (reverted["restored"]!.GetValue<long>(), reverted["untouched"]!.GetValue<long>(), reverted["keptCount"]!.GetValue<long>()));
        Assert.Equal(version + 1, await Api.CurrentVersion(existing));
    }
}

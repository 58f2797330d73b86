using System.Collections.Concurrent;
using System.Net;
using Catalogue.Api.Audit;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Catalogue.Tests.Audit;

/// <summary>
/// An admin rebuilds one read model while archivists go on accessioning. The record list, an async read model, is built
/// afresh beside the live one and only the documents that differ are replaced: readers never see it emptied, their
/// appends wait meanwhile, nothing they were told was accepted is missing afterwards, and it equals a rebuild from the
/// events. Checks made while archivists write never report a difference that is none.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_one_read_model_is_rebuilt_while_archivists_write(CatalogueService service, ITestOutputHelper output) : CatalogueScenario(service)
{
    private const int Archivists = 4;

    /// <summary>Archivists accessioning records until stopped, each acknowledged one noted with its accession number.</summary>
    private static Task[] ArchivistsAtWork(CatalogueService service, ConcurrentDictionary<Guid, string> acknowledged, ConcurrentDictionary<HttpStatusCode, int> statuses, CancellationToken stop) =>
    [
        .. Enumerable.Range(1, Archivists).Select(number => Task.Run(async () =>
        {
            var api = service.As("archivist");
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var accession = $"R-{number}-{n}";
                var reply = await api.Post("/api/records", new { title = $"Memorandum {number}-{n} of a conversation", accessionNumber = accession });
                statuses.AddOrUpdate(reply.Status, 1, (_, c) => c + 1);
                // A 503 with Retry-After is the documented answer while appends are held for a check; nothing was written.
                if (reply.Status == HttpStatusCode.ServiceUnavailable) continue;
                reply.ShouldBe(HttpStatusCode.Created);
                acknowledged[reply.Id] = accession;
            }
        })),
    ];

    private async Task<IReadOnlyList<RecordListing>> TheRecordList()
    {
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<RecordListing>().ToListAsync();
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task the_record_list_rebuilt_alone_loses_nothing_acknowledged_and_is_never_shown_emptied()
    {
        for (var i = 0; i < 40; i++) await Api.AccessionTheSeed($"BEFORE-{i}");
        await Service.ProjectionsCaughtUp();
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stop = new CancellationTokenSource();

        var archivists = ArchivistsAtWork(Service, acknowledged, statuses, stop.Token);
        var fewestListed = int.MaxValue;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) fewestListed = Math.Min(fewestListed, (await TheRecordList()).Count);
        });
        await Task.Delay(300);
        var rebuilt = (await Api.Post("/api/admin/projections/RecordListing/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json;
        var during = acknowledged.Count;
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll([.. archivists, reader]);
        output.WriteLine($"{acknowledged.Count} records acknowledged, {during} of them before the rebuild answered; answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}; fewest listed {fewestListed}");

        var entry = Assert.Single(rebuilt["rebuilt"]!.AsArray())!;
        Assert.Equal("RecordListing", entry["readModel"]!.GetValue<string>());
        Assert.Equal("async", entry["lifecycle"]!.GetValue<string>());
        Assert.Null(entry["skipped"]);
        // Nothing in the list differed from the events: the rebuild wrote no document.
        Assert.Equal(0, entry["changed"]!.GetValue<long>());
        Assert.True(fewestListed >= 40, $"a reader saw {fewestListed} records listed while the list was rebuilt, of at least 40");
        Assert.True(acknowledged.Count > during, "the archivists got nothing done after the rebuild");

        await Service.ProjectionsCaughtUp();
        var listed = (await TheRecordList()).ToDictionary(r => r.Id, r => r.AccessionNumber);
        var lost = acknowledged.Where(a => listed.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Value).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged records missing from the record list: {string.Join(", ", lost)}");
        Assert.Equal(40 + acknowledged.Count, listed.Count);
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    [Fact]
    public async Task checks_made_while_archivists_write_find_no_difference_that_is_none()
    {
        var acknowledged = new ConcurrentDictionary<Guid, string>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stop = new CancellationTokenSource();

        var archivists = ArchivistsAtWork(Service, acknowledged, statuses, stop.Token);
        var checks = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            await Task.Delay(200);
            var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
            if (!check["identical"]!.GetValue<bool>()) checks.Add(check.ToJsonString());
        }

        await stop.CancelAsync();
        await Task.WhenAll(archivists);

        output.WriteLine($"{acknowledged.Count} records acknowledged; answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Assert.True(checks.Count == 0, string.Join("\n", checks));
    }

    [Fact]
    public async Task a_forged_entry_of_the_record_list_is_reported_and_repaired_by_the_whole_rebuild()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.AccessionTheSeed("ACC-2");
        await Service.ProjectionsCaughtUp();
        await Sql($"update {RecordListing.Table} set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{id}'");

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        var difference = Assert.Single(check["differences"]!.AsArray())!;
        Assert.Equal("RecordListing", difference["readModel"]!.GetValue<string>());
        Assert.Equal(id.ToString(), difference["documentId"]!.GetValue<string>());

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray();
        var listing = Assert.Single(rebuilt, r => r!["readModel"]!.GetValue<string>() == "RecordListing")!;
        Assert.Equal(2, listing["documents"]!.GetValue<long>());
        Assert.Equal(1, listing["changed"]!.GetValue<long>());
        Assert.True((await Api.Get("/api/audit/verify-projections")).Json["identical"]!.GetValue<bool>());
        Assert.NotEqual("A forged title", (await TheRecordList()).Single(r => r.Id == id).Title);
    }

    [Fact]
    public async Task a_forged_entry_of_the_record_list_is_repaired_by_rebuilding_the_list_alone()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.AccessionTheSeed("ACC-2");
        await Service.ProjectionsCaughtUp();
        await Sql($"update {RecordListing.Table} set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{id}'");

        var rebuilt = (await Api.Post("/api/admin/projections/recordlisting/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray();

        var entry = Assert.Single(rebuilt)!;
        Assert.Equal(["RecordListing", "async"], new[] { "readModel", "lifecycle" }.Select(k => entry[k]!.GetValue<string>()));
        Assert.Equal(2, entry["documents"]!.GetValue<long>());
        Assert.Equal(1, entry["changed"]!.GetValue<long>());
        Assert.NotEqual("A forged title", (await TheRecordList()).Single(r => r.Id == id).Title);
        // The daemon goes on from where it stood: the next record is listed once, beside the others.
        await Api.AccessionTheSeed("ACC-3");
        await Service.ProjectionsCaughtUp();
        Assert.Equal(3, (await TheRecordList()).Count);
        Assert.True((await Api.Get("/api/audit/verify-projections")).Json["identical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task an_inline_read_model_is_rebuilt_alone_while_appends_wait()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Sql($"update {CatalogueRecord.Table} set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{id}'");

        var rebuilt = (await Api.Post("/api/admin/projections/cataloguerecord/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray();

        var entry = Assert.Single(rebuilt)!;
        Assert.Equal(["CatalogueRecord", "inline"], new[] { "readModel", "lifecycle" }.Select(k => entry[k]!.GetValue<string>()));
        Assert.Equal(1, entry["changed"]!.GetValue<long>());
        Assert.NotEqual("A forged title", (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("NoSuchReadModel", "There is no read model named 'NoSuchReadModel'.")]
    [InlineData("event_chain_sealer", "event_chain_sealer is the event chain's sealer, not a read model")]
    public async Task only_a_read_model_is_rebuilt(string name, string detail)
    {
        var refused = (await Api.Post($"/api/admin/projections/{name}/rebuild", new { })).ShouldBe(HttpStatusCode.NotFound);

        Assert.Contains(detail, refused.Json["detail"]!.GetValue<string>());
        Assert.Contains("CatalogueRecord, RecordFullText, RecordListing, ProvenancePlacement, RecordSearch", refused.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_name_of_thousands_of_characters_is_quoted_by_its_start()
    {
        var name = "Record" + new string('x', 5000);

        var refused = (await Api.Post($"/api/admin/projections/{name}/rebuild", new { })).ShouldBe(HttpStatusCode.NotFound);

        var detail = refused.Json["detail"]!.GetValue<string>();
        Assert.Contains($"There is no read model named '{name[..60]}…'.", detail);
        Assert.True(detail.Length < 1000, detail);
    }

    [Fact]
    public async Task a_rebuild_of_one_waits_its_turn_behind_another_maintenance()
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Service.Cluster.ConnectionString)
        { ApplicationName = "catalogue: check of the read models by key:auditor", Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync();
            await using var take = new NpgsqlCommand($"select pg_advisory_lock({ReadModelLocks.LockSpace}, {ReadModelLocks.MaintenanceLock})", connection);
            await take.ExecuteNonQueryAsync();

            var refused = (await Api.Post("/api/admin/projections/RecordListing/rebuild", new { })).ShouldBe(HttpStatusCode.Conflict);
            Assert.Contains("check of the read models by key:auditor", refused.Json["detail"]!.GetValue<string>());
        }

        (await Api.Post("/api/admin/projections/RecordListing/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_check_while_the_daemon_is_held_says_the_async_read_models_were_not_compared_rather_than_different()
    {
        await Api.AccessionTheSeed("ACC-1");
        await Service.ProjectionsCaughtUp();
        System.Text.Json.Nodes.JsonNode check;
        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            await Api.AccessionTheSeed("ACC-2");
            check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }

        Assert.False(check["identical"]!.GetValue<bool>());
        // Every async read model the events reached is reported not compared, never as documents that differ.
        var differences = check["differences"]!.AsArray();
        Assert.Superset(new HashSet<string> { "RecordListing", "ProvenancePlacement", "RecordSearch", "ReportTally" }, differences.Select(d => d!["readModel"]!.GetValue<string>()).ToHashSet());
        Assert.All(differences, d => Assert.StartsWith("not compared: the async daemon had processed the events up to 1 of 2", d!["difference"]!.GetValue<string>()));
        await Service.ProjectionsCaughtUp();
        Assert.True((await Api.Get("/api/audit/verify-projections")).Json["identical"]!.GetValue<bool>());
    }
}

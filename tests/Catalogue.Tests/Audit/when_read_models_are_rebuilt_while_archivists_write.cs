using System.Collections.Concurrent;
using System.Net;
using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Catalogue.Tests.Audit;

/// <summary>
/// An admin rebuilds the read models while archivists go on accessioning and editing records. Whatever the timing,
/// every record the catalogue acknowledged stays readable, every acknowledged edit is in it, and afterwards the read
/// models equal a rebuild from the events.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_read_models_are_rebuilt_while_archivists_write(CatalogueService service, ITestOutputHelper output) : CatalogueScenario(service)
{
    private const int Archivists = 4;

    [Fact]
    public async Task no_acknowledged_record_or_edit_is_lost()
    {
        var acknowledged = new ConcurrentDictionary<Guid, long>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var stop = new CancellationTokenSource();

        async Task Archivist(int number)
        {
            var api = Service.As("archivist");
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var accessioned = await api.Post("/api/records", new { title = $"Memorandum {number}-{n} of a conversation", accessionNumber = $"R-{number}-{n}" });
                statuses.AddOrUpdate(accessioned.Status, 1, (_, c) => c + 1);
                // A 503 with Retry-After is the documented answer while the read models are rebuilt; nothing was written.
                if (accessioned.Status == HttpStatusCode.ServiceUnavailable) continue;
                accessioned.ShouldBe(HttpStatusCode.Created);
                acknowledged[accessioned.Id] = 1;

                var tagged = await api.Post($"/api/records/{accessioned.Id}/subjects", new { version = 1, subjects = new[] { $"Batch {number}" } });
                statuses.AddOrUpdate(tagged.Status, 1, (_, c) => c + 1);
                if (tagged.Status == HttpStatusCode.ServiceUnavailable) continue;
                tagged.ShouldBe(HttpStatusCode.OK);
                acknowledged[accessioned.Id] = 2;
            }
        }

        var archivists = Enumerable.Range(1, Archivists).Select(n => Task.Run(() => Archivist(n))).ToList();
        for (var rebuild = 0; rebuild < 3; rebuild++)
        {
            await Task.Delay(300);
            (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(archivists);
        output.WriteLine($"{acknowledged.Count} records acknowledged; answers: {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Assert.True(acknowledged.Count >= Archivists, "the archivists got nothing done while the read models were rebuilt");

        var lost = new List<string>();
        foreach (var (id, version) in acknowledged)
        {
            var record = await Api.Get($"/api/records/{id}");
            if (record.Status != HttpStatusCode.OK) lost.Add($"{id}: {record.Described}");
            else if (record.Version < version) lost.Add($"{id}: at version {record.Version}, acknowledged {version}");
        }

        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged records lost from the read model:\n{string.Join("\n", lost)}");
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    /// <summary>
    /// The admin's console, with an archivist beside it: when the rebuild tells that it builds from the events while
    /// changes go on, the archivist's changes are sent, and the rebuild goes on only once they are answered.
    /// </summary>
    private sealed class ArchivistWritesWhileItBuilds(Func<Task> write) : IProgress<string>
    {
        public List<string> Told { get; } = [];

        public void Report(string value)
        {
            Told.Add(value);
            if (value.Contains("in one pass, while changes go on", StringComparison.Ordinal)) write().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task changes_sent_while_the_read_models_are_built_are_answered_at_once_and_are_in_them_afterwards()
    {
        var edited = (await Api.AccessionTheSeed("EDITED")).Id;
        var published = await Api.CatalogueAsync("Memorandum of a conversation with Gao Gang", "AVPRF f. 0100, op. 43, d. 43, papka 302, ll. 1-5", published: false);
        await Service.ProjectionsCaughtUp();
        // Altered behind the catalogue's back, then changed during the rebuild: the change folds onto the altered document.
        await using (var connection = new NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var alter = new NpgsqlCommand($"update {CatalogueRecord.Table} set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{edited}'", connection);
            await alter.ExecuteNonQueryAsync();
        }

        Reply? tagged = null, transcribed = null, accessioned = null, madePublic = null;
        var console = new ArchivistWritesWhileItBuilds(async () =>
        {
            var archivist = Service.As("archivist");
            tagged = await archivist.Post($"/api/records/{edited}/subjects", new { version = 1, subjects = new[] { "Korea" } });
            transcribed = await archivist.Post($"/api/records/{edited}/full-texts", new { version = 2, language = "ru", kind = "original", text = "Сегодня я посетил Чжоу Эньлая." });
            accessioned = await archivist.Post("/api/records", new { title = "Memorandum accessioned during the rebuild", accessionNumber = "DURING" });
            madePublic = await archivist.Post($"/api/records/{published}/publish", new { version = 2 });
        });

        var rebuilt = await Service.Host.Services.GetRequiredService<ReadModelMaintenance>().RebuildAsync("key:admin", console, CancellationToken.None);

        // Answered while the read models were built: held until the rebuild ended, they would have waited 10 s and been refused.
        Assert.NotNull(tagged);
        tagged.ShouldBe(HttpStatusCode.OK);
        transcribed!.ShouldBe(HttpStatusCode.OK);
        var during = accessioned!.ShouldBe(HttpStatusCode.Created).Id;
        madePublic!.ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Folding again the 3 streams appended to meanwhile…", console.Told);

        var records = Assert.Single(rebuilt.Rebuilt, r => r.ReadModel == "CatalogueRecord");
        Assert.Equal(3, records.Documents);
        Assert.Equal(1, records.Changed);
        Assert.Equal(1, Assert.Single(rebuilt.Rebuilt, r => r.ReadModel == "RecordFullText").Documents);
        var record = (await Api.Get($"/api/records/{edited}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(RecordLives.Title, record.Json["title"]!.GetValue<string>());
        Assert.Equal(3, record.Version);
        Assert.Equal("Сегодня я посетил Чжоу Эньлая.", (await Api.Get($"/api/records/{edited}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);
        Assert.Equal(["Korea"], record.Json["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(3, await Api.CurrentVersion(published));
        Assert.Contains(await Service.ListedRecords(), line => line["id"]!.GetValue<Guid>() == during);
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    /// <summary>The admin's console, doing what the scene asks whenever the rebuild tells a line that contains its cue.</summary>
    private sealed class Console : IProgress<string>
    {
        private readonly List<(string Cue, Func<Task> Then)> scene = [];

        public List<string> Told { get; } = [];

        public Console On(string cue, Func<Task> then)
        {
            scene.Add((cue, then));
            return this;
        }

        public void Report(string value)
        {
            Told.Add(value);
            foreach (var (cue, then) in scene)
            {
                if (value.Contains(cue, StringComparison.Ordinal)) then().GetAwaiter().GetResult();
            }
        }
    }

    private async Task ForgeTitle(Guid record)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var alter = new NpgsqlCommand($"update {CatalogueRecord.Table} set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{record}'", connection);
        await alter.ExecuteNonQueryAsync();
    }

    private async Task<string> TitleOf(Guid record) => (await Api.Get($"/api/records/{record}")).ShouldBe(HttpStatusCode.OK).Json["title"]!.GetValue<string>();

    /// <summary>
    /// Three records' documents were altered by hand. Once the read models are built, the live documents are replaced
    /// with changes going on, a thousand records at a time, each batch taking its records' streams so that no append
    /// lands between its check of a version and its write: the record nobody touches is put right then; the one an
    /// archivist tags meanwhile, and the one whose stream another append holds, are passed over and put right when
    /// changes are held at the end.
    /// </summary>
    [Fact]
    public async Task the_live_documents_are_replaced_while_changes_go_on_but_for_the_records_appended_to_meanwhile()
    {
        var untouched = (await Api.AccessionTheSeed("UNTOUCHED")).Id;
        var tagged = (await Api.AccessionTheSeed("TAGGED")).Id;
        var held = (await Api.AccessionTheSeed("HELD")).Id;
        await Service.ProjectionsCaughtUp();
        foreach (var record in new[] { untouched, tagged, held }) await ForgeTitle(record);

        Reply? tagging = null;
        NpgsqlConnection? append = null;
        NpgsqlTransaction? inFlight = null;
        string? untouchedBeforeTheEnd = null, heldBeforeTheEnd = null;
        var console = new Console()
            .On("Replacing the live documents that differ from the rebuild, ", async () =>
            {
                tagging = await Service.As("archivist").Post($"/api/records/{tagged}/subjects", new { version = 1, subjects = new[] { "Korea" } });
                // As an append in flight holds its stream's row until it commits.
                append = new NpgsqlConnection(Service.Cluster.ConnectionString);
                await append.OpenAsync();
                inFlight = await append.BeginTransactionAsync();
                await using var take = new NpgsqlCommand($"select 1 from {CatalogueSchema.Name}.mt_streams where id = '{held}' for update", append, inFlight);
                await take.ExecuteNonQueryAsync();
            })
            .On("Replacing the live documents that differ from the rebuild…", async () =>
            {
                untouchedBeforeTheEnd = await TitleOf(untouched);
                heldBeforeTheEnd = await TitleOf(held);
                await inFlight!.RollbackAsync();
                await append!.DisposeAsync();
            });

        var rebuilt = await Service.Host.Services.GetRequiredService<ReadModelMaintenance>().RebuildAsync("key:admin", console, CancellationToken.None);

        tagging!.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(RecordLives.Title, untouchedBeforeTheEnd);
        Assert.Equal("A forged title", heldBeforeTheEnd);
        Assert.Equal(3, Assert.Single(rebuilt.Rebuilt, r => r.ReadModel == "CatalogueRecord").Changed);
        foreach (var record in new[] { untouched, tagged, held }) Assert.Equal(RecordLives.Title, await TitleOf(record));
        Assert.Equal(["Korea"], (await Api.Get($"/api/records/{tagged}")).Json["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    /// <summary>
    /// A check compares the live documents with the rebuilt ones while changes go on, then compares again, changes held,
    /// only those that differed and those of the records appended to since: a record tagged meanwhile is not reported
    /// (its document was ahead of the rebuild, not wrong), an altered one is.
    /// </summary>
    [Fact]
    public async Task a_check_while_an_archivist_writes_reports_the_altered_record_and_not_the_one_written_meanwhile()
    {
        var altered = (await Api.AccessionTheSeed("ALTERED")).Id;
        var tagged = (await Api.AccessionTheSeed("TAGGED")).Id;
        await Service.ProjectionsCaughtUp();
        await ForgeTitle(altered);

        Reply? tagging = null;
        var console = new Console().On("Comparing the live documents with the rebuilt ones while changes go on", async () =>
            tagging = await Service.As("archivist").Post($"/api/records/{tagged}/subjects", new { version = 1, subjects = new[] { "Korea" } }));

        var check = await Service.Host.Services.GetRequiredService<ReadModelMaintenance>().VerifyAsync("key:auditor", console, CancellationToken.None);

        tagging!.ShouldBe(HttpStatusCode.OK);
        Assert.False(check.Identical);
        var difference = Assert.Single(check.Differences);
        Assert.Equal(("CatalogueRecord", altered.ToString()), (difference.ReadModel, difference.DocumentId));
        Assert.Contains("Folding again the 1 streams appended to meanwhile…", console.Told);
    }

    /// <summary>Another node's maintenance, as PostgreSQL shows it: a connection named after it holding the maintenance lock.</summary>
    private async Task<OtherNodesMaintenance> AnotherNodeMaintains(string name, int lockNumber = ReadModelLocks.MaintenanceLock)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Service.Cluster.ConnectionString) { ApplicationName = name, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand($"select pg_advisory_lock({ReadModelLocks.LockSpace}, {lockNumber})", connection);
        await take.ExecuteNonQueryAsync();
        return new OtherNodesMaintenance(connection);
    }

    /// <summary>
    /// Ends as the service's own maintenance does: its locks released, then its session closed. A session only closed
    /// keeps its locks until its server process has exited, a moment after the client has gone — a look in between
    /// still sees the maintenance (a clean-clone CI run once did).
    /// </summary>
    private sealed class OtherNodesMaintenance(NpgsqlConnection connection) : IAsyncDisposable
    {
        public NpgsqlConnection Connection => connection;

        public async ValueTask DisposeAsync()
        {
            await using (var release = new NpgsqlCommand("select pg_advisory_unlock_all()", connection))
            {
                await release.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task an_auditor_follows_a_rebuild_another_node_runs_read_model_by_read_model()
    {
        for (var i = 0; i < 3; i++) await Api.AccessionTheSeed($"ACC-{i}");
        var auditor = Service.As("auditor");
        Assert.Null((await auditor.Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json["maintenance"]);

        await using (var rebuild = await AnotherNodeMaintains("catalogue: rebuild of the read models by key:night-shift"))
        {
            // Where that node's scratch projections stand, as its daemon writes it beside the live projections' progress.
            await using (var folded = new NpgsqlCommand(
                $"insert into {CatalogueSchema.Name}.mt_event_progression (name, last_seq_id) values ('{ReadModel.ScratchPrefix}RecordSearch:All', 2), ('{ReadModel.ScratchPrefix}CatalogueRecord:All', 3)",
                rebuild.Connection))
            {
                await folded.ExecuteNonQueryAsync();
            }

            var maintenance = (await auditor.Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json["maintenance"]!;

            Assert.Equal("rebuild of the read models by key:night-shift", maintenance["work"]!.GetValue<string>());
            Assert.True(DateTimeOffset.UtcNow - maintenance["startedAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
            Assert.Equal(
                ["CatalogueRecord 3 of 3 (100 %)", "RecordSearch 2 of 3 (66.7 %)"],
                maintenance["readModels"]!.AsArray().Select(b =>
                    $"{b!["name"]} {b["position"]} of {b["events"]} ({b["percent"]!.GetValue<double>().ToString(System.Globalization.CultureInfo.InvariantCulture)} %)"));

            await using var done = new NpgsqlCommand($"delete from {CatalogueSchema.Name}.mt_event_progression where name like '{ReadModel.ScratchPrefix}%'", rebuild.Connection);
            await done.ExecuteNonQueryAsync();
        }

        Assert.Null((await auditor.Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json["maintenance"]);
    }

    [Fact]
    public async Task a_second_rebuild_is_refused_while_one_runs_and_says_which()
    {
        await Api.AccessionTheSeed();
        await using (await AnotherNodeMaintains("catalogue: rebuild of the read models by key:night-shift"))
        {
            var refused = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
            Assert.Contains("rebuild of the read models by key:night-shift, started ", refused.Json["detail"]!.GetValue<string>());

            var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.Conflict);
            Assert.Contains("key:night-shift", check.Json["detail"]!.GetValue<string>());
        }

        (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task rebuilds_requested_together_run_one_at_a_time()
    {
        await Api.AccessionTheSeed();
        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Api.Post("/api/admin/projections/rebuild", new { })));
            Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, a.Described));
            Assert.True(answers.Any(a => a.Status == HttpStatusCode.OK), string.Join("\n", answers.Select(a => a.Described)));
        }

        Assert.True((await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json["identical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_rebuild_that_changes_nothing_says_so()
    {
        await Api.AccessionTheSeed();

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray();

        Assert.Equal(1, rebuilt[0]!["documents"]!.GetValue<long>());
        Assert.All(rebuilt, r => Assert.Equal(0, r!["changed"]!.GetValue<long>()));
    }

    [Fact]
    public async Task a_change_waits_for_a_short_maintenance_and_then_goes_through()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        Task<Reply> tagged;
        await using (await AnotherNodeMaintains("catalogue: check of the read models by key:auditor", ReadModelLocks.AppendLock))
        {
            tagged = Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } });
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(tagged.IsCompleted, "the change did not wait for the maintenance");
        }

        (await tagged).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, await Api.CurrentVersion(id));
    }

    [Fact]
    public async Task a_change_that_waits_too_long_is_refused_as_retryable_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        Reply refused;
        await using (await AnotherNodeMaintains("catalogue: rebuild of the read models by key:admin", ReadModelLocks.AppendLock))
        {
            refused = await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } });
        }

        refused.ShouldBe(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("The read models are being rebuilt", refused.Json["title"]!.GetValue<string>());
        Assert.NotNull(refused.Headers.RetryAfter);
        // Logged as the one line it is, not as a failure with the database's exception and stack.
        Assert.Null(ServerFailures.Logged.For(refused.Json["traceId"]!.GetValue<string>()));
        Assert.Equal(1, await Api.EventCount(id));
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_command_line_rebuild_takes_its_turn_like_the_api()
    {
        await Api.AccessionTheSeed();
        await using (await AnotherNodeMaintains("catalogue: check of the read models by key:auditor"))
        {
            var (refusedExit, refusedOutput) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "projections", "rebuild");
            Assert.True(refusedExit == 1, refusedOutput);
            Assert.Contains("already running: check of the read models by key:auditor", refusedOutput);
        }

        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "projections", "rebuild");

        Assert.True(exit == 0, output);
        Assert.Contains("CatalogueRecord: 1 documents from the events, 0 live documents changed", output);
        // Each read model is told as it is built from the events, before the summary.
        Assert.All(["CatalogueRecord", "RecordSearch", "ReportTally"], name => Assert.Contains($"Built {name} in ", output));
        // Said once, once committed: not also as progress before the commit.
        Assert.Single(output.Split('\n'), line => line.Contains("CatalogueRecord", StringComparison.Ordinal) && line.Contains("documents", StringComparison.Ordinal));
        Assert.Contains("sealer is not a read model", output);
        Assert.DoesNotContain("[purple]", output);
    }
}

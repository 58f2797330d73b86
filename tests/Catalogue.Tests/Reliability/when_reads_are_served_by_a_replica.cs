using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An institution adds a streaming replica of its PostgreSQL and points the service's reads at it
/// (<c>ConnectionStrings:CatalogueReadOnly</c>): the list, search, reports, exports and harvesting are answered from the
/// replica, an archivist who asks to read their own change still sees it there, the record itself after a command
/// stays the primary's, while the primary is down the replica's reads go on, and while the replica is down they go to
/// the primary.
/// </summary>
[Collection(SeparateProcessesCollection.Name)]
public sealed class when_reads_are_served_by_a_replica(SeparateProcessesCluster postgres)
{
    private const string Key = "replica-operator-key";

    [Fact]
    public async Task the_lists_come_from_the_replica_a_writer_reads_its_own_change_and_reads_outlast_either_server()
    {
        var primary = await postgres.NewDatabaseAsync("catalogue_replica");
        await WithAReplicaAsync(async replica =>
        {
            var onReplica = new NpgsqlConnectionStringBuilder(replica.ConnectionString) { Database = new NpgsqlConnectionStringBuilder(primary).Database }.ConnectionString;
            // The replica first and the primary after it, preferring a standby (Npgsql's multi-host failover): while
            // the replica is down, these reads go to the primary instead.
            var replicaThenPrimary = new NpgsqlConnectionStringBuilder(onReplica)
            {
                Host = $"127.0.0.1:{replica.Port},127.0.0.1:{postgres.Cluster.Port}",
                TargetSessionAttributes = "prefer-standby",
            }.ConnectionString;
            using var service = await CatalogueCli.StartServiceAsync(primary, Key, new Dictionary<string, string>
            {
                [$"ConnectionStrings__{CatalogueReads.ConnectionStringName}"] = replicaThenPrimary,
                // Every request looks its stored key up: while the primary is down, the replica answers for the keys.
                ["Catalogue__Security__KeyCacheSeconds"] = "0",
            });
            var api = new Support.Api(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) }, Key);
            var issued = (await api.Post("/api/keys", new { name = "replica-reader", role = "reader" })).ShouldBe(HttpStatusCode.Created).Json["key"]!.GetValue<string>();
            var reader = new Support.Api(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) }, issued);
            var waitForMe = ("Prefer", $"{ReadYourWrites.Preference}=10");

            // A writer that asks to read its own change finds it in the list and in search, read from the replica.
            var seen = (await api.Post("/api/records", new { title = "Memorandum of conversation with Zhou Enlai" }, waitForMe)).ShouldBe(HttpStatusCode.Created);
            Assert.Equal($"{ReadYourWrites.Preference}=10", seen.Headers.GetValues(ReadYourWrites.AppliedHeader).Single());
            Assert.Contains(seen.Id, await ListedIdsAsync(api));
            Assert.Contains(seen.Id.ToString(), (await api.Get("/api/search?q=Zhou")).ShouldBe(HttpStatusCode.OK).Text);

            // While the replica replays nothing, a change is not in the list however long the async read models had,
            // and the answer says the replica is behind: the list is the replica's. The record itself is the primary's.
            await ExecuteAsync(onReplica, "select pg_wal_replay_pause()");
            Reply unseen;
            try
            {
                unseen = (await api.Post("/api/records", new { title = "Memorandum of conversation with Gao Gang" }, ("Prefer", $"{ReadYourWrites.Preference}=2")))
                    .ShouldBe(HttpStatusCode.Created);
                Assert.Equal(CatalogueReads.ReplicaName, unseen.Headers.GetValues(ReadYourWrites.BehindHeader).Single());
                Assert.DoesNotContain(unseen.Id, await ListedIdsAsync(api));
                Assert.Equal("Memorandum of conversation with Gao Gang", (await api.Get($"/api/records/{unseen.Id}")).ShouldBe(HttpStatusCode.OK).Json["title"]!.GetValue<string>());
            }
            finally
            {
                await ExecuteAsync(onReplica, "select pg_wal_replay_resume()");
            }

            await Eventually.Until(() => ListedIdsAsync(api), ids => ids.Contains(unseen.Id), "the list on the replica to show the change once it replays again");

            // The primary goes away: commands are refused as retryable, the replica's reads go on.
            await postgres.StopAsync();
            try
            {
                var refused = await api.Post("/api/records", new { title = "Memorandum written while the primary is down" });
                refused.ShouldBe(HttpStatusCode.ServiceUnavailable);
                Assert.NotNull(refused.Headers.RetryAfter);
                var listedWhileDown = await ListedIdsAsync(api);
                Assert.Contains(seen.Id, listedWhileDown);
                Assert.Contains(unseen.Id, listedWhileDown);
                var readerList = await reader.Get("/api/records");
                Assert.True(readerList.Status == HttpStatusCode.OK, $"{readerList.Described}\n{service.Output}");
                // A load balancer keeps sending it traffic: ready, degraded, for the reads the replica serves.
                var ready = (await api.Get("/health/ready")).ShouldBe(HttpStatusCode.OK).Json;
                Assert.Equal(("degraded", "down", "up"), (ready["status"]!.GetValue<string>(), ready["database"]!["status"]!.GetValue<string>(), ready["replica"]!["status"]!.GetValue<string>()));
                // Read for the first time since the service started: nothing of them was cached while the primary was up.
                foreach (var read in new[] { "/api/search?q=Gao", "/api/reports/languages", "/api/people?q=Zhou", "/oai?verb=Identify", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc", "/api/exports/records" })
                {
                    var answer = await api.Get(read);
                    Assert.True(answer.Status == HttpStatusCode.OK, $"{read}: {answer.Described}\n{service.Output}");
                }
            }
            finally
            {
                await postgres.StartAgainAsync();
            }

            // The replica goes away: the reads fall back to the primary, which has everything, once Npgsql looks at the
            // primary again (it remembers a host it found down for Host Recheck Seconds, 10 by default).
            await replica.StopAsync();
            var listedWithoutReplica = await Eventually.Until(
                async () => (await api.Get("/api/records")).Status == HttpStatusCode.OK ? await ListedIdsAsync(api) : [],
                ids => ids.Count > 0, "the list to be read from the primary while the replica is down", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            Assert.Contains(seen.Id, listedWithoutReplica);
            Assert.Contains(unseen.Id, listedWithoutReplica);
            (await api.Get("/api/search?q=Zhou")).ShouldBe(HttpStatusCode.OK);
        });
    }

    [Fact]
    public async Task after_a_failover_the_promoted_replica_keeps_no_writer_waiting_for_it_to_replay()
    {
        var database = await postgres.NewDatabaseAsync("catalogue_failover");
        await WithAReplicaAsync(async replica =>
        {
            // The replica is promoted, and the service pointed at it for its writes and its reads alike: its position
            // of replay stays where its recovery ended, behind everything written to it from now on.
            var promoted = new NpgsqlConnectionStringBuilder(replica.ConnectionString) { Database = new NpgsqlConnectionStringBuilder(database).Database }.ConnectionString;
            await ExecuteAsync(promoted, "select pg_promote()");
            using var service = await CatalogueCli.StartServiceAsync(promoted, Key, new Dictionary<string, string>
            {
                [$"ConnectionStrings__{CatalogueReads.ConnectionStringName}"] = promoted,
            });
            var api = new Support.Api(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) }, Key);

            var created = (await api.Post("/api/records", new { title = "Memorandum of conversation with Zhou Enlai" }, ("Prefer", $"{ReadYourWrites.Preference}=5")))
                .ShouldBe(HttpStatusCode.Created);

            Assert.Null(created.Headers.Contains(ReadYourWrites.BehindHeader) ? created.Headers.GetValues(ReadYourWrites.BehindHeader).Single() : null);
            Assert.Contains(created.Id, await ListedIdsAsync(api));
        });
    }

    /// <summary>
    /// Found by reading the provider: a harvest's response date, the next harvest's <c>from</c>, was read on the replica,
    /// where the lock that orders it after every datestamp written on the primary does not reach. A change stamped on the
    /// primary but not yet replayed fell before that date and outside both harvests, and was never harvested.
    /// </summary>
    [Fact]
    public async Task an_incremental_harvest_misses_no_change_made_while_the_replica_lagged()
    {
        var primary = await postgres.NewDatabaseAsync("catalogue_harvest_replica");
        await WithAReplicaAsync(async replica =>
        {
            var onReplica = new NpgsqlConnectionStringBuilder(replica.ConnectionString) { Database = new NpgsqlConnectionStringBuilder(primary).Database }.ConnectionString;
            using var service = await CatalogueCli.StartServiceAsync(primary, Key, new Dictionary<string, string>
            {
                [$"ConnectionStrings__{CatalogueReads.ConnectionStringName}"] = onReplica,
            });
            var api = new Support.Api(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) }, Key);
            using var harvester = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(30) };
            const string citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85";

            var first = await api.CatalogueAsync("Memorandum of conversation with Zhou Enlai", citation);
            var (_, from) = await Eventually.Until(
                () => HarvestAsync(harvester, from: null), h => h.Ids.Contains(first), "the first record to be harvestable from the replica");
            var harvested = new List<Guid>();

            await ExecuteAsync(onReplica, "select pg_wal_replay_pause()");
            try
            {
                var later = await api.CatalogueAsync("Memorandum of conversation with Gao Gang", citation);
                await Eventually.Until(() => IsHarvestableAsync(primary, later), stamped => stamped, "the async daemon to stamp the change on the primary");
                // Past the second it was stamped in: a response date of the same second would have the next harvest fetch it again.
                await Task.Delay(TimeSpan.FromMilliseconds(1100));
                var (whileBehind, responseDate) = await HarvestAsync(harvester, from);
                harvested.AddRange(whileBehind);
                from = responseDate;

                await ExecuteAsync(onReplica, "select pg_wal_replay_resume()");
                await Eventually.Until(() => IsHarvestableAsync(onReplica, later), replayed => replayed, "the replica to replay the change");
                harvested.AddRange((await HarvestAsync(harvester, from)).Ids);

                Assert.Contains(later, harvested);
                Assert.DoesNotContain(first, harvested);
            }
            finally
            {
                await ExecuteAsync(onReplica, "select pg_wal_replay_resume()");
            }

            // The replica goes away: the harvest reads the primary, which has everything.
            await replica.StopAsync();
            var (withoutReplica, _) = await HarvestAsync(harvester, from: null);
            Assert.Equal(new[] { first, harvested.Single() }.Order(), withoutReplica.Order());
        });
    }

    /// <summary>The records an incremental harvest lists from <paramref name="from"/> (every one when null), and its response date.</summary>
    private static async Task<(IReadOnlyList<Guid> Ids, string ResponseDate)> HarvestAsync(HttpClient harvester, string? from)
    {
        using var response = await harvester.GetAsync($"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc{(from is null ? "" : $"&from={from}")}");
        var answer = await Interop.Harvester.Checked(response);
        var errors = Interop.Harvester.Errors(answer);
        Assert.True(errors.Count == 0 || errors.SequenceEqual(["noRecordsMatch"]), answer.ToString());
        return ([.. Interop.Harvester.Headers([answer]).Select(Interop.Harvester.IdOf)], Interop.Harvester.ResponseDate(answer));
    }

    private static async Task<bool> IsHarvestableAsync(string connectionString, Guid record)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select exists (select 1 from {Catalogue.Api.Interop.Oai.HarvestIndex.Table} where id = $1)", connection)
        {
            Parameters = { new() { Value = record } },
        };
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A streaming replica of the tests' PostgreSQL, in a folder of its own, for as long as <paramref name="use"/> runs.</summary>
    private async Task WithAReplicaAsync(Func<Catalogue.Api.Hosting.EmbeddedPostgres.EmbeddedPostgresCluster, Task> use)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"catalogue-replica-{Guid.NewGuid():N}"[..38]);
        var replica = await postgres.StartReplicaAsync(folder);
        try
        {
            await use(replica);
        }
        finally
        {
            await replica.DisposeAsync();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<Guid>> ListedIdsAsync(Support.Api api) =>
        [.. (await Support.Catalogue.AllPagesOf(api)).Select(r => r["id"]!.GetValue<Guid>())];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

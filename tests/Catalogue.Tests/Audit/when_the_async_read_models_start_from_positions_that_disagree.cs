using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>
/// The async daemon runs every async read model as one projection, each read model keeping its own progress. A
/// catalogue last run by a version whose async read models were projections of their own has a progress row for each
/// and none for the one projection; a version that adds a read model finds no row for it. Before the daemon starts, the
/// service brings them to one position: rows that agree are taken as they are (no event folded twice), a read model
/// behind or new is rebuilt from the events (none missed), and the catalogue equals a rebuild from the events.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_the_async_read_models_start_from_positions_that_disagree(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string Progression = $"{CatalogueSchema.Name}.mt_event_progression";

    private static async Task<(string ConnectionString, List<Guid> Records)> ACatalogueOfThreeRecords(CatalogueService service, string name)
    {
        await using var before = await service.StartOwnCatalogueAsync(name);
        var records = new List<Guid>();
        foreach (var accession in new[] { "ACC-1", "ACC-2", "ACC-3" }) records.Add((await before.Admin.AccessionTheSeed(accession)).Id);
        await Projections.CaughtUpAsync(before.Services);
        return (before.ConnectionString, records);
    }

    private static async Task<Dictionary<string, long>> ProgressRows(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand($"select name, last_seq_id from {Progression} where name <> 'HighWaterMark'", connection);
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }

    private static async Task TheCatalogueEqualsARebuild(OwnCatalogue catalogue)
    {
        await Projections.CaughtUpAsync(catalogue.Services);
        var check = (await catalogue.Admin.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    [Fact]
    public async Task read_models_that_were_projections_of_their_own_go_on_from_where_they_stood()
    {
        var (connectionString, _) = await ACatalogueOfThreeRecords(Service, "async_models_agreeing");
        long stood;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            stood = await connection.ScalarAsync("select max(seq_id) from catalogue.mt_events");
            // As the version before left them: a row for each read model, none for the one projection of them all.
            await connection.ExecuteAsync($"delete from {Progression} where name = '{ReadModel.AsyncShard.Identity}'");
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(stood, (await ProgressRows(connection))[ReadModel.AsyncShard.Identity]);
        }

        // Folded from where they stood: had they been given every event again, the counts of the reports would be doubled.
        await after.Admin.AccessionTheSeed("ACC-4");
        await TheCatalogueEqualsARebuild(after);
        Assert.Equal(4, (await after.Admin.Get("/api/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task a_read_model_behind_the_others_and_one_never_run_are_rebuilt_before_the_daemon_starts()
    {
        var (connectionString, records) = await ACatalogueOfThreeRecords(Service, "async_models_disagreeing");
        long last, entries;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            last = await connection.ScalarAsync("select max(seq_id) from catalogue.mt_events");
            entries = await connection.ScalarAsync($"select count(*) from {Catalogue.Api.Interop.Oai.OaiEntry.Table}");
            Assert.True(entries > 0);
            var third = await connection.ScalarAsync($"select min(seq_id) from catalogue.mt_events where stream_id = '{records[2]}'");
            // The record list stopped before the third record; the OAI-PMH entries are a read model this version adds.
            await connection.ExecuteAsync($"""
                delete from {Progression} where name in ('{ReadModel.AsyncShard.Identity}', 'OaiEntry:All');
                update {Progression} set last_seq_id = {third - 1} where name = 'RecordListing:All';
                delete from {RecordListing.Table} where id = '{records[2]}';
                delete from {Catalogue.Api.Interop.Oai.OaiEntry.Table};
                """);
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var rows = await ProgressRows(connection);
            Assert.All(
                [ReadModel.AsyncShard.Identity, "RecordListing:All", "OaiEntry:All", "RecordSearch:All", "ReportTally:All"],
                shard => Assert.Equal(last, rows[shard]));
            Assert.Equal(1, await connection.ScalarAsync($"select count(*) from {RecordListing.Table} where id = '{records[2]}'"));
            Assert.Equal(entries, await connection.ScalarAsync($"select count(*) from {Catalogue.Api.Interop.Oai.OaiEntry.Table}"));
        }

        await after.Admin.AccessionTheSeed("ACC-4");
        await TheCatalogueEqualsARebuild(after);
    }
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>
/// The async daemon starts its one projection of the async read models from nothing when no read model has run yet: a
/// new catalogue written to in its first second. An append may then be in flight, its event's number drawn and not yet
/// committed. The read models wait for it rather than pass its number, so its record is listed once it commits.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_the_async_read_models_start_while_an_append_is_in_flight(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string Events = $"{CatalogueSchema.Name}.mt_events";
    private static readonly string Streams = $"{CatalogueSchema.Name}.mt_streams";
    private static readonly string Progression = $"{CatalogueSchema.Name}.mt_event_progression";

    [Fact]
    public async Task the_record_of_the_append_is_listed_once_it_commits()
    {
        string connectionString;
        Guid first;
        await using (var before = await Service.StartOwnCatalogueAsync("append_in_flight"))
        {
            connectionString = before.ConnectionString;
            first = (await before.Admin.AccessionTheSeed("ACC-1")).Id;
            await before.Admin.AccessionTheSeed("ACC-2");
            await Projections.CaughtUpAsync(before.Services);
        }

        await using var reset = new NpgsqlConnection(connectionString);
        await reset.OpenAsync();
        // As if no async read model had run yet: the daemon starts its projection of them from the first event.
        await reset.ExecuteAsync($"delete from {Progression} where name <> 'HighWaterMark'");

        // An accession in flight: its number drawn, its rows written, its transaction not yet committed (a copy of the
        // first record's accession under a stream of its own, written as Marten's append function writes it).
        var inFlight = Guid.CreateVersion7();
        await using var appending = new NpgsqlConnection(connectionString);
        await appending.OpenAsync();
        await using var transaction = await appending.BeginTransactionAsync();
        var number = await appending.ScalarAsync($"select nextval('{CatalogueSchema.Name}.mt_events_sequence')", transaction);
        await using (var copy = new NpgsqlCommand($"""
            insert into {Streams} select (jsonb_populate_record(s, jsonb_build_object('id', @stream))).* from {Streams} s where s.id = @first;
            insert into {Events} select (jsonb_populate_record(e, jsonb_build_object('seq_id', @number, 'id', gen_random_uuid(), 'stream_id', @stream))).*
              from {Events} e where e.stream_id = @first and e.version = 1;
            """, appending, transaction))
        {
            copy.Parameters.AddWithValue("stream", inFlight.ToString());
            copy.Parameters.AddWithValue("first", first);
            copy.Parameters.AddWithValue("number", number);
            await copy.ExecuteNonQueryAsync();
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await Eventually.Until(
            () => reset.ScalarAsync($"select coalesce(max(last_seq_id), 0) from {Progression} where name = '{ReadModel.AsyncShard.Identity}'"),
            position => position >= number - 1, "the async read models to fold the committed events");
        await transaction.CommitAsync();

        await Projections.CaughtUpAsync(after.Services);
        Assert.Equal(1, await reset.ScalarAsync($"select count(*) from {RecordListing.Table} where id = '{inFlight}'"));
    }
}

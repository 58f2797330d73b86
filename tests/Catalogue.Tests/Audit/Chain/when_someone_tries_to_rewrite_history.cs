using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>The database itself refuses to change or remove an event, whoever asks through the normal path.</summary>
public sealed class when_someone_tries_to_rewrite_history(CatalogueService service) : EventChainScenario(service)
{
    /// <summary>The connection the service itself uses, with its runtime role.</summary>
    private async Task<PostgresException> RefusedForTheService(string sql)
    {
        var dataSource = Service.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var command = dataSource.CreateCommand(sql);
        return await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task an_update_of_an_event_fails()
    {
        var id = await ARecordWithHistory();

        var refusal = await RefusedForTheService(
            $"update catalogue.mt_events set data = jsonb_set(data, '{{title}}', '\"A forged title\"') where stream_id = '{id}'");

        Assert.StartsWith(EventChainSchema.ImmutableEventsMessage, refusal.MessageText);
        Assert.Equal(4, await Api.EventCount(id));
        Assert.Equal(0, await Scalar<long>("select count(*) from catalogue.mt_events where data->>'title' = 'A forged title'"));
    }

    [Fact]
    public async Task a_delete_of_an_event_fails()
    {
        var id = await ARecordWithHistory();

        var refusal = await RefusedForTheService($"delete from catalogue.mt_events where stream_id = '{id}' and version = 2");

        Assert.StartsWith(EventChainSchema.ImmutableEventsMessage, refusal.MessageText);
        Assert.Equal(4, await Api.EventCount(id));
    }

    [Fact]
    public async Task deleting_the_stream_does_not_cascade_to_its_events()
    {
        var id = await ARecordWithHistory();

        var refusal = await RefusedForTheService($"delete from catalogue.mt_streams where id = '{id}'");

        Assert.StartsWith(EventChainSchema.ImmutableEventsMessage, refusal.MessageText);
        Assert.Equal(4, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_superuser_is_refused_too_unless_triggers_are_switched_off()
    {
        var id = await ARecordWithHistory();

        var refusal = await Assert.ThrowsAsync<PostgresException>(() => Sql($"delete from catalogue.mt_events where stream_id = '{id}'"));

        Assert.StartsWith(EventChainSchema.ImmutableEventsMessage, refusal.MessageText);
    }

    /// <summary>
    /// Found from outside: a guard switched off by a superuser stays off across restarts, and nothing said so. The
    /// history may still be intact; verify names the guards that are off beside its verdict.
    /// </summary>
    [Fact]
    public async Task a_guard_switched_off_is_named_by_verify()
    {
        await ARecordWithHistory();
        await AllEventsSealed();
        var before = await Verify();
        try
        {
            await Sql("alter table catalogue.mt_events disable trigger mt_events_are_immutable; alter table catalogue.event_seals enable replica trigger event_seals_are_immutable");
            var off = await Verify();

            Assert.Empty(before["guardsOff"]!.AsArray());
            Assert.Equal("intact", off["status"]!.GetValue<string>());
            Assert.Equal(["event_seals_are_immutable", "mt_events_are_immutable"], off["guardsOff"]!.AsArray().Select(g => g!.GetValue<string>()));
        }
        finally
        {
            await Sql("alter table catalogue.mt_events enable trigger mt_events_are_immutable; alter table catalogue.event_seals enable trigger event_seals_are_immutable");
        }

        Assert.Empty((await Verify())["guardsOff"]!.AsArray());
    }

    [Fact]
    public async Task seals_and_checkpoints_cannot_be_edited_either()
    {
        await ARecordWithHistory();
        await AllEventsSealed();
        (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(System.Net.HttpStatusCode.Created);

        var seal = await RefusedForTheService("update catalogue.event_seals set hash = previous_hash");
        var checkpoint = await RefusedForTheService("delete from catalogue.chain_checkpoints");

        Assert.Contains("event_seals rows are immutable", seal.MessageText);
        Assert.Contains("chain_checkpoints rows are immutable", checkpoint.MessageText);
    }

    /// <summary>
    /// Found from outside: archiving was allowed as a flag outside the seal, but an event flagged archived is hidden from
    /// the record's history, as-of and diff, so one UPDATE of the flag rewrote history while the chain verified intact.
    /// The catalogue never archives.
    /// </summary>
    [Fact]
    public async Task archiving_a_record_or_one_of_its_events_fails()
    {
        var id = await ARecordWithHistory();

        var stream = await RefusedForTheService($"select catalogue.mt_archive_stream('{id}')");
        var oneEvent = await RefusedForTheService($"update catalogue.mt_events set is_archived = true where stream_id = '{id}' and version = 3");
        var streamRow = await RefusedForTheService($"update catalogue.mt_streams set is_archived = true where id = '{id}'");

        Assert.All([stream, oneEvent, streamRow], refusal => Assert.StartsWith(EventChainSchema.ImmutableEventsMessage, refusal.MessageText));
        Assert.Equal(0, await Scalar<long>($"select count(*) from catalogue.mt_events where stream_id = '{id}' and is_archived"));
        Assert.Equal(4, await Api.EventCount(id));
        (await Api.Post($"/api/records/{id}/subjects", new { version = 4, subjects = new[] { "Still open to changes" } })).ShouldBe(System.Net.HttpStatusCode.OK);
    }
}

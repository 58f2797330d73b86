using System.Text.Json.Nodes;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// A write fails after PostgreSQL handed out its sequence number — typically when the database goes away mid-commit.
/// Marten fills that number in later with a "tombstone" on a bookkeeping stream of its own, retried in the background
/// until the database takes it. By then the sealer may have waited out the gap and sealed the events after it. That
/// row is no catalogue event and belongs to no record: the auditor's checks must neither report it as history
/// inserted after sealing nor wait for it to be sealed. The same row inside a record's stream is still an insertion.
/// </summary>
public sealed class when_a_failed_write_is_filled_in_late(CatalogueService service) : EventChainScenario(service)
{
    [Fact]
    public async Task a_gap_filler_behind_the_sealed_head_is_not_a_break()
    {
        var (_, failedWritesNumber) = await TwoAccessionsSealedAroundAFailedWrite();

        await MartenFillsInTheGap(failedWritesNumber, Tombstone.StreamId);

        var verification = await Verify();
        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal(2, verification["sealedCount"]!.GetValue<long>());
        Assert.True(verification["headSeq"]!.GetValue<long>() > failedWritesNumber);
        Assert.Equal(0, verification["unsealedBacklog"]!.GetValue<long>());
        Assert.Equal(1, verification["unsealedGapFillers"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_gap_filler_the_sealer_has_not_reached_is_not_waited_for()
    {
        await Api.AccessionTheSeed("WCDA-117886");
        await AllEventsSealed();
        var monitor = Service.Host.Services.GetRequiredService<SealingLagMonitor>();

        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            // As after an outage: the daemon has moved past the number before the filler lands, so it may never seal it.
            await MartenFillsInTheGap(await ASequenceNumberDrawnByAWriteThatFailed(), Tombstone.StreamId);

            Assert.Equal(0, await EventChain.UnsealedAsync(Service.Host.Services));
            Assert.Equal(SealingLag.None, await monitor.CheckAsync(CancellationToken.None));
            var verification = await Verify();
            Assert.Equal("intact", verification["status"]!.GetValue<string>());
            Assert.Equal(1, verification["unsealedGapFillers"]!.GetValue<long>());
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }
    }

    [Fact]
    public async Task an_export_with_a_late_gap_filler_checks_intact_offline()
    {
        var (_, failedWritesNumber) = await TwoAccessionsSealedAroundAFailedWrite();
        await MartenFillsInTheGap(failedWritesNumber, Tombstone.StreamId);

        var check = await OfflineCheckOfAnExport();

        Assert.True(check.Passed, check.Problem);
        Assert.Equal(2, check.Events);
        Assert.Equal(2, check.Sealed);
        Assert.Equal(1, check.GapFillers);
    }

    [Fact]
    public async Task the_same_row_slipped_into_a_records_stream_is_still_an_insertion()
    {
        var (record, number) = await TwoAccessionsSealedAroundAFailedWrite();

        await MartenFillsInTheGap(number, record);

        var broken = (await Verify())["break"]!;
        Assert.Equal("unsealed", broken["kind"]!.GetValue<string>());
        Assert.Equal(number, broken["seqId"]!.GetValue<long>());
        Assert.Equal(record, broken["streamId"]!.GetValue<Guid>());

        var recordCheck = await Verify($"?record={record}");
        Assert.Equal("unsealed", recordCheck["break"]!["kind"]!.GetValue<string>());

        var offline = await OfflineCheckOfAnExport();
        Assert.False(offline.Passed);
        Assert.Contains($"Event seq {number} (stream {record}", offline.Problem);
    }

    /// <summary>
    /// A write fails after its events were given sequence numbers, and by the time Marten fills them in the sequence
    /// no longer remembers handing them out — as on a standby promoted after the write failed on the old primary. A
    /// filler for such a number would take the number the sequence hands to the next archivist, whose command would
    /// fail on a duplicate. The filler is skipped; the next command goes through under that number.
    /// </summary>
    /// <remarks>
    /// The filler is written here as Marten writes it, at a moment the story chooses: Marten posts its own to a
    /// background retry block that cannot be waited for, and one landing after the next command has drawn the number
    /// meets the other rule (a number handed out again: that command is refused to be retried), which a test of its
    /// own tells.
    /// </remarks>
    [Fact]
    public async Task a_gap_filler_for_a_number_the_sequence_has_not_handed_out_is_skipped_and_the_next_command_goes_through()
    {
        var record = (await Api.AccessionTheSeed("WCDA-117886")).Id;
        var version = await Scalar<long>($"select version from catalogue.mt_streams where id = '{record}'");
        var lastHandedOut = await Scalar<long>("select last_value from catalogue.mt_events_sequence");
        var failedWritesNumber = await ASequenceNumberDrawnByAWriteThatFailed();
        await Sql($"select setval('catalogue.mt_events_sequence', {lastHandedOut})");

        await MartenFillsInTheGap(failedWritesNumber, Tombstone.StreamId);

        Assert.Equal(lastHandedOut, await Scalar<long>("select last_value from catalogue.mt_events_sequence"));
        Assert.Equal(0L, await Scalar<long>($"select count(*) from catalogue.mt_events where type = '{Tombstone.Name}'"));
        var tagged = await Api.Post($"/api/records/{record}/subjects", new { subjects = new[] { "Korea" }, version });
        tagged.ShouldBe(System.Net.HttpStatusCode.OK);
        Assert.Equal(lastHandedOut + 1, await Scalar<long>($"select max(seq_id) from catalogue.mt_events where stream_id = '{record}'"));
    }

    /// <summary>
    /// An event already holds the number the sequence hands out next (events restored without setting the sequence, or
    /// a filler that beat an append to its number): the command is refused as one to try again, nothing is written,
    /// and the retry goes through under the next number.
    /// </summary>
    [Fact]
    public async Task a_number_already_taken_answers_try_again_and_the_retry_goes_through()
    {
        var record = (await Api.AccessionTheSeed("WCDA-117886")).Id;
        var version = await Scalar<long>($"select version from catalogue.mt_streams where id = '{record}'");
        var next = await Scalar<long>("select last_value + 1 from catalogue.mt_events_sequence");
        // As a restore with its triggers off (pg_restore --disable-triggers) would write it.
        await AsAttacker(GapFillerRows(next, Tombstone.StreamId));

        var refused = await Api.Post($"/api/records/{record}/subjects", new { subjects = new[] { "Korea" }, version });

        refused.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("The event store handed out a sequence number an event already has", refused.Json["title"]!.GetValue<string>());
        Assert.Equal(version, await Scalar<long>($"select version from catalogue.mt_streams where id = '{record}'"));
        (await Api.Post($"/api/records/{record}/subjects", new { subjects = new[] { "Korea" }, version })).ShouldBe(System.Net.HttpStatusCode.OK);
    }

    /// <summary>
    /// A record, a write that failed after drawing its sequence number, and a second record; the sealer has waited out
    /// the gap and sealed both records.
    /// </summary>
    private async Task<(Guid FirstRecord, long FailedWritesNumber)> TwoAccessionsSealedAroundAFailedWrite()
    {
        var first = (await Api.AccessionTheSeed("WCDA-117886")).Id;
        var failedWritesNumber = await ASequenceNumberDrawnByAWriteThatFailed();
        await Api.AccessionTheSeed("WCDA-117887");
        await AllEventsSealed();
        return (first, failedWritesNumber);
    }

    /// <summary>PostgreSQL's sequence hands out a number that the failed write's events never commit under.</summary>
    private Task<long> ASequenceNumberDrawnByAWriteThatFailed() => Scalar<long>("select nextval('catalogue.mt_events_sequence')");

    /// <summary>The rows Marten's tombstone batch writes, exactly as it writes them (no actor, no headers, no timestamp).</summary>
    private Task MartenFillsInTheGap(long seq, Guid stream) => Sql(GapFillerRows(seq, stream));

    private static string GapFillerRows(long seq, Guid stream) =>
        $$"""
        insert into catalogue.mt_streams (id, tenant_id, version, is_archived) values ('{{stream}}', '*DEFAULT*', 0, false) on conflict do nothing;
        insert into catalogue.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
        values ({{seq}}, gen_random_uuid(), '{{stream}}', {{seq}}, '{}', '{{Tombstone.Name}}', '0001-01-01 00:00:00+00', '*DEFAULT*', 'JasperFx.Events.Tombstone, JasperFx.Events');
        """;

    private async Task<OfflineCheck> OfflineCheckOfAnExport()
    {
        var export = new StringWriter();
        await Service.Host.Services.GetRequiredService<EventExport>().WriteAsync(export, CancellationToken.None);
        return await OfflineChainCheck.RunAsync(new StringReader(export.ToString()), checkpoint: null, publicKeyPem: null, CancellationToken.None);
    }
}

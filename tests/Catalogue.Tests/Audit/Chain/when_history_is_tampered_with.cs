using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// Someone with DBA rights (a superuser with triggers switched off) changes history after it was sealed; the
/// verifier names the exact event.
/// </summary>
public sealed class when_history_is_tampered_with(CatalogueService service) : EventChainScenario(service)
{
    private async Task<long> SeqOf(Guid id, long version) =>
        await Scalar<long>($"select seq_id from catalogue.mt_events where stream_id = '{id}' and version = {version}");

    private static JsonNode BreakOf(JsonNode verification)
    {
        Assert.Equal("broken", verification["status"]!.GetValue<string>());
        return verification["break"]!;
    }

    [Fact]
    public async Task a_changed_title_is_found_at_its_event()
    {
        await ARecordWithHistory();
        var id = await ARecordWithHistory();
        await ARecordWithHistory();
        await AllEventsSealed();
        var seq = await SeqOf(id, 3);
        var sealedAs = Convert.ToHexStringLower(await Scalar<byte[]>($"select hash from catalogue.event_seals where seq_id = {seq}"));

        await AsAttacker($"update catalogue.mt_events set data = jsonb_set(data, '{{title}}', '\"A forged title\"') where seq_id = {seq}");

        var broken = BreakOf(await Verify());
        Assert.Equal("altered", broken["kind"]!.GetValue<string>());
        Assert.Equal(seq, broken["seqId"]!.GetValue<long>());
        Assert.Equal(id, broken["streamId"]!.GetValue<Guid>());
        Assert.Equal(3, broken["version"]!.GetValue<long>());
        Assert.Equal("title_revised", broken["type"]!.GetValue<string>());
        Assert.Equal(sealedAs, broken["expected"]!.GetValue<string>());
        Assert.NotEqual(sealedAs, broken["found"]!.GetValue<string>());

        var recordScope = BreakOf(await Verify($"?record={id}"));
        Assert.Equal("altered", recordScope["kind"]!.GetValue<string>());
        Assert.Equal(seq, recordScope["seqId"]!.GetValue<long>());
    }

    /// <summary>An event flagged archived keeps its data, which still hashes to its seal, but is gone from every reading of history.</summary>
    [Fact]
    public async Task an_event_hidden_by_archiving_it_is_found_at_its_event()
    {
        var id = await ARecordWithHistory();
        await ARecordWithHistory();
        await AllEventsSealed();
        var seq = await SeqOf(id, 3);

        await AsAttacker($"update catalogue.mt_events set is_archived = true where seq_id = {seq}");

        foreach (var scope in new[] { "", $"?record={id}" })
        {
            var broken = BreakOf(await Verify(scope));
            Assert.Equal("archived", broken["kind"]!.GetValue<string>());
            Assert.Equal(seq, broken["seqId"]!.GetValue<long>());
            Assert.Equal(id, broken["streamId"]!.GetValue<Guid>());
            Assert.Equal(3, broken["version"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task changed_metadata_is_found_at_its_event()
    {
        var id = await ARecordWithHistory();
        await AllEventsSealed();
        var seq = await SeqOf(id, 3);

        await AsAttacker($"update catalogue.mt_events set headers = jsonb_set(headers, '{{reason}}', '\"Nobody asked\"') where seq_id = {seq}");

        var broken = BreakOf(await Verify());
        Assert.Equal("altered", broken["kind"]!.GetValue<string>());
        Assert.Equal(seq, broken["seqId"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_deleted_event_is_found_where_its_seal_is_left()
    {
        var id = await ARecordWithHistory();
        await ARecordWithHistory();
        await AllEventsSealed();
        var seq = await SeqOf(id, 2);

        await AsAttacker($"delete from catalogue.mt_events where seq_id = {seq}");

        var broken = BreakOf(await Verify());
        Assert.Equal("deleted", broken["kind"]!.GetValue<string>());
        Assert.Equal(seq, broken["seqId"]!.GetValue<long>());
        Assert.Equal(id, broken["streamId"]!.GetValue<Guid>());
        Assert.Equal(2, broken["version"]!.GetValue<long>());

        var recordScope = BreakOf(await Verify($"?record={id}"));
        Assert.Equal("deleted", recordScope["kind"]!.GetValue<string>());
        Assert.Equal(seq, recordScope["seqId"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_reordered_sequence_is_found_at_the_first_moved_event()
    {
        var first = await ARecordWithHistory();
        var second = await ARecordWithHistory();
        await AllEventsSealed();
        var earlier = await SeqOf(first, 4);
        var later = await SeqOf(second, 1);

        await AsAttacker(
            $"""
            update catalogue.mt_events set seq_id = -1 where seq_id = {earlier};
            update catalogue.mt_events set seq_id = {earlier} where seq_id = {later};
            update catalogue.mt_events set seq_id = {later} where seq_id = -1;
            """);

        var broken = BreakOf(await Verify());
        Assert.Equal("reordered", broken["kind"]!.GetValue<string>());
        Assert.Equal(earlier, broken["seqId"]!.GetValue<long>());
        Assert.Equal(second, broken["streamId"]!.GetValue<Guid>());
        Assert.Equal(1, broken["version"]!.GetValue<long>());
        Assert.Contains(first.ToString(), broken["expected"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_event_slipped_in_before_the_first_one_has_no_seal()
    {
        var id = await ARecordWithHistory();
        await AllEventsSealed();

        await AsAttacker(
            $$"""
            insert into catalogue.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
            select 0, gen_random_uuid(), stream_id, 99, '{"title": "Forged"}', 'title_revised', timestamp, tenant_id, mt_dotnet_type
            from catalogue.mt_events where stream_id = '{{id}}' and version = 1
            """);

        var broken = BreakOf(await Verify());
        Assert.Equal("unsealed", broken["kind"]!.GetValue<string>());
        Assert.Equal(0, broken["seqId"]!.GetValue<long>());
        Assert.Equal(99, broken["version"]!.GetValue<long>());
    }
}

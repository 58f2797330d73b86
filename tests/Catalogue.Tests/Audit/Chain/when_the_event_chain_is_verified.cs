using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit.Chain;

public sealed class when_the_event_chain_is_verified(CatalogueService service) : EventChainScenario(service)
{
    [Fact]
    public async Task an_untouched_history_is_intact_with_every_event_sealed()
    {
        await ARecordWithHistory();
        await ARecordWithHistory();

        var verification = await Verify();

        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal(8, verification["sealedCount"]!.GetValue<long>());
        Assert.Equal(await Scalar<long>("select max(seq_id) from catalogue.mt_events"), verification["headSeq"]!.GetValue<long>());
        Assert.Equal(
            Convert.ToHexStringLower(await Scalar<byte[]>("select hash from catalogue.event_seals order by seq_id desc limit 1")),
            verification["headHash"]!.GetValue<string>());
        Assert.Equal(0, verification["unsealedBacklog"]!.GetValue<long>());
        Assert.Null(verification["break"]);
    }

    [Fact]
    public async Task an_empty_catalogue_is_an_intact_empty_chain()
    {
        var verification = (await Api.Get("/api/audit/verify")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal(0, verification["sealedCount"]!.GetValue<long>());
        Assert.Equal(new string('0', 64), verification["headHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task eight_archivists_writing_at_once_build_one_intact_chain()
    {
        var writers = Enumerable.Range(1, 8).Select(async writer =>
        {
            var records = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                var id = (await Api.AccessionTheSeed($"W{writer}-{i}")).Id;
                (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
                (await Api.Post($"/api/records/{id}/summary", new { version = 2, summary = $"Summary by writer {writer}" })).ShouldBe(HttpStatusCode.OK);
                (await Api.Post($"/api/records/{id}/subjects", new { version = 3, subjects = new[] { $"Writer {writer}", "Korea" } })).ShouldBe(HttpStatusCode.OK);
                records.Add(id);
            }

            return records;
        });
        var ids = (await Task.WhenAll(writers)).SelectMany(r => r).ToList();
        var expectedEvents = 0L;
        foreach (var id in ids) expectedEvents += await Api.CurrentVersion(id);

        var verification = await Verify();

        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal(24 * 4, expectedEvents);
        Assert.Equal(expectedEvents, verification["sealedCount"]!.GetValue<long>());
        Assert.Equal(0, verification["unsealedBacklog"]!.GetValue<long>());
        // One chain in global sequence order: every seal links to the seal before it.
        Assert.Equal(0, await Scalar<long>(
            """
            select count(*) from (
              select previous_hash, lag(hash, 1, decode(repeat('00', 32), 'hex')) over (order by seq_id) as before from catalogue.event_seals) s
            where previous_hash <> before
            """));
    }

    [Fact]
    public async Task after_a_restart_the_sealer_continues_from_the_chain_head()
    {
        await ARecordWithHistory();
        await AllEventsSealed();

        await Service.RestartAsync();
        await ARecordWithHistory();
        var verification = await Verify();

        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal(8, verification["sealedCount"]!.GetValue<long>());
        Assert.Equal(8, await Scalar<long>("select count(*) from catalogue.event_seals"));
    }

    [Fact]
    public async Task one_record_can_be_verified_on_its_own()
    {
        var id = await ARecordWithHistory();
        await ARecordWithHistory();

        var verification = await Verify($"?record={id}");

        Assert.Equal("intact", verification["status"]!.GetValue<string>());
        Assert.Equal("record", verification["scope"]!.GetValue<string>());
        Assert.Equal(id, verification["recordId"]!.GetValue<Guid>());
        Assert.Equal(4, verification["sealedCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task an_unknown_record_is_not_found()
    {
        (await Api.Get($"/api/audit/verify?record={Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_sealer_never_seals_from_anywhere_but_the_chain_head()
    {
        await ARecordWithHistory();
        await AllEventsSealed();

        var refusal = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Sql(
            "select catalogue.seal_events(0, decode(repeat('00', 32), 'hex'), array[1]::bigint[], array[null]::uuid[], array[1]::bigint[], array[decode(repeat('11', 32), 'hex')])"));

        Assert.Contains("event chain head is at seq 4", refusal.MessageText);
        Assert.Equal(4, await Scalar<long>("select count(*) from catalogue.event_seals"));
    }
}

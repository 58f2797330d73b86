using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Catalogue.Tests.Audit.Chain;

public sealed class when_an_auditor_keeps_a_checkpoint(CatalogueService service) : EventChainScenario(service)
{
    private async Task<JsonNode> ACheckpoint()
    {
        await AllEventsSealed();
        var reply = (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal($"/api/audit/checkpoints/{reply.Json["number"]!.GetValue<long>()}", reply.Headers.Location?.ToString());
        return reply.Json;
    }

    private async Task<ECDsa> ThePublishedKey()
    {
        var pem = (await Api.Get("/api/audit/public-key")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/x-pem-file", pem.ContentHeaders?.ContentType?.MediaType);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem.Text);
        var key = ECDsa.Create();
        key.ImportFromPem(pem.Text);
        return key;
    }

    private static bool SignatureHolds(ECDsa key, JsonNode checkpoint) => key.VerifyData(
        Encoding.UTF8.GetBytes(checkpoint["statement"]!.GetValue<string>()),
        Convert.FromBase64String(checkpoint["signature"]!.GetValue<string>()),
        HashAlgorithmName.SHA256,
        DSASignatureFormat.Rfc3279DerSequence);

    [Fact]
    public async Task its_signature_verifies_with_the_published_public_key()
    {
        await ARecordWithHistory();
        await ARecordWithHistory();

        var created = await ACheckpoint();
        var saved = (await Api.Get($"/api/audit/checkpoints/{created["number"]}")).ShouldBe(HttpStatusCode.OK).Json;
        using var key = await ThePublishedKey();

        Assert.True(SignatureHolds(key, saved));
        Assert.Equal(8, saved["sealedCount"]!.GetValue<long>());
        Assert.Equal(await Scalar<long>("select max(seq_id) from catalogue.mt_events"), saved["lastSeq"]!.GetValue<long>());
        Assert.Equal((await Verify())["headHash"]!.GetValue<string>(), saved["headHash"]!.GetValue<string>());
        Assert.Contains($"head: {saved["headHash"]}\n", saved["statement"]!.GetValue<string>());
        Assert.Equal(created["number"]!.GetValue<long>(), (await Api.Get("/api/audit/checkpoints")).Json.AsArray()[0]!["number"]!.GetValue<long>());
    }

    /// <summary>
    /// Found from outside: a checkpoint naming a key other than the service's (one signed before a key change, or one
    /// written in by hand naming any key) was counted among the checkpoints checked, its signature never checked. It is
    /// still compared with the chain, and counted apart: its signature is checked with its own key's public key, offline.
    /// </summary>
    [Fact]
    public async Task a_checkpoint_of_another_key_is_counted_apart_as_not_verified_here()
    {
        await ARecordWithHistory();
        var created = await ACheckpoint();
        var otherKey = new string('b', 64);
        var number = created["number"]!.GetValue<long>();
        var statement = Checkpoint.StatementFor(created["lastSeq"]!.GetValue<long>(), created["sealedCount"]!.GetValue<long>(), created["headHash"]!.GetValue<string>(), created["signedAt"]!.GetValue<string>(), otherKey);

        var before = await Verify();
        await AsAttacker($"update catalogue.chain_checkpoints set key_id = '{otherKey}', statement = '{statement}' where number = {number}");
        var after = await Verify();

        Assert.Equal((1, 0), (before["checkpointsChecked"]!.GetValue<int>(), before["checkpointsOfOtherKeys"]!.GetValue<int>()));
        Assert.Equal(("intact", 1, 1), (after["status"]!.GetValue<string>(), after["checkpointsChecked"]!.GetValue<int>(), after["checkpointsOfOtherKeys"]!.GetValue<int>()));
    }

    [Fact]
    public async Task checkpoints_signed_at_once_while_archivists_write_are_numbered_in_the_order_of_their_times_and_heads()
    {
        await ARecordWithHistory();

        var writing = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ARecordWithHistory()));
        var signing = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            await Task.Yield();
            return (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Created).Json["number"]!.GetValue<long>();
        }));
        await writing;

        var signed = new List<JsonNode>();
        foreach (var number in signing.Order()) signed.Add((await Api.Get($"/api/audit/checkpoints/{number}")).ShouldBe(HttpStatusCode.OK).Json);
        var times = signed.Select(c => DateTimeOffset.Parse(c["signedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var heads = signed.Select(c => c["lastSeq"]!.GetValue<long>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(heads.Order(), heads);
        Assert.Equal("intact", (await Verify())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_altered_checkpoint_no_longer_verifies()
    {
        await ARecordWithHistory();
        var created = await ACheckpoint();
        var number = created["number"]!.GetValue<long>();

        // Point the checkpoint at a different head, rewriting the statement to match; the signature cannot follow.
        await AsAttacker(
            $"""
            update catalogue.chain_checkpoints
            set head_hash = decode(repeat('ab', 32), 'hex'), statement = replace(statement, encode(head_hash, 'hex'), repeat('ab', 32))
            where number = {number}
            """);
        var altered = (await Api.Get($"/api/audit/checkpoints/{number}")).ShouldBe(HttpStatusCode.OK).Json;
        using var key = await ThePublishedKey();

        Assert.False(SignatureHolds(key, altered));
        var broken = (await Verify())["break"]!;
        Assert.Equal("checkpoint-signature", broken["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_history_rewritten_together_with_its_seals_contradicts_the_checkpoint()
    {
        var id = await ARecordWithHistory();
        await ARecordWithHistory();
        var checkpoint = await ACheckpoint();

        // The thorough attacker: change an event, then recompute every seal so that the seals agree again.
        await AsAttacker($"update catalogue.mt_events set data = jsonb_set(data, '{{title}}', '\"A forged title\"') where stream_id = '{id}' and version = 3");
        await ResealEverythingAsAttacker();

        var verification = await Verify();
        var broken = verification["break"]!;
        Assert.Equal("checkpoint", broken["kind"]!.GetValue<string>());
        Assert.Equal(checkpoint["lastSeq"]!.GetValue<long>(), broken["seqId"]!.GetValue<long>());
        Assert.Contains(checkpoint["headHash"]!.GetValue<string>(), broken["expected"]!.GetValue<string>());
        // The saved checkpoint still verifies: it is the chain that no longer matches it.
        using var key = await ThePublishedKey();
        Assert.True(SignatureHolds(key, checkpoint));
    }

    [Fact]
    public async Task no_checkpoint_is_signed_over_a_broken_chain()
    {
        var id = await ARecordWithHistory();
        await ACheckpoint();
        await ARecordWithHistory();
        await AllEventsSealed();
        await AsAttacker($"delete from catalogue.mt_events where stream_id <> '{id}' and version = 2");

        var refusal = (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal("deleted", refusal.Json["verification"]!["break"]!["kind"]!.GetValue<string>());
        Assert.Single((await Api.Get("/api/audit/checkpoints")).Json.AsArray());
    }

    [Fact]
    public async Task periodic_checkpoints_are_signed_only_when_the_head_has_moved()
    {
        var services = Service.Host.Services;
        var options = services.GetRequiredService<AuditOptions>();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var periodic = new PeriodicCheckpoints(services.GetRequiredService<ChainCheckpoints>(), options, clock, NullLogger<PeriodicCheckpoints>.Instance);
        await ARecordWithHistory();
        await AllEventsSealed();

        await periodic.TickAsync(CancellationToken.None);
        clock.Advance(options.CheckpointInterval);
        await periodic.TickAsync(CancellationToken.None);
        Assert.Single((await Api.Get("/api/audit/checkpoints")).Json.AsArray());

        await ARecordWithHistory();
        await AllEventsSealed();
        clock.Advance(options.CheckpointInterval);
        await periodic.TickAsync(CancellationToken.None);
        var checkpoints = (await Api.Get("/api/audit/checkpoints")).Json.AsArray();
        Assert.Equal(2, checkpoints.Count);
        Assert.Equal(8, checkpoints[0]!["sealedCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task an_unknown_checkpoint_is_not_found()
    {
        (await Api.Get("/api/audit/checkpoints/999")).ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task ResealEverythingAsAttacker()
    {
        var events = new List<ChainEvent>();
        await using (var connection = new Npgsql.NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await foreach (var e in ChainReader.EventsAfterAsync(connection, long.MinValue, CancellationToken.None)) events.Add(e);
        }

        var sql = new StringBuilder();
        var previous = ChainHasher.Genesis;
        using var hasher = new ChainHasher();
        foreach (var e in events)
        {
            var hash = hasher.Next(previous, e);
            sql.AppendLine(
                $"update catalogue.event_seals set hash = '\\x{Convert.ToHexStringLower(hash)}', previous_hash = '\\x{Convert.ToHexStringLower(previous)}' where seq_id = {e.Seq};");
            previous = hash;
        }

        await AsAttacker(sql.ToString());
    }
}

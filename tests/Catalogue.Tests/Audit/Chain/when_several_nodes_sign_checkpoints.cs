using System.Net;
using System.Security.Cryptography;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// Found from outside with two nodes: each signed a checkpoint on its own timer, so two nodes signed two an interval;
/// and a node started without the shared signing key signed every other checkpoint with a key of its own, which no
/// node said — verify answered "intact", counting half the checkpoints as of another key, and the public key a client
/// got depended on the node that answered.
/// </summary>
public sealed class when_several_nodes_sign_checkpoints(CatalogueService service) : EventChainScenario(service)
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly CapturedLogs _logs = new();

    private PeriodicCheckpoints ThisNodesTimer()
    {
        var services = Service.Host.Services;
        return new PeriodicCheckpoints(
            services.GetRequiredService<ChainCheckpoints>(), services.GetRequiredService<AuditOptions>(), _clock,
            new Logger<PeriodicCheckpoints>(LoggerFactory.Create(b => b.AddProvider(_logs))));
    }

    private ChainCheckpoints ANodeWithAnotherKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var services = Service.Host.Services;
        return new ChainCheckpoints(
            services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<ChainVerifier>(),
            CheckpointSigningKey.FromPem(key.ExportPkcs8PrivateKeyPem(), "another node's development key"), TimeProvider.System);
    }

    private TimeSpan Interval => Service.Host.Services.GetRequiredService<AuditOptions>().CheckpointInterval;

    private async Task<int> Checkpoints() => (await Api.Get("/api/audit/checkpoints")).ShouldBe(HttpStatusCode.OK).Json.AsArray().Count;

    private IEnumerable<CapturedLine> Warnings => _logs.Lines.Where(l => l.Level == LogLevel.Warning);

    /// <summary>A checkpoint signed with the service's key (another node's, as far as the timer knows), then more events.</summary>
    private async Task ACheckpointThenMoreEvents()
    {
        await ARecordWithHistory();
        await AllEventsSealed();
        (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Created);
        await ARecordWithHistory();
        await AllEventsSealed();
    }

    [Fact]
    public async Task a_timer_does_not_sign_again_within_the_interval_another_node_signed_in()
    {
        var timer = ThisNodesTimer();
        // Another node's timer came round first.
        await ACheckpointThenMoreEvents();

        await timer.TickAsync(CancellationToken.None);
        Assert.Equal(1, await Checkpoints());

        _clock.Advance(Interval);
        await timer.TickAsync(CancellationToken.None);
        Assert.Equal(2, await Checkpoints());
    }

    /// <summary>
    /// Found from outside: six requests at once on a long chain's first checkpoint each waited for the one signing, a
    /// connection held apiece, and five were cut off by the database time-out after 30 s as if the database had not answered.
    /// </summary>
    [Fact]
    public async Task a_checkpoint_asked_for_while_another_is_being_signed_is_refused_at_once_and_a_timer_passes_its_turn()
    {
        var timer = ThisNodesTimer();
        await ACheckpointThenMoreEvents();
        _clock.Advance(Interval);

        await using (var signing = await Service.Host.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        {
            await using var transaction = await signing.BeginTransactionAsync();
            await using (var turn = new NpgsqlCommand($"select pg_advisory_xact_lock({EventChainSchema.CheckpointLockKey})", signing, transaction))
                await turn.ExecuteNonQueryAsync();

            var refused = (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Conflict);
            Assert.Equal("A checkpoint is being signed now", refused.Json["title"]!.GetValue<string>());
            Assert.Equal("30", refused.Headers.RetryAfter!.ToString());
            await timer.TickAsync(CancellationToken.None);
            Assert.Equal(1, await Checkpoints());
            Assert.DoesNotContain(_logs.Lines, l => l.Level >= LogLevel.Warning);
        }

        (await Api.Post("/api/audit/checkpoints", new { })).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(2, await Checkpoints());
    }

    [Fact]
    public async Task a_node_that_signs_with_another_key_beside_this_one_is_warned_of()
    {
        var timer = ThisNodesTimer();
        await ACheckpointThenMoreEvents();
        var other = await ANodeWithAnotherKey().CreateAsync(onlyIfAdvanced: true, CancellationToken.None);

        _clock.Advance(Interval);
        await timer.TickAsync(CancellationToken.None);

        var warning = Assert.Single(Warnings);
        Assert.StartsWith($"Checkpoint #{other.Checkpoint!.Number} was signed with key {other.Checkpoint.KeyId} after this node last signed, or began to sign, with ", warning.Message);
        Assert.Contains("every node must sign with the same key", warning.Message);
    }

    /// <summary>Found from outside: a node whose timer always came second had signed nothing, and was never warned of the other key.</summary>
    [Fact]
    public async Task a_node_that_has_signed_nothing_yet_is_warned_of_another_key_signing_after_it_began()
    {
        var timer = ThisNodesTimer();
        await ARecordWithHistory();
        await AllEventsSealed();
        var anotherNode = ANodeWithAnotherKey();
        await anotherNode.CreateAsync(onlyIfAdvanced: true, CancellationToken.None);
        await timer.TickAsync(CancellationToken.None);
        Assert.Empty(Warnings);

        await ARecordWithHistory();
        await AllEventsSealed();
        var other = await anotherNode.CreateAsync(onlyIfAdvanced: true, CancellationToken.None);
        await timer.TickAsync(CancellationToken.None);

        var warning = Assert.Single(Warnings);
        Assert.StartsWith($"Checkpoint #{other.Checkpoint!.Number} was signed with key {other.Checkpoint.KeyId} after this node last signed, or began to sign, with ", warning.Message);
    }

    [Fact]
    public async Task a_key_that_replaced_another_for_good_is_not_warned_of()
    {
        var timer = ThisNodesTimer();
        await ARecordWithHistory();
        await AllEventsSealed();
        // Signed with the key used before this one: this node has signed nothing since.
        Assert.True((await ANodeWithAnotherKey().CreateAsync(onlyIfAdvanced: true, CancellationToken.None)).Created);
        await ARecordWithHistory();
        await AllEventsSealed();

        _clock.Advance(Interval);
        await timer.TickAsync(CancellationToken.None);

        Assert.Empty(Warnings);
        Assert.Equal(2, await Checkpoints());
    }
}

using System.Diagnostics;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting;
using JasperFx;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Audit;

/// <summary>One projection or subscription, and how far it has come through the events.</summary>
/// <param name="Kind"><c>projection</c> (a read model) or <c>subscription</c> (the event chain's sealer).</param>
/// <param name="Position">The last event sequence it has processed; null for an inline read model, written with each append.</param>
/// <param name="LagEvents">Committed events after its position.</param>
/// <param name="LagSeconds">How long the oldest of them has waited (0 when there are none).</param>
/// <param name="State">
/// <c>inline</c>; or, for the async daemon's: <c>running</c>, <c>paused</c> (stopped by an error, retried),
/// <c>stopped</c>, <c>rebuilding</c>, or <c>not running on this node</c> (another node holds its lock, or it has not
/// started yet).
/// </param>
public sealed record ProjectionState(
    string Name, string Kind, string Lifecycle, long? Position, long LagEvents, double LagSeconds, bool CaughtUp, string State);

/// <param name="LastSequence">The highest committed event sequence.</param>
/// <param name="HighWaterMark">The async daemon's mark: every event up to it is committed and may be processed in order.</param>
/// <param name="Maintenance">The rebuild or check of the read models running now, from any process or node; null when none runs.</param>
public sealed record ProjectionsOverview(long LastSequence, long HighWaterMark, IReadOnlyList<ProjectionState> Projections, MaintenanceProgress? Maintenance);

/// <param name="Work">What runs, and who started it.</param>
/// <param name="ReadModels">
/// Each read model built afresh from the events so far beside the live ones (a whole rebuild or a check builds them
/// all, in one pass; a rebuild of one, that one): how many events it has read, of the
/// <see cref="ReadModelBuild.Events"/> it is built from.
/// </param>
public sealed record MaintenanceProgress(string Work, DateTimeOffset StartedAt, IReadOnlyList<ReadModelBuild> ReadModels);

/// <param name="Position">The last event sequence folded into the read model being built.</param>
/// <param name="Events">The last event sequence there is now (appends go on during the build; those after its start are folded in at its end).</param>
public sealed record ReadModelBuild(string Name, long Position, long Events)
{
    public double Percent => Events == 0 ? 100 : Math.Round(100.0 * Position / Events, 1);
}

/// <summary>
/// Where the async daemon's projections and subscriptions stand, read from the progress they store beside the events
/// (so any node, and the command line, sees the same), and the wait for them to reach a sequence: what lets a client
/// read its own writes from an async read model.
/// </summary>
public sealed class ProjectionProgress(
    IDocumentStore store, CatalogueStoreConfiguration configuration, NpgsqlDataSource dataSource, IServiceProvider services, TimeProvider clock)
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// For each position, the events after it and when the oldest of them was appended. Lateral, so each is a range of
    /// the events' primary key: as a join, PostgreSQL compared every event with every position (0.4 s at 1.4 million events).
    /// Each position once: the async read models run together and mostly stand at one position, and while the daemon
    /// catches up, every count walks what is behind it (2–3 s for 273,000 events behind, counted once per read model).
    /// </summary>
    private static readonly string LagQuery =
        $"""
        select p.position, behind.events, behind.oldest
        from (select distinct position from unnest(@positions) as u(position)) p
        cross join lateral (select count(*) as events, min(e.timestamp) as oldest from {EventChainSchema.Events} e where e.seq_id > p.position) behind
        """;

    /// <summary>
    /// What the async daemon keeps progress for, as shown: each async read model (run together by one of the daemon's
    /// projections, <see cref="ReadModel.AsyncComposite"/>, but each with its own progress row), then the subscriptions.
    /// </summary>
    private IReadOnlyList<ShardName> AsyncShards =>
        [.. configuration.AsyncReadModels.Select(r => r.Shard),
            .. ((DocumentStore)store).Options.Projections.AllShards().Select(s => s.Name).Where(n => n.Identity != ReadModel.AsyncShard.Identity)];

    /// <summary>The daemon's agent that runs the shard: the one for every async read model, or a subscription's own.</summary>
    private ShardName AgentOf(ShardName shard) => IsReadModel(shard) ? ReadModel.AsyncShard : shard;

    private bool IsReadModel(ShardName shard) => configuration.AsyncReadModels.Any(r => r.Name == shard.Name);

    public async Task<long> LastCommittedSequenceAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select coalesce(max(seq_id), 0) from {EventChainSchema.Events}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<ProjectionsOverview> ReadAsync(CancellationToken ct)
    {
        var progress = await ProgressAsync(ct);
        var last = await LastCommittedSequenceAsync(ct);
        var shards = AsyncShards;
        var positions = shards.Select(s => progress.GetValueOrDefault(s.Identity)).ToArray();
        var lags = await LagsAsync(positions, ct);
        var daemon = LocalDaemon();

        var states = new List<ProjectionState>();
        foreach (var readModel in configuration.ReadModels.Where(r => !r.IsAsync))
        {
            states.Add(new ProjectionState(readModel.Name, "projection", readModel.LifecycleName, null, 0, 0, CaughtUp: true, "inline"));
        }

        for (var i = 0; i < shards.Count; i++)
        {
            var (events, seconds) = lags[i];
            states.Add(new ProjectionState(
                shards[i].Name, IsReadModel(shards[i]) ? "projection" : "subscription", "async", positions[i], events, seconds, positions[i] >= last, StateOf(daemon, AgentOf(shards[i]))));
        }

        return new ProjectionsOverview(last, progress.GetValueOrDefault(ShardState.HighWaterMark), states, await MaintenanceAsync(progress, last, ct));
    }

    /// <summary>
    /// The maintenance running now, as the session holding its lock names it, and how far each read model it builds in
    /// a scratch schema has come (the scratch projections keep their progress beside the live ones', under a prefix).
    /// </summary>
    public async Task<MaintenanceProgress?> MaintenanceAsync(CancellationToken ct) =>
        await MaintenanceAsync(await ProgressAsync(ct), await LastCommittedSequenceAsync(ct), ct);

    private async Task<MaintenanceProgress?> MaintenanceAsync(Dictionary<string, long> progress, long last, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await ReadModelLocks.RunningNowAsync(connection, ct) is not { } running) return null;
        var order = configuration.ReadModels.Select(r => r.Name).ToList();
        var builds = progress
            .Where(p => p.Key.StartsWith(ReadModel.ScratchPrefix, StringComparison.Ordinal))
            .Select(p => new ReadModelBuild(p.Key[ReadModel.ScratchPrefix.Length..].Split(':')[0], p.Value, last))
            .OrderBy(b => order.IndexOf(b.Name))
            .ToList();
        return new MaintenanceProgress(running.Work, running.StartedAt, builds);
    }

    /// <summary>
    /// Waits until every async read model has processed <paramref name="sequence"/>, or <paramref name="within"/> has
    /// passed. Subscriptions are not waited for: they are not read.
    /// </summary>
    /// <returns>The read models still behind it, by name; empty when all caught up.</returns>
    public async Task<IReadOnlyList<string>> WaitForAsync(long sequence, TimeSpan within, CancellationToken ct) =>
        [.. (await WaitForPositionsAsync(sequence, within, ct)).Keys];

    /// <inheritdoc cref="WaitForAsync"/>
    /// <returns>The read models still behind it, each with the last sequence it had processed; empty when all caught up.</returns>
    public async Task<IReadOnlyDictionary<string, long>> WaitForPositionsAsync(long sequence, TimeSpan within, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var behind = (await ReadModelPositionsAsync(ct)).Where(p => p.Value < sequence).ToDictionary();
            if (behind.Count == 0 || waited.Elapsed >= within) return behind;
            await Task.Delay(PollEvery, ct);
        }
    }

    /// <summary>Each async read model, by name, with the last sequence it has processed.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadModelPositionsAsync(CancellationToken ct)
    {
        var progress = await ProgressAsync(ct);
        return configuration.AsyncReadModels.ToDictionary(r => r.Name, r => progress.GetValueOrDefault(r.Shard.Identity));
    }

    /// <summary>
    /// This node's daemon, which runs each of the daemon's projections whose advisory lock this node holds (HotCold: one
    /// lock each; one for all the async read models).
    /// </summary>
    public IProjectionDaemon? LocalDaemon() =>
        services.GetService<Marten.Events.Daemon.Coordination.IProjectionCoordinator>()?.DaemonForMainDatabase();

    private async Task<Dictionary<string, long>> ProgressAsync(CancellationToken ct) =>
        (await store.Advanced.AllProjectionProgress(token: ct)).ToDictionary(s => s.ShardName, s => s.Sequence);

    private async Task<IReadOnlyList<(long Events, double Seconds)>> LagsAsync(long[] positions, CancellationToken ct)
    {
        if (positions.Length == 0) return [];
        await using var command = dataSource.CreateCommand(LagQuery);
        command.Parameters.Add(new NpgsqlParameter("positions", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = positions });
        var lags = new Dictionary<long, (long, double)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var events = reader.GetInt64(1);
            // Aged on the service's clock, as the sealing lag is (see SealingLagMonitor).
            var waited = reader.IsDBNull(2) ? TimeSpan.Zero : clock.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(2);
            lags[reader.GetInt64(0)] = (events, Math.Round(Math.Max(0, waited.TotalSeconds), 3));
        }

        return [.. positions.Select(p => lags[p])];
    }

    /// <summary>The async read models and subscriptions this node's daemon has paused (an event it failed to process): no database asked.</summary>
    public IReadOnlyList<string> PausedHere()
    {
        var daemon = LocalDaemon();
        return daemon is null ? [] : [.. AsyncShards.Where(s => StateOf(daemon, AgentOf(s)) == "paused").Select(s => s.Name)];
    }

    private readonly StoppedShards _stopped = new();

    private string StateOf(IProjectionDaemon? daemon, ShardName shard)
    {
        if (daemon is null) return "not running on this node";
        _stopped.Watch(daemon);
        if (daemon.IsRebuilding(shard)) return "rebuilding";
        return daemon.CurrentAgents().FirstOrDefault(a => a.Name.Identity == shard.Identity)?.Status switch
        {
            // Started again to retry the event it paused at, it has not passed it yet.
            AgentStatus.Running when _stopped.Holds(shard) => "paused",
            AgentStatus.Running => "running",
            AgentStatus.Paused => "paused",
            AgentStatus.Stopped => "stopped",
            _ => "not running on this node",
        };
    }
}

using System.Diagnostics;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Catalogue.Api.Audit;

/// <param name="Lifecycle"><c>inline</c> or <c>async</c>.</param>
/// <param name="Documents">Documents the events give.</param>
/// <param name="Changed">
/// Live documents that had to be added, replaced or removed to equal them; null when the async daemon rebuilt the read
/// model from empty.
/// </param>
/// <param name="Skipped">Why the read model was left as it was (an async one that had not caught up with the events); null when rebuilt.</param>
public sealed record ProjectionRebuilt(string Projection, string ReadModel, string Lifecycle, long Documents, long? Changed, double Seconds, string? Skipped = null);

public sealed record ReadModelDifference(string ReadModel, string DocumentId, string Difference, string? Live, string? Rebuilt);

public sealed record ReadModelComparison(string ReadModel, string Lifecycle, long LiveDocuments, long RebuiltDocuments, int Differences);

/// <param name="ChangesHeldSeconds">How long commands waited for the check, all told.</param>
public sealed record ProjectionCheck(
    bool Identical, string ScratchSchema, IReadOnlyList<ReadModelComparison> ReadModels, IReadOnlyList<ReadModelDifference> Differences, double ChangesHeldSeconds);

/// <summary>
/// Rebuilds the read models from the events, and checks them. Both build the read models afresh in a scratch schema (a
/// second store over the same events) from the acknowledged events, each stream up to its version when the build began,
/// while appends go on, then, appends
/// held (<see cref="ReadModelLocks"/>), fold again the streams appended to meanwhile, so the scratch holds exactly the
/// acknowledged events. A check compares it with the live read models document by document; a rebuild then
/// brings the live ones to equal it, touching only the documents that differ: those of the records not appended to
/// since the pass, <see cref="StreamsPerReplace"/> records at a time with appends going on, the rest in one transaction
/// with appends held. Readers are never shown an emptied or half-built read model, and no append can fall between the
/// rebuild's reading of a record's events and its writing of the record's documents. Projections are pure folds of the events, so any difference means a read model was
/// altered, or a projection is not deterministic.
/// </summary>
/// <remarks>
/// An async read model is compared or replaced only once the async daemon has processed every event the scratch was
/// built from, so that it writes no document afterwards but for an event appended since, whose stream is then folded
/// again (and, appends held at the end, none can arrive between the two and show as a difference that is none). One
/// that does not get there in <see cref="CatchUpWait"/> (a paused projection, no daemon running) is reported as behind
/// and left alone. The daemon that does it may run on any node: its progress is read from the database. An async read
/// model rebuilt on its own is rebuilt the same way (the daemon runs all of them as one projection, which it could only
/// rebuild whole, emptying every async read model while it did).
/// </remarks>
public sealed class ReadModelMaintenance(
    CatalogueStoreConfiguration configuration, ProjectionProgress projections, IEnumerable<IDerivedTable> derivedTables, IConfiguration settings,
    ILogger<ReadModelMaintenance> logger)
{
    public const int MaxReportedDifferences = 100;

    public const string CatchUpWaitSetting = "Catalogue:ReadModels:CatchUpWaitSeconds";

    /// <summary>
    /// How long, with appends held, an async read model is given to process the events the scratch holds
    /// (<see cref="CatchUpWaitSetting"/>, 15 s unless set).
    /// </summary>
    private TimeSpan CatchUpWait { get; } = TimeSpan.FromSeconds(
        CatalogueConfigurationException.Integer(settings, CatchUpWaitSetting, "a whole number of seconds from 1 to 600", least: 1, most: 600) ?? 15);

    /// <summary>How often the command line is told how far the builds have come.</summary>
    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(5);

    private IReadOnlyList<ReadModel> ReadModels => configuration.ReadModels;

    /// <summary>
    /// The catalogue's connection string with pooling off, for every connection a maintenance opens itself. Maintenance
    /// is seldom: a pooled connection would wait idle between two of them, and after PostgreSQL restarted, the next one
    /// would fail at its first statement (57P01, the connection ended by the restart) instead of connecting afresh.
    /// </summary>
    private string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(configuration.ConnectionString) { Pooling = false }.ConnectionString;

    /// <param name="only">One read model to rebuild; every one when null.</param>
    /// <exception cref="ReadModelMaintenanceBusy">Another rebuild or check is running.</exception>
    public Task<ReadModelsRebuilt> RebuildAsync(string actor, IProgress<string>? progress, CancellationToken ct, ReadModel? only = null) =>
        RebuildAsync(
            only is null ? ReadModels : [only], only is null ? "rebuild of the read models" : $"rebuild of {only.Name}", actor, progress,
            alignProgress: false, ct);

    /// <summary>
    /// Brings every async read model to the position of the daemon's one projection for them before the daemon starts
    /// (<see cref="ReadModel.AsyncComposite"/>): each keeps its own progress row, and the projection reads from its own.
    /// A catalogue whose async read models were each a projection of their own (before they were run together) or that
    /// gains a read model has rows that disagree; read from where the projection stands, a read model ahead of it would
    /// fold some events twice and one behind or new would never see some. Those that disagree are rebuilt from the
    /// events, appends held, and every row is set to the last event, in one transaction.
    /// </summary>
    /// <returns>What was rebuilt; empty when the rows agreed (a row for the projection is written when only it was missing).</returns>
    public async Task<IReadOnlyList<ProjectionRebuilt>> AlignAsyncReadModelsAsync(CancellationToken ct)
    {
        var asyncModels = configuration.AsyncReadModels;
        if (asyncModels.Count == 0) return [];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(ct);
            var rows = await ProgressRowsAsync(connection, ct);
            if (rows.Count == 0) return []; // No async read model has started: the daemon folds every event into all of them.
            var positions = asyncModels.Select(r => rows.TryGetValue(r.Shard.Identity, out var p) ? p : (long?)null).Distinct().ToList();
            var composite = rows.TryGetValue(ReadModel.AsyncShard.Identity, out var c) ? c : (long?)null;
            if (positions is [{ } agreed] && (composite ?? agreed) == agreed)
            {
                if (composite is null) await SetProgressAsync(connection, [ReadModel.AsyncShard.Identity], agreed, ct);
                return [];
            }
        }

        logger.LogWarning("The async read models' progress rows disagree with each other or with the daemon's projection for them: those behind or ahead are rebuilt before the daemon starts");
        return (await RebuildAsync(asyncModels, "alignment of the async read models", "catalogue", progress: null, alignProgress: true, ct)).Rebuilt;
    }

    /// <param name="alignProgress">
    /// True before the daemon starts (<see cref="AlignAsyncReadModelsAsync"/>): only the read models whose progress is not
    /// the last event are rebuilt, without waiting for a daemon, and every async read model's progress and the daemon's
    /// projection's are set to the last event in the rebuild's transaction.
    /// </param>
    private async Task<ReadModelsRebuilt> RebuildAsync(
        IReadOnlyList<ReadModel> models, string work, string actor, IProgress<string>? progress, bool alignProgress, CancellationToken ct)
    {
        await using var lease = await ReadModelLocks.EnterAsync(ConnectionString, work, actor, ct);
        var locks = lease.Connection;
        if (alignProgress)
        {
            // Read again with appends held: another node may have aligned them meanwhile.
            var rows = await ProgressRowsAsync(locks, ct);
            var last = await LastSequenceAsync(locks, ct);
            models = [.. models.Where(m => !rows.TryGetValue(m.Shard.Identity, out var position) || position != last)];
            if (models.Count == 0)
            {
                await SetProgressAsync(locks, [ReadModel.AsyncShard.Identity], last, ct);
                return new ReadModelsRebuilt([], lease.AppendsHeld.TotalSeconds);
            }
        }

        // The read models whose documents of one stream each were replaced with appends going on, with how many were.
        var replacedEarly = new Dictionary<ReadModel, long>();
        var passedOver = new HashSet<Guid>();
        // Before the daemon starts (alignment) every document is replaced with appends held, as the daemon's progress is set.
        Func<Scratch, long, Task>? whileAppendsGoOn = alignProgress ? null : async (scratch, mark) =>
        {
            var behind = await AsyncBehindAsync(models, mark, progress, ct);
            var ready = models.Where(m => !behind.ContainsKey(m.Name)).ToList();
            progress?.Report($"Replacing the live documents that differ from the rebuild, {StreamsPerReplace} records at a time, while changes go on…");
            var (changed, passed) = await ReplaceUnchangedStreamsAsync(locks, scratch, ready, progress, ct);
            foreach (var (readModel, count) in changed) replacedEarly[readModel] = count;
            passedOver.UnionWith(passed);
        };
        return await InScratchSchemaAsync(lease, models, progress, whileAppendsGoOn, async (scratch, built, mark, changedSince) =>
        {
            // Before the daemon starts, none waits for it: each read model rebuilt is given the scratch's position.
            var behind = alignProgress ? new Dictionary<string, long>() : await AsyncBehindAsync(models, mark, progress, ct);
            await using var transaction = await locks.BeginTransactionAsync(ct);
            // What became of each read model is told once it is committed (the caller's summary), not here before it is.
            progress?.Report("Replacing the live documents that differ from the rebuild…");
            IReadOnlyCollection<Guid> left = [.. changedSince.Union(passedOver)];
            var rebuilt = new List<ProjectionRebuilt>();
            foreach (var readModel in models)
            {
                var (documents, seconds) = built[readModel];
                var early = replacedEarly.TryGetValue(readModel, out var replaced);
                if (behind.TryGetValue(readModel.Name, out var position))
                {
                    // Those of the records not changed since the pass were replaced already, the daemon having caught up then.
                    var skipped = $"{(early ? "rebuilt but for the records changed during the rebuild" : "not rebuilt")}: {Behind(position, mark)}; "
                        + $"rebuild it alone with POST /api/admin/projections/{readModel.Name}/rebuild";
                    rebuilt.Add(new ProjectionRebuilt(
                        readModel.Projection.Name, readModel.Name, readModel.LifecycleName, documents, early ? replaced : null, seconds, skipped));
                    continue;
                }

                long changed = replaced;
                foreach (var document in readModel.Documents)
                {
                    // Those replaced already: only the documents no stream makes, and those of the streams appended to since.
                    var streams = early && scratch.IsEachOneStreams(readModel, document) ? left : null;
                    changed += await ReplaceDifferingDocumentsAsync(locks, document, scratch.Schema, await ColumnsAsync(locks, document, ct), streams, removeUnmade: true, ct);
                }

                rebuilt.Add(new ProjectionRebuilt(readModel.Projection.Name, readModel.Name, readModel.LifecycleName, documents, changed, seconds));
            }

            if (alignProgress)
            {
                await SetProgressAsync(locks, [ReadModel.AsyncShard.Identity, .. configuration.AsyncReadModels.Select(r => r.Shard.Identity)], mark, ct);
            }

            await transaction.CommitAsync(ct);

            // A table kept from the documents by a trigger is checked against them once the documents are committed, and
            // appends go on meanwhile: each append writes a document and its row together, so it can neither make a
            // row differ nor hide one that does, and the check (every row computed again from its document, 26 s for
            // the search index at 20,000 records) no longer holds the commands.
            await lease.LetAppendsGoOnAsync(ct);
            var held = lease.AppendsHeld.TotalSeconds;
            progress?.Report($"Changes went on again; they waited {held:F1} s of the rebuild in all");
            for (var i = 0; i < rebuilt.Count; i++)
            {
                var readModel = models[i];
                if (rebuilt[i].Skipped is not null) continue;
                foreach (var table in DerivedTablesOf(readModel))
                {
                    progress?.Report($"Checking {table.Name} against the documents of {readModel.Name}…");
                    var differing = await TableShare.DifferingAsync(table, locks, ConnectionString, ct);
                    rebuilt[i] = rebuilt[i] with { Changed = rebuilt[i].Changed + await table.RepairAsync(locks, differing, ct) };
                }
            }
            logger.LogInformation("{Actor} rebuilt the read models ({Held:F1} s of changes held): {Rebuilt}", actor, held, string.Join(", ", rebuilt.Select(r => r.Skipped is null
                ? $"{r.ReadModel} {r.Documents} documents, {r.Changed} changed"
                : $"{r.ReadModel} {r.Skipped}")));
            return new ReadModelsRebuilt(rebuilt, held);
        }, ct);
    }

    /// <summary>The async read models' progress rows and the daemon's projection's for them, by shard name.</summary>
    private async Task<Dictionary<string, long>> ProgressRowsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select name, coalesce(last_seq_id, 0) from {CatalogueSchema.Name}.mt_event_progression where name = any($1)", connection)
        {
            Parameters = { new() { Value = new[] { ReadModel.AsyncShard.Identity }.Concat(configuration.AsyncReadModels.Select(r => r.Shard.Identity)).ToArray() } },
        };
        var rows = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows[reader.GetString(0)] = reader.GetInt64(1);
        return rows;
    }

    private static async Task SetProgressAsync(NpgsqlConnection connection, string[] shards, long position, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {CatalogueSchema.Name}.mt_event_progression (name, last_seq_id, last_updated) select unnest($1), $2, transaction_timestamp()
            on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
            """, connection)
        {
            Parameters = { new() { Value = shards }, new() { Value = position } },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> LastSequenceAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var last = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {CatalogueSchema.Name}.mt_events", connection);
        return (long)(await last.ExecuteScalarAsync(ct))!;
    }

    /// <exception cref="ReadModelMaintenanceBusy">Another rebuild or check is running.</exception>
    public async Task<ProjectionCheck> VerifyAsync(string actor, IProgress<string>? progress, CancellationToken ct)
    {
        await using var lease = await ReadModelLocks.EnterAsync(ConnectionString, "check of the read models", actor, ct);
        var locks = lease.Connection;
        // The documents of one stream each that differed when compared with appends going on, by read model and type:
        // only they, and those of the streams appended to since, are compared again with appends held.
        var differedEarly = new Dictionary<ReadModel, Dictionary<Type, IReadOnlyCollection<string>>>();
        return await InScratchSchemaAsync(lease, ReadModels, progress, async (scratch, mark) =>
        {
            var behind = await AsyncBehindAsync(ReadModels, mark, progress, ct);
            progress?.Report("Comparing the live documents with the rebuilt ones while changes go on…");
            foreach (var readModel in ReadModels.Where(m => !behind.ContainsKey(m.Name)))
            {
                var differing = new Dictionary<Type, IReadOnlyCollection<string>>();
                foreach (var document in readModel.Documents.Where(d => scratch.IsEachOneStreams(readModel, d)))
                {
                    differing[document] = await DifferingIdsAsync(locks, document, scratch.Schema, ct);
                }

                differedEarly[readModel] = differing;
            }
        }, async (scratch, built, mark, changedSince) =>
        {
            var behind = await AsyncBehindAsync(ReadModels, mark, progress, ct);
            var found = new Dictionary<ReadModel, (ReadModelComparison Comparison, List<ReadModelDifference> Differences)>();
            foreach (var readModel in ReadModels)
            {
                if (behind.TryGetValue(readModel.Name, out var position))
                {
                    var live = await CountAsync(locks, readModel, CatalogueSchema.Name, ct);
                    found[readModel] = (new ReadModelComparison(readModel.Name, readModel.LifecycleName, live, built[readModel].Documents, 1),
                        [new ReadModelDifference(readModel.Name, "", $"not compared: {Behind(position, mark)}", null, null)]);
                    progress?.Report($"{readModel.Name}: not compared, {Behind(position, mark)}");
                    continue;
                }

                var early = differedEarly.GetValueOrDefault(readModel);
                found[readModel] = await CompareAsync(
                    locks, readModel, scratch.Schema,
                    document => early?.TryGetValue(document, out var ids) == true ? (ids, changedSince) : null, ct);
            }

            // The tables kept from the documents by triggers are checked against the live documents with appends going
            // on (an append writes a document and its row together, so it can neither make a row differ nor hide one).
            await lease.LetAppendsGoOnAsync(ct);
            var comparisons = new List<ReadModelComparison>();
            var differences = new List<ReadModelDifference>();
            foreach (var readModel in ReadModels)
            {
                var (comparison, listed) = found[readModel];
                if (!behind.ContainsKey(readModel.Name))
                {
                    foreach (var table in DerivedTablesOf(readModel))
                    {
                        progress?.Report($"Checking {table.Name} against the documents of {readModel.Name}…");
                        var differing = await TableShare.DifferingAsync(table, locks, ConnectionString, ct);
                        listed.AddRange(differing.Select(id => new ReadModelDifference(
                            readModel.Name, id, $"its row in {table.Name} differs from what the document gives", null, null)));
                        comparison = comparison with { Differences = comparison.Differences + differing.Count };
                    }

                    progress?.Report($"{readModel.Name}: {comparison.LiveDocuments} live, {comparison.RebuiltDocuments} rebuilt, {comparison.Differences} different");
                }

                comparisons.Add(comparison);
                differences.AddRange(listed.Take(MaxReportedDifferences - differences.Count));
            }

            return new ProjectionCheck(comparisons.All(c => c.Differences == 0), scratch.Schema, comparisons, differences, lease.AppendsHeld.TotalSeconds);
        }, ct);
    }

    private string Behind(long position, long mark) =>
        $"the async daemon had processed the events up to {position} of {mark} after {CatchUpWait.TotalSeconds:0} s (is it paused, or not running?)";

    /// <summary>
    /// Waits, appends held, until the async read models among <paramref name="models"/> have processed every event up to
    /// <paramref name="mark"/>, the last the scratch holds.
    /// </summary>
    /// <returns>Those that did not within <see cref="CatchUpWait"/>, with the last sequence each had processed.</returns>
    private async Task<IReadOnlyDictionary<string, long>> AsyncBehindAsync(IReadOnlyList<ReadModel> models, long mark, IProgress<string>? progress, CancellationToken ct)
    {
        if (!models.Any(m => m.IsAsync)) return new Dictionary<string, long>();
        progress?.Report($"Waiting for the async daemon to process every event up to {mark}…");
        var behind = await projections.WaitForPositionsAsync(mark, CatchUpWait, ct);
        return behind.Where(b => models.Any(m => m.Name == b.Key)).ToDictionary();
    }

    /// <summary>
    /// Every <see cref="ProgressEvery"/>, how far each read model being built has come, as <c>GET /api/projections</c>
    /// tells it under <c>maintenance</c>; until <paramref name="ct"/> is cancelled.
    /// </summary>
    private async Task TellProgressAsync(IProgress<string>? progress, long mark, CancellationToken ct)
    {
        if (progress is null) return;
        try
        {
            while (true)
            {
                await Task.Delay(ProgressEvery, ct);
                var builds = (await projections.MaintenanceAsync(ct))?.ReadModels ?? [];
                var building = builds.Where(b => b.Position < mark).Select(b => $"{b.Name} {b.Position:N0} ({b.Percent:F0} %)").ToList();
                if (building.Count > 0) progress.Report($"  events folded, of {mark:N0}: {string.Join(", ", building)}");
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The builds are done.
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The progress is told as it can be; the rebuild does not fail for want of telling it.
            logger.LogWarning(e, "The rebuild's progress could not be read; it goes on without telling it");
        }
    }

    /// <summary>The tables PostgreSQL keeps from the read model's documents by triggers.</summary>
    private IEnumerable<IDerivedTable> DerivedTablesOf(ReadModel readModel) => derivedTables.Where(t => t.ReadModel == readModel.Document);

    public static string TableOf(Type readModel, string schema) => $"{schema}.mt_doc_{readModel.Name.ToLowerInvariant()}";

    /// <summary>
    /// Builds <paramref name="models"/> from the events into a scratch schema; hands it to <paramref name="whileAppendsGoOn"/>
    /// with appends going on, then to <paramref name="use"/> with appends held, then drops it.
    /// </summary>
    /// <remarks>
    /// With appends held, every stream's version is read: the events up to it are exactly those acknowledged (a version
    /// is written in the transaction that appends its events). Appends go on while the one pass folds each stream up to
    /// that version — the long part, in no transaction kept open, which would hold the async daemon at any gap in the
    /// events it met meanwhile — and while the streams appended to meanwhile are folded again up to the version each has
    /// then, and <paramref name="whileAppendsGoOn"/> does what it can with the documents of the streams that have not
    /// changed since. Then, appends held again, every stream appended to since (its version now is not the one the scratch
    /// holds) is folded again, and <paramref name="use"/> compares or replaces the live documents: no append can fall
    /// between the events the scratch holds and the live documents it is set against.
    /// </remarks>
    private async Task<T> InScratchSchemaAsync<T>(
        MaintenanceLease lease, IReadOnlyList<ReadModel> models, IProgress<string>? progress, Func<Scratch, long, Task>? whileAppendsGoOn,
        Func<Scratch, IReadOnlyDictionary<ReadModel, (long Documents, double Seconds)>, long, IReadOnlyCollection<Guid>, Task<T>> use,
        CancellationToken ct)
    {
        var locks = lease.Connection;
        var schema = $"catalogue_verify_{Guid.NewGuid():N}"[..30];
        progress?.Report($"Building the read models from the events in the scratch schema {schema}");
        try
        {
            // The scratch schema is made with appends going on: nothing in it is read before they are held again.
            await lease.LetAppendsGoOnAsync(ct);
            using var scratchStore = DocumentStore.For(opts => configuration.Configure(opts, schema));
            await scratchStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            // Every read model is built in one pass over the events: by its projection's fold of each stream, by
            // applying each stream's events (full texts, placements, snapshots), or from whole streams (counts, names).
            var scratch = new Scratch(schema, [.. models.Select(r => (ReadModel: r, Fold: StreamFolds.PassFoldOf(r)))], []);

            await lease.HoldAppendsAsync(ct);
            var markAtStart = await LastSequenceAsync(locks, ct);
            var versions = await StreamVersionsAsync(locks, ct);
            await lease.LetAppendsGoOnAsync(ct);

            double passSeconds;
            using var building = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var told = TellProgressAsync(progress, markAtStart, building.Token);
            try
            {
                passSeconds = await BuildInOnePassAsync(scratchStore, scratch.Folds, versions, markAtStart, progress, ct);
            }
            finally
            {
                // Also when a build failed: the progress is not told on after the rebuild has given up.
                await building.CancelAsync();
                await told;
            }

            foreach (var (stream, version) in versions) scratch.Folded[stream] = version;
            if (whileAppendsGoOn is not null)
            {
                // The streams appended to during the pass, folded again with appends going on, so that few are left for
                // when they are held.
                var changedDuringPass = await ChangedSinceAsync(locks, scratch.Folded, ct);
                // Read after the versions: every event of the versions folded is at or before it.
                var markAfterPass = await LastSequenceAsync(locks, ct);
                await CatchUpAsync(scratchStore, scratch, changedDuringPass, locks, progress, ct);
                await whileAppendsGoOn(scratch, markAfterPass);
            }

            await lease.HoldAppendsAsync(ct);
            var changed = await ChangedSinceAsync(locks, scratch.Folded, ct);
            await CatchUpAsync(scratchStore, scratch, changed, locks, progress, ct);

            // Appends are held: every event the scratch is built from is committed, and none comes after this one.
            var mark = await LastSequenceAsync(locks, ct);
            var built = new Dictionary<ReadModel, (long, double)>();
            foreach (var readModel in models) built[readModel] = (await CountAsync(locks, readModel, schema, ct), passSeconds);

            return await use(scratch, built, mark, [.. changed.Select(c => c.Stream)]);
        }
        finally
        {
            // The scratch projections' progress, kept beside the live ones' under names of their own.
            await using var drop = new NpgsqlCommand(
                $"drop schema if exists {schema} cascade; delete from {CatalogueSchema.Name}.mt_event_progression where name like '{ReadModel.ScratchPrefix}%'", locks);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>A scratch schema's read models, how each is built in the one pass, and the version up to which each stream is folded into them.</summary>
    private sealed record Scratch(string Schema, IReadOnlyList<(ReadModel ReadModel, StreamFolds.IPassFold Fold)> Folds, Dictionary<Guid, long> Folded)
    {
        /// <summary>True when the read model's documents of this type are each one stream's, false when they are made of every stream at once.</summary>
        public bool IsEachOneStreams(ReadModel readModel, Type document) =>
            !Folds.First(f => f.ReadModel == readModel).Fold.MadeOfEveryStream.Contains(document);
    }

    private static async Task CatchUpAsync(
        IDocumentStore scratchStore, Scratch scratch, IReadOnlyList<(Guid Stream, long Folded, long Now)> changed, NpgsqlConnection locks,
        IProgress<string>? progress, CancellationToken ct)
    {
        if (changed.Count == 0) return;
        progress?.Report($"Folding again the {changed.Count} streams appended to meanwhile…");
        await StreamFolds.CatchUpAsync(scratchStore, scratch.Schema, scratch.Folds, changed, locks, ct);
        foreach (var (stream, _, now) in changed) scratch.Folded[stream] = now;
    }

    /// <summary>Every stream and its version, in the order of their ids.</summary>
    private static async Task<List<(Guid Stream, long Version)>> StreamVersionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select id, version from {CatalogueSchema.Name}.mt_streams order by id", connection) { CommandTimeout = 0 };
        var versions = new List<(Guid, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) versions.Add((reader.GetGuid(0), reader.GetInt64(1)));
        return versions;
    }

    /// <summary>
    /// The streams whose version is not the one in <paramref name="folded"/>, each with the version it was folded at (0:
    /// begun since) and the one it has now.
    /// </summary>
    private static async Task<List<(Guid Stream, long Folded, long Now)>> ChangedSinceAsync(
        NpgsqlConnection connection, IReadOnlyDictionary<Guid, long> folded, CancellationToken ct)
    {
        var changed = new List<(Guid, long, long)>();
        foreach (var (stream, version) in await StreamVersionsAsync(connection, ct))
        {
            var was = folded.GetValueOrDefault(stream);
            if (was != version) changed.Add((stream, was, version));
        }

        return changed;
    }

    /// <returns>How long the pass took, in seconds: each read model's build time, since one pass builds them all.</returns>
    private async Task<double> BuildInOnePassAsync(
        IDocumentStore scratchStore, IReadOnlyList<(ReadModel ReadModel, StreamFolds.IPassFold Fold)> folded,
        IReadOnlyList<(Guid Stream, long Version)> streams, long mark, IProgress<string>? progress, CancellationToken ct)
    {
        var names = string.Join(", ", folded.Select(f => f.ReadModel.Name));
        progress?.Report($"Building {names} from the events up to {mark}, in one pass, while changes go on…");
        var clock = Stopwatch.StartNew();
        await StreamFolds.BuildAsync(scratchStore, folded, streams, mark, ConnectionString, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var (readModel, _) in folded) progress?.Report($"Built {readModel.Name} in {seconds:F1} s, in the one pass");
        return seconds;
    }

    /// <summary>How many records' documents are replaced at a time, with appends going on, in one transaction.</summary>
    public const int StreamsPerReplace = 1000;

    /// <summary>
    /// Replaces, with appends going on, the live documents of one stream each that differ from the rebuilt ones, for
    /// every stream whose version is still the one the scratch folded, <see cref="StreamsPerReplace"/> streams at a time.
    /// The streams' rows are taken <c>FOR UPDATE</c> in the batch's transaction: an append to one of them (which updates
    /// that row) waits until the batch is committed, and will be folded again when appends are held; a stream whose row
    /// an append in flight has taken is passed over, and its documents replaced with appends held. Without the lock an
    /// append committed between the version's check and the write would be overwritten by the older rebuilt document.
    /// The async read models' documents are replaced once the daemon has processed every event the scratch holds, so it
    /// writes no document of these streams afterwards but for an event appended since.
    /// </summary>
    /// <returns>How many documents each read model had replaced or added, and the streams passed over.</returns>
    private async Task<(Dictionary<ReadModel, long> Changed, HashSet<Guid> PassedOver)> ReplaceUnchangedStreamsAsync(
        NpgsqlConnection connection, Scratch scratch, IReadOnlyList<ReadModel> models, IProgress<string>? progress, CancellationToken ct)
    {
        var changed = models.ToDictionary(m => m, _ => 0L);
        var passedOver = new HashSet<Guid>();
        var documents = new List<(ReadModel ReadModel, Type Document, IReadOnlyList<string> Columns)>();
        foreach (var readModel in models)
        {
            foreach (var document in readModel.Documents.Where(d => scratch.IsEachOneStreams(readModel, d)))
            {
                documents.Add((readModel, document, await ColumnsAsync(connection, document, ct)));
                if (StreamFolds.IsKeyedByStream(document)) continue;
                // Keyed by a key that begins with the stream's id: found by it in each batch.
                await using var index = new NpgsqlCommand($"create index on {TableOf(document, scratch.Schema)} (left(id, 32))", connection) { CommandTimeout = 0 };
                await index.ExecuteNonQueryAsync(ct);
            }
        }

        if (documents.Count == 0) return (changed, passedOver);
        var streams = scratch.Folded.ToList();
        var told = Stopwatch.StartNew();
        var done = 0;
        foreach (var batch in streams.Chunk(StreamsPerReplace))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var unchanged = await TakeUnchangedAsync(connection, batch, ct);
            passedOver.UnionWith(batch.Select(b => b.Key).Where(s => !unchanged.Contains(s)));
            if (unchanged.Count > 0)
            {
                foreach (var (readModel, document, columns) in documents)
                {
                    changed[readModel] += await ReplaceDifferingDocumentsAsync(connection, document, scratch.Schema, columns, unchanged, removeUnmade: false, ct);
                }
            }

            await transaction.CommitAsync(ct);
            done += batch.Length;
            if (told.Elapsed >= ProgressEvery)
            {
                progress?.Report($"  documents of {done:N0} of {streams.Count:N0} records replaced where they differed");
                told.Restart();
            }
        }

        return (changed, passedOver);
    }

    /// <summary>
    /// Takes, in the transaction going on, the rows of the streams of <paramref name="batch"/> whose version is still the
    /// one given, but not those an append in flight holds.
    /// </summary>
    private static async Task<List<Guid>> TakeUnchangedAsync(NpgsqlConnection connection, KeyValuePair<Guid, long>[] batch, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select s.id from {CatalogueSchema.Name}.mt_streams s join unnest($1::uuid[], $2::bigint[]) as f(id, version) on s.id = f.id and s.version = f.version
            for update of s skip locked
            """, connection)
        {
            Parameters = { new() { Value = batch.Select(b => b.Key).ToArray() }, new() { Value = batch.Select(b => b.Value).ToArray() } },
        };
        var taken = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) taken.Add(reader.GetGuid(0));
        return taken;
    }

    /// <param name="streams">Only the documents of these streams are added or replaced (documents of one stream each); every document when null.</param>
    /// <param name="removeUnmade">Whether live documents the rebuild did not make are removed, whichever stream they are of.</param>
    /// <returns>How many live documents were removed, added or replaced.</returns>
    private static async Task<long> ReplaceDifferingDocumentsAsync(
        NpgsqlConnection connection, Type readModel, string scratch, IReadOnlyList<string> columns, IReadOnlyCollection<Guid>? streams, bool removeUnmade,
        CancellationToken ct)
    {
        var live = TableOf(readModel, CatalogueSchema.Name);
        var rebuilt = TableOf(readModel, scratch);
        var list = string.Join(", ", columns);
        var updates = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{c} = excluded.{c}"));
        var (ofStreams, keys) = streams is null ? ("true", null) : StreamFolds.OfStreams(readModel, streams, "r.id", 1);
        long changed = 0;
        if (removeUnmade)
        {
            await using var remove = new NpgsqlCommand($"delete from {live} l where not exists (select 1 from {rebuilt} r where r.id = l.id)", connection) { CommandTimeout = 0 };
            changed += await remove.ExecuteNonQueryAsync(ct);
        }

        // Documents equal by value are left as they are, so a rebuild of healthy read models writes nothing.
        await using var command = new NpgsqlCommand(
            $"""
            insert into {live} as l ({list}) select {list} from {rebuilt} r where {ofStreams}
            on conflict (id) do update set {updates} where l.data is distinct from excluded.data
            """, connection)
        { CommandTimeout = 0 };
        if (keys is not null) command.Parameters.Add(new() { Value = keys });
        return changed + await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<string>> ColumnsAsync(NpgsqlConnection connection, Type readModel, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select quote_ident(column_name) from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position", connection)
        {
            Parameters = { new() { Value = CatalogueSchema.Name }, new() { Value = $"mt_doc_{readModel.Name.ToLowerInvariant()}" } },
        };
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        return columns;
    }

    /// <summary>The documents of every type the read model keeps, in <paramref name="schema"/>.</summary>
    private static async Task<long> CountAsync(NpgsqlConnection connection, ReadModel readModel, string schema, CancellationToken ct)
    {
        long documents = 0;
        foreach (var document in readModel.Documents) documents += await CountAsync(connection, TableOf(document, schema), ct);
        return documents;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <param name="only">
    /// For a document type, the documents to compare: those of these ids and those of these streams (documents of one
    /// stream each); every document when null.
    /// </param>
    private static async Task<(ReadModelComparison Comparison, List<ReadModelDifference> Differences)> CompareAsync(
        NpgsqlConnection connection, ReadModel readModel, string scratch,
        Func<Type, (IReadOnlyCollection<string> Ids, IReadOnlyCollection<Guid> Streams)?> only, CancellationToken ct)
    {
        var differences = new List<ReadModelDifference>();
        foreach (var document in readModel.Documents) differences.AddRange(await CompareAsync(connection, readModel, document, scratch, only(document), ct));
        return (new ReadModelComparison(
            readModel.Name, readModel.LifecycleName, await CountAsync(connection, readModel, CatalogueSchema.Name, ct), await CountAsync(connection, readModel, scratch, ct),
            differences.Count), differences);
    }

    /// <summary>The documents of one type that differ; those of a type the read model keeps beside its own are named by their type.</summary>
    private static async Task<List<ReadModelDifference>> CompareAsync(
        NpgsqlConnection connection, ReadModel readModel, Type document, string scratch, (IReadOnlyCollection<string> Ids, IReadOnlyCollection<Guid> Streams)? only,
        CancellationToken ct)
    {
        var live = TableOf(document, CatalogueSchema.Name);
        var rebuilt = TableOf(document, scratch);
        var name = document == readModel.Document ? readModel.Name : $"{readModel.Name}/{document.Name}";
        await using var command = new NpgsqlCommand { Connection = connection, CommandTimeout = 0 };
        if (only is var (ids, streams))
        {
            var (ofStreams, keys) = StreamFolds.OfStreams(document, streams, "x.id", 2);
            var typed = StreamFolds.IsKeyedByStream(document) ? "::uuid[]" : "";
            live = $"(select id, data from {live} x where x.id = any($1{typed}) or {ofStreams})";
            rebuilt = $"(select id, data from {rebuilt} x where x.id = any($1{typed}) or {ofStreams})";
            command.Parameters.Add(new() { Value = ids.ToArray() });
            command.Parameters.Add(new() { Value = keys });
        }

        // jsonb compares by value, so key order and whitespace do not count as differences.
        command.CommandText = $"""
            select coalesce(l.id, r.id)::text, l.data::text, r.data::text
            from {live} l full outer join {rebuilt} r on l.id = r.id
            where l.data is distinct from r.data
            order by 1
            """;
        var differences = new List<ReadModelDifference>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var liveData = reader.IsDBNull(1) ? null : reader.GetString(1);
                var rebuiltData = reader.IsDBNull(2) ? null : reader.GetString(2);
                var kind = liveData is null ? "missing from the live read model" : rebuiltData is null ? "not produced by the events" : "differs from the rebuild";
                differences.Add(new ReadModelDifference(name, reader.GetString(0), kind, liveData, rebuiltData));
            }
        }

        return differences;
    }

    /// <summary>The ids of the documents of one type that differ from the rebuilt ones (or that only one side has).</summary>
    private static async Task<IReadOnlyCollection<string>> DifferingIdsAsync(NpgsqlConnection connection, Type document, string scratch, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce(l.id, r.id)::text
            from {TableOf(document, CatalogueSchema.Name)} l full outer join {TableOf(document, scratch)} r on l.id = r.id
            where l.data is distinct from r.data
            """, connection)
        { CommandTimeout = 0 };
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }
}

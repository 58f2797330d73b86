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
/// since the pass, <see cref="LiveDocuments.StreamsPerReplace"/> records at a time with appends going on, the rest in one transaction
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
    /// Before the daemon starts, from one read of the progress rows: a read model the daemon kept before and that is
    /// inline now is brought up to date (<see cref="AdoptFormerlyAsyncReadModelsAsync(CancellationToken)"/>), then every
    /// async read model to the position of the daemon's one projection for them.
    /// </summary>
    public async Task<(IReadOnlyList<ProjectionRebuilt> Adopted, IReadOnlyList<ProjectionRebuilt> Aligned)> AlignAtStartAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        var rows = await ProgressRowsAsync(connection, [ReadModel.AsyncShard.Identity, .. ReadModels.Select(r => r.Shard.Identity)], ct);
        var adopted = await AdoptFormerlyAsyncReadModelsAsync(connection, rows, ct);
        return (adopted, await AlignAsyncReadModelsAsync(connection, rows, ct));
    }

    /// <summary>
    /// Brings every async read model to the position of the daemon's one projection for them before the daemon starts
    /// (<see cref="ReadModel.AsyncComposite"/>): each keeps its own progress row, and the projection reads from its own.
    /// A catalogue whose async read models were each a projection of their own (before they were run together) or that
    /// gains a read model has rows that disagree; read from where the projection stands, a read model ahead of it would
    /// fold some events twice and one behind or new would never see some. Those that disagree are rebuilt from the
    /// events, appends held, and every row is set to the last event, in one transaction.
    /// </summary>
    /// <param name="rows">The progress rows as read before the daemon started, by shard name.</param>
    /// <returns>What was rebuilt; empty when the rows agreed (a row for the projection is written when only it was missing).</returns>
    private async Task<IReadOnlyList<ProjectionRebuilt>> AlignAsyncReadModelsAsync(NpgsqlConnection connection, IReadOnlyDictionary<string, long> rows, CancellationToken ct)
    {
        var asyncModels = configuration.AsyncReadModels;
        if (asyncModels.Count == 0) return [];
        // No async read model has started: the daemon folds every event into all of them.
        if (!asyncModels.Any(r => rows.ContainsKey(r.Shard.Identity)) && !rows.ContainsKey(ReadModel.AsyncShard.Identity)) return [];
        var positions = asyncModels.Select(r => rows.TryGetValue(r.Shard.Identity, out var p) ? p : (long?)null).Distinct().ToList();
        var composite = rows.TryGetValue(ReadModel.AsyncShard.Identity, out var c) ? c : (long?)null;
        if (positions is [{ } agreed] && (composite ?? agreed) == agreed)
        {
            if (composite is null) await SetProgressAsync(connection, [ReadModel.AsyncShard.Identity], agreed, ct);
            return [];
        }

        logger.LogWarning("The async read models' progress rows disagree with each other or with the daemon's projection for them: those behind or ahead are rebuilt before the daemon starts");
        return (await RebuildAsync(asyncModels, "alignment of the async read models", "catalogue", progress: null, alignProgress: true, ct)).Rebuilt;
    }

    /// <summary>
    /// Brings up to date an inline read model that the async daemon kept before (a version made it inline, as it made the
    /// people's authorities), before the daemon starts: the daemon's row for it says how far it had folded the events,
    /// and inline it is written only with the appends made since. One the row shows behind the last event is rebuilt
    /// from the events; the row is then forgotten, as the daemon no longer keeps it. Another node's rebuild or check
    /// running leaves it to the next start.
    /// </summary>
    /// <returns>What was rebuilt; empty when no read model was kept by the daemon before, or none was behind.</returns>
    public async Task<IReadOnlyList<ProjectionRebuilt>> AdoptFormerlyAsyncReadModelsAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        return await AdoptFormerlyAsyncReadModelsAsync(connection, await ProgressRowsAsync(connection, [.. ReadModels.Select(r => r.Shard.Identity)], ct), ct);
    }

    private async Task<IReadOnlyList<ProjectionRebuilt>> AdoptFormerlyAsyncReadModelsAsync(NpgsqlConnection connection, IReadOnlyDictionary<string, long> allRows, CancellationToken ct)
    {
        var inline = ReadModels.Where(r => !r.IsAsync && allRows.ContainsKey(r.Shard.Identity)).ToList();
        if (inline.Count == 0) return [];
        var rows = inline.ToDictionary(r => r.Shard.Identity, r => allRows[r.Shard.Identity]);
        var last = await LastSequenceAsync(connection, ct);
        var behind = inline.Where(r => rows[r.Shard.Identity] != last).ToList();
        IReadOnlyList<ProjectionRebuilt> rebuilt = [];
        if (behind.Count > 0)
        {
            logger.LogWarning("Read models kept by the async daemon before and inline now are behind the events: {ReadModels} rebuilt before the service serves",
                string.Join(", ", behind.Select(r => r.Name)));
            try
            {
                rebuilt = (await RebuildAsync(behind, "rebuild of the read models inline now", "catalogue", progress: null, alignProgress: false, ct)).Rebuilt;
            }
            catch (ReadModelMaintenanceBusy busy)
            {
                logger.LogWarning("Not rebuilt now ({Reason}); the next start tries again", busy.Message);
                return [];
            }
        }

        await using var forget = new NpgsqlCommand($"delete from {CatalogueSchema.Name}.mt_event_progression where name = any($1)", connection)
        {
            Parameters = { new() { Value = rows.Keys.ToArray() } },
        };
        await forget.ExecuteNonQueryAsync(ct);
        return rebuilt;
    }

    /// <param name="alignProgress">
    /// True before the daemon starts (<see cref="AlignAtStartAsync"/>): only the read models whose progress is not
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
        Func<ScratchReadModels, long, Task>? whileAppendsGoOn = alignProgress ? null : async (scratch, mark) =>
        {
            var behind = await AsyncBehindAsync(models, mark, progress, ct);
            var ready = models.Where(m => !behind.ContainsKey(m.Name)).ToList();
            progress?.Report($"Replacing the live documents that differ from the rebuild, {LiveDocuments.StreamsPerReplace} records at a time, while changes go on…");
            var (changed, passed) = await LiveDocuments.ReplaceUnchangedStreamsAsync(locks, scratch, ready, progress, ct);
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
                    changed += await LiveDocuments.ReplaceDifferingDocumentsAsync(locks, document, scratch.Schema, await LiveDocuments.ColumnsAsync(locks, document, ct), streams, removeUnmade: true, ct);
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
    private Task<Dictionary<string, long>> ProgressRowsAsync(NpgsqlConnection connection, CancellationToken ct) =>
        ProgressRowsAsync(connection, [ReadModel.AsyncShard.Identity, .. configuration.AsyncReadModels.Select(r => r.Shard.Identity)], ct);

    /// <summary>The progress rows of the shards named, by shard name.</summary>
    private static async Task<Dictionary<string, long>> ProgressRowsAsync(NpgsqlConnection connection, string[] shards, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select name, coalesce(last_seq_id, 0) from {CatalogueSchema.Name}.mt_event_progression where name = any($1)", connection)
        {
            Parameters = { new() { Value = shards } },
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
                    differing[document] = await LiveDocuments.DifferingIdsAsync(locks, document, scratch.Schema, ct);
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
                    var live = await LiveDocuments.CountAsync(locks, readModel, CatalogueSchema.Name, ct);
                    found[readModel] = (new ReadModelComparison(readModel.Name, readModel.LifecycleName, live, built[readModel].Documents, 1),
                        [new ReadModelDifference(readModel.Name, "", $"not compared: {Behind(position, mark)}", null, null)]);
                    progress?.Report($"{readModel.Name}: not compared, {Behind(position, mark)}");
                    continue;
                }

                var early = differedEarly.GetValueOrDefault(readModel);
                found[readModel] = await LiveDocuments.CompareAsync(
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
    /// <summary>The names of the schemas a rebuild or check builds the read models in, beside the live ones.</summary>
    public const string ScratchSchemaPrefix = "catalogue_verify_";

    private async Task<T> InScratchSchemaAsync<T>(
        MaintenanceLease lease, IReadOnlyList<ReadModel> models, IProgress<string>? progress, Func<ScratchReadModels, long, Task>? whileAppendsGoOn,
        Func<ScratchReadModels, IReadOnlyDictionary<ReadModel, (long Documents, double Seconds)>, long, IReadOnlyCollection<Guid>, Task<T>> use,
        CancellationToken ct)
    {
        var locks = lease.Connection;
        // A scratch schema a maintenance left when its process was killed before its end (found from outside: a verb
        // ended by SIGTERM through `dotnet run`) is dropped by the next: none is in use while this lease is held.
        await using (var leftovers = new NpgsqlCommand(
            $"DO $$ DECLARE s text; BEGIN FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE '{ScratchSchemaPrefix.Replace("_", "\\_", StringComparison.Ordinal)}%' " +
            "LOOP EXECUTE format('DROP SCHEMA %I CASCADE', s); END LOOP; END $$", locks))
        {
            await leftovers.ExecuteNonQueryAsync(ct);
        }

        var schema = $"{ScratchSchemaPrefix}{Guid.NewGuid():N}"[..30];
        progress?.Report($"Building the read models from the events in the scratch schema {schema}");
        try
        {
            // The scratch schema is made with appends going on: nothing in it is read before they are held again.
            await lease.LetAppendsGoOnAsync(ct);
            using var scratchStore = DocumentStore.For(opts => configuration.Configure(opts, schema));
            await scratchStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            // Every read model is built in one pass over the events: by its projection's fold of each stream, by
            // applying each stream's events (full texts, placements, snapshots), or from whole streams (counts, names).
            var scratch = new ScratchReadModels(schema, [.. models.Select(r => (ReadModel: r, Fold: StreamFolds.PassFoldOf(r)))], []);

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
            foreach (var readModel in models) built[readModel] = (await LiveDocuments.CountAsync(locks, readModel, schema, ct), passSeconds);

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

    private static async Task CatchUpAsync(
        IDocumentStore scratchStore, ScratchReadModels scratch, IReadOnlyList<(Guid Stream, long Folded, long Now)> changed, NpgsqlConnection locks,
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
}

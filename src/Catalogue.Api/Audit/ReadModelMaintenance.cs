using System.Diagnostics;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Marten;
using Npgsql;

namespace Catalogue.Api.Audit;

/// <param name="Documents">Documents the events give.</param>
/// <param name="Changed">Live documents that had to be added, replaced or removed to equal them.</param>
public sealed record ProjectionRebuilt(string Projection, string ReadModel, long Documents, long Changed, double Seconds);

public sealed record ReadModelDifference(string ReadModel, string DocumentId, string Difference, string? Live, string? Rebuilt);

public sealed record ReadModelComparison(string ReadModel, long LiveDocuments, long RebuiltDocuments, int Differences);

public sealed record ProjectionCheck(bool Identical, string ScratchSchema, IReadOnlyList<ReadModelComparison> ReadModels, IReadOnlyList<ReadModelDifference> Differences);

/// <summary>
/// Rebuilds the read models from the events, and checks them. Both build the read models afresh in a scratch schema (a
/// second store over the same events) while appends wait (<see cref="ReadModelLocks"/>), so the scratch holds exactly
/// the acknowledged events. A check compares it with the live read models document by document; a rebuild then
/// brings the live ones to equal it in one transaction, touching only the documents that differ. Readers are never
/// shown an emptied or half-built read model, and no append can fall between the rebuild's reading of the events and
/// its writing of the documents. Projections are pure folds of the events, so any difference means a read model was
/// altered, or a projection is not deterministic.
/// </summary>
public sealed class ReadModelMaintenance(CatalogueStoreConfiguration configuration, ILogger<ReadModelMaintenance> logger)
{
    public const int MaxReportedDifferences = 100;

    private IReadOnlyList<(Type Projection, Type ReadModel)> ReadModels => configuration.ReadModels;

    /// <exception cref="ReadModelMaintenanceBusy">Another rebuild or check is running.</exception>
    public async Task<IReadOnlyList<ProjectionRebuilt>> RebuildAsync(string actor, IProgress<string>? progress, CancellationToken ct)
    {
        await using var lease = await ReadModelLocks.EnterAsync(configuration.ConnectionString, "rebuild of the read models", actor, ct);
        var locks = lease.Connection;
        return await InScratchSchemaAsync(locks, progress, async (scratch, built) =>
        {
            await using var transaction = await locks.BeginTransactionAsync(ct);
            var rebuilt = new List<ProjectionRebuilt>();
            foreach (var (projection, readModel) in ReadModels)
            {
                var changed = await ReplaceDifferingDocumentsAsync(locks, readModel, scratch, ct);
                var (documents, seconds) = built[readModel];
                rebuilt.Add(new ProjectionRebuilt(projection.Name, readModel.Name, documents, changed, seconds));
                progress?.Report($"Rebuilt {readModel.Name}: {documents} documents, {changed} of the live ones changed");
            }

            await transaction.CommitAsync(ct);
            logger.LogInformation("{Actor} rebuilt the read models: {Rebuilt}", actor, string.Join(", ", rebuilt.Select(r => $"{r.ReadModel} {r.Documents} documents, {r.Changed} changed")));
            return (IReadOnlyList<ProjectionRebuilt>)rebuilt;
        }, ct);
    }

    /// <exception cref="ReadModelMaintenanceBusy">Another rebuild or check is running.</exception>
    public async Task<ProjectionCheck> VerifyAsync(string actor, IProgress<string>? progress, CancellationToken ct)
    {
        await using var lease = await ReadModelLocks.EnterAsync(configuration.ConnectionString, "check of the read models", actor, ct);
        var locks = lease.Connection;
        return await InScratchSchemaAsync(locks, progress, async (scratch, _) =>
        {
            var comparisons = new List<ReadModelComparison>();
            var differences = new List<ReadModelDifference>();
            foreach (var (_, readModel) in ReadModels)
            {
                var found = await CompareAsync(locks, readModel, scratch, ct);
                comparisons.Add(found.Comparison);
                differences.AddRange(found.Differences.Take(MaxReportedDifferences - differences.Count));
                progress?.Report($"{readModel.Name}: {found.Comparison.LiveDocuments} live, {found.Comparison.RebuiltDocuments} rebuilt, {found.Comparison.Differences} different");
            }

            return new ProjectionCheck(comparisons.All(c => c.Differences == 0), scratch, comparisons, differences);
        }, ct);
    }

    public static string TableOf(Type readModel, string schema) => $"{schema}.mt_doc_{readModel.Name.ToLowerInvariant()}";

    /// <summary>Builds every read model from the events into a scratch schema, hands it to <paramref name="use"/>, then drops it.</summary>
    private async Task<T> InScratchSchemaAsync<T>(
        NpgsqlConnection locks, IProgress<string>? progress, Func<string, IReadOnlyDictionary<Type, (long Documents, double Seconds)>, Task<T>> use, CancellationToken ct)
    {
        var scratch = $"catalogue_verify_{Guid.NewGuid():N}"[..30];
        progress?.Report($"Building the read models from the events in the scratch schema {scratch}");
        try
        {
            var built = new Dictionary<Type, (long, double)>();
            using (var scratchStore = DocumentStore.For(opts => configuration.Configure(opts, scratch)))
            {
                await scratchStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                using var daemon = await scratchStore.BuildProjectionDaemonAsync(logger: logger);
                foreach (var (projection, readModel) in ReadModels)
                {
                    progress?.Report($"Building {readModel.Name} from the events…");
                    var clock = Stopwatch.StartNew();
                    await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
                    built[readModel] = (await CountAsync(locks, TableOf(readModel, scratch), ct), clock.Elapsed.TotalSeconds);
                }
            }

            return await use(scratch, built);
        }
        finally
        {
            await using var drop = new NpgsqlCommand($"drop schema if exists {scratch} cascade", locks);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <returns>How many live documents were removed, added or replaced.</returns>
    private static async Task<long> ReplaceDifferingDocumentsAsync(NpgsqlConnection connection, Type readModel, string scratch, CancellationToken ct)
    {
        var live = TableOf(readModel, CatalogueSchema.Name);
        var rebuilt = TableOf(readModel, scratch);
        var columns = await ColumnsAsync(connection, readModel, ct);
        var list = string.Join(", ", columns);
        var updates = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{c} = excluded.{c}"));
        // Documents equal by value are left as they are, so a rebuild of healthy read models writes nothing.
        await using var command = new NpgsqlCommand(
            $"""
            delete from {live} l where not exists (select 1 from {rebuilt} r where r.id = l.id);
            insert into {live} as l ({list}) select {list} from {rebuilt}
            on conflict (id) do update set {updates} where l.data is distinct from excluded.data;
            """, connection)
        { CommandTimeout = 0 };
        return await command.ExecuteNonQueryAsync(ct);
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

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private static async Task<(ReadModelComparison Comparison, List<ReadModelDifference> Differences)> CompareAsync(
        NpgsqlConnection connection, Type readModel, string scratch, CancellationToken ct)
    {
        var live = TableOf(readModel, CatalogueSchema.Name);
        var rebuilt = TableOf(readModel, scratch);
        // jsonb compares by value, so key order and whitespace do not count as differences.
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce(l.id, r.id)::text, l.data::text, r.data::text
            from {live} l full outer join {rebuilt} r on l.id = r.id
            where l.data is distinct from r.data
            order by 1
            """, connection)
        { CommandTimeout = 0 };
        var differences = new List<ReadModelDifference>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var liveData = reader.IsDBNull(1) ? null : reader.GetString(1);
                var rebuiltData = reader.IsDBNull(2) ? null : reader.GetString(2);
                var kind = liveData is null ? "missing from the live read model" : rebuiltData is null ? "not produced by the events" : "differs from the rebuild";
                differences.Add(new ReadModelDifference(readModel.Name, reader.GetString(0), kind, liveData, rebuiltData));
            }
        }

        return (new ReadModelComparison(readModel.Name, await CountAsync(connection, live, ct), await CountAsync(connection, rebuilt, ct), differences.Count), differences);
    }
}

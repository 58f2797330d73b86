using System.Diagnostics;
using Catalogue.Api.Hosting;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Marten;
using Npgsql;

namespace Catalogue.Api.Audit;

public sealed record ProjectionRebuilt(string Projection, string ReadModel, long Documents, double Seconds);

public sealed record ReadModelDifference(string ReadModel, string DocumentId, string Difference, string? Live, string? Rebuilt);

public sealed record ReadModelComparison(string ReadModel, long LiveDocuments, long RebuiltDocuments, int Differences);

public sealed record ProjectionCheck(bool Identical, string ScratchSchema, IReadOnlyList<ReadModelComparison> ReadModels, IReadOnlyList<ReadModelDifference> Differences);

/// <summary>
/// Rebuilds the read models from the events, and checks them: a rebuild into a scratch schema (a second store
/// over the same events) compared with the live read models document by document. Projections are pure folds
/// of the events, so any difference means a read model was altered, or a projection is not deterministic.
/// </summary>
public sealed class ReadModelMaintenance(IDocumentStore store, CatalogueStoreConfiguration configuration, NpgsqlDataSource dataSource, ILogger<ReadModelMaintenance> logger)
{
    public const int MaxReportedDifferences = 100;

    public static readonly IReadOnlyList<(Type Projection, Type ReadModel)> ReadModels =
    [
        (typeof(CatalogueRecordProjection), typeof(CatalogueRecord)),
        (typeof(ProvenancePlacementProjection), typeof(ProvenancePlacement)),
    ];

    public async Task<IReadOnlyList<ProjectionRebuilt>> RebuildAsync(IProgress<string>? progress, CancellationToken ct) =>
        await RebuildIntoAsync(store, CatalogueSchema.Name, progress, ct);

    public async Task<ProjectionCheck> VerifyAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var scratch = $"catalogue_verify_{Guid.NewGuid():N}"[..30];
        progress?.Report($"Rebuilding the read models into the scratch schema {scratch}");
        try
        {
            using (var scratchStore = DocumentStore.For(opts => configuration.Configure(opts, scratch)))
            {
                await scratchStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                await RebuildIntoAsync(scratchStore, scratch, progress, ct);
            }

            var comparisons = new List<ReadModelComparison>();
            var differences = new List<ReadModelDifference>();
            foreach (var (_, readModel) in ReadModels)
            {
                var found = await CompareAsync(readModel, scratch, ct);
                comparisons.Add(found.Comparison);
                differences.AddRange(found.Differences.Take(MaxReportedDifferences - differences.Count));
                progress?.Report($"{readModel.Name}: {found.Comparison.LiveDocuments} live, {found.Comparison.RebuiltDocuments} rebuilt, {found.Comparison.Differences} different");
            }

            return new ProjectionCheck(comparisons.All(c => c.Differences == 0), scratch, comparisons, differences);
        }
        finally
        {
            await using var drop = dataSource.CreateCommand($"drop schema if exists {scratch} cascade");
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public static string TableOf(Type readModel, string schema) => $"{schema}.mt_doc_{readModel.Name.ToLowerInvariant()}";

    private async Task<IReadOnlyList<ProjectionRebuilt>> RebuildIntoAsync(IDocumentStore target, string schema, IProgress<string>? progress, CancellationToken ct)
    {
        using var daemon = await target.BuildProjectionDaemonAsync(logger: logger);
        var rebuilt = new List<ProjectionRebuilt>();
        foreach (var (projection, readModel) in ReadModels)
        {
            progress?.Report($"Rebuilding {readModel.Name} from the events…");
            var clock = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(projection, TimeSpan.FromMinutes(30), ct);
            var documents = await CountAsync(TableOf(readModel, schema), ct);
            rebuilt.Add(new ProjectionRebuilt(projection.Name, readModel.Name, documents, clock.Elapsed.TotalSeconds));
            progress?.Report($"Rebuilt {readModel.Name}: {documents} documents in {clock.Elapsed.TotalSeconds:F1} s");
        }

        return rebuilt;
    }

    private async Task<long> CountAsync(string table, CancellationToken ct)
    {
        await using var count = dataSource.CreateCommand($"select count(*) from {table}");
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    private async Task<(ReadModelComparison Comparison, List<ReadModelDifference> Differences)> CompareAsync(Type readModel, string scratch, CancellationToken ct)
    {
        var live = TableOf(readModel, CatalogueSchema.Name);
        var rebuilt = TableOf(readModel, scratch);
        // jsonb compares by value, so key order and whitespace do not count as differences.
        await using var command = dataSource.CreateCommand(
            $"""
            select coalesce(l.id, r.id)::text, l.data::text, r.data::text
            from {live} l full outer join {rebuilt} r on l.id = r.id
            where l.data is distinct from r.data
            order by 1
            """);
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

        return (new ReadModelComparison(readModel.Name, await CountAsync(live, ct), await CountAsync(rebuilt, ct), differences.Count), differences);
    }
}

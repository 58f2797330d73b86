using Marten;
using Npgsql;

namespace Catalogue.Api.Search;

/// <summary>
/// Writes again, once the service has started, the search documents and index rows an earlier version wrote in another
/// shape (<see cref="SearchIndex.RowShape"/>): a document an earlier version made lacks what this one keeps (names'
/// folded keys, the years a search by year finds it in), a column a new version adds starts empty (a head no record
/// has, no facet values), and a changed function gives other values (the coarse sample's word); until they are written
/// again search would neither rank nor filter nor count those records as it does new ones.
/// </summary>
/// <remarks>
/// The table's comment names the shape its rows were last brought to, so a start of the same version reads one comment
/// and walks nothing. Otherwise every document of an earlier <see cref="RecordSearch.CurrentShape"/> is made again from
/// the record and texts it holds (what the projection makes it from), a batch at a time in id order, and written unless
/// the daemon wrote it meanwhile; then every row is compared with the row its document gives now, and a row that
/// differs is written again by writing its document again (its trigger does the rest). The daemon goes on meanwhile.
/// Every node may do it at once: writing a document or a row again is the same however often it is done. The comment is
/// written last, so a walk cut short is walked again at the next start.
/// </remarks>
public sealed class SearchIndexUpgrade(NpgsqlDataSource dataSource, IDocumentStore store, ILogger<SearchIndexUpgrade> logger) : BackgroundService
{
    public const int Batch = 500;

    /// <summary>Documents made again at a time: each holds its record's full texts (up to a quarter of a million characters each).</summary>
    public const int DocumentBatch = 100;

    private static readonly string OlderDocuments =
        $"""
         SELECT id, data, xmin::text FROM {RecordSearch.Table}
         WHERE id > @after AND coalesce((data ->> '{nameof(RecordSearch.Shape)}')::integer, 0) < {RecordSearch.CurrentShape}
         ORDER BY id LIMIT {DocumentBatch}
         """;

    public static readonly string ShapeComment = $"row shape {SearchIndex.RowShape}";

    private static readonly string Rows =
        $"""
         SELECT i.id, ROW({SearchIndex.Columns("i")}) IS DISTINCT FROM ROW({SearchIndex.RowOf("d.id", "d.data", "h.head")})
         FROM {SearchIndex.Table} i JOIN {RecordSearch.Table} d ON d.id = i.id {SearchIndex.HeadJoin("d")}
         WHERE i.id > @after ORDER BY i.id LIMIT {Batch}
         """;

    /// <returns>How many documents and rows were written again; null when they already had this version's shape.</returns>
    public async Task<long?> UpgradeAsync(CancellationToken ct)
    {
        await using (var shape = dataSource.CreateCommand($"SELECT obj_description('{SearchIndex.Table}'::regclass, 'pg_class')"))
        {
            if (await shape.ExecuteScalarAsync(ct) is string stored && stored == ShapeComment) return null;
        }

        var written = await MakeDocumentsAgainAsync(ct);
        var after = Guid.Empty;
        while (true)
        {
            var batch = new List<Guid>();
            var differing = new List<Guid>();
            await using (var find = dataSource.CreateCommand(Rows))
            {
                find.Parameters.AddWithValue("after", after);
                find.CommandTimeout = 0;
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    batch.Add(reader.GetGuid(0));
                    if (reader.GetBoolean(1)) differing.Add(reader.GetGuid(0));
                }
            }

            if (batch.Count == 0) break;
            if (differing.Count > 0)
            {
                await using var rewrite = dataSource.CreateCommand($"UPDATE {RecordSearch.Table} d SET data = d.data WHERE d.id = ANY(@ids)");
                rewrite.Parameters.AddWithValue("ids", differing.ToArray());
                written += await AgainIfDeadlockedAsync(() => rewrite.ExecuteNonQueryAsync(ct));
            }

            after = batch[^1];
        }

        // Every row now counts its numbered terms: the names' texts an earlier version counted go (a column dropped is no
        // longer read, and the space its values held is reused as rows are written again). Dropping it waits for the
        // searches reading the table and holds back those that come after: for a few seconds at most, or the next start
        // drops it.
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await using var mark = new NpgsqlCommand(
                $"""
                 SET LOCAL lock_timeout = '5s';
                 ALTER TABLE {SearchIndex.Table} DROP COLUMN IF EXISTS {SearchIndex.FormerFacetNames};
                 COMMENT ON TABLE {SearchIndex.Table} IS '{ShapeComment}';
                 """, connection, transaction);
            await mark.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return written;
    }

    /// <summary>
    /// Makes again each document an earlier version made, from the record and texts it holds, as the projection makes
    /// it (<see cref="RecordSearch.Of"/>); one the daemon wrote since it was read is left as the daemon wrote it.
    /// </summary>
    private async Task<long> MakeDocumentsAgainAsync(CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        long written = 0;
        var after = Guid.Empty;
        while (true)
        {
            var made = new List<(Guid Id, string Data, string Read)>();
            await using (var find = dataSource.CreateCommand(OlderDocuments))
            {
                find.Parameters.AddWithValue("after", after);
                find.CommandTimeout = 0;
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var older = serializer.FromJson<RecordSearch>(reader, 1);
                    made.Add((reader.GetGuid(0), serializer.ToJson(RecordSearch.Of(older.Record, older.Texts)), reader.GetString(2)));
                }
            }

            if (made.Count == 0) return written;
            foreach (var (id, data, read) in made)
            {
                await using var write = dataSource.CreateCommand($"UPDATE {RecordSearch.Table} SET data = @data::jsonb WHERE id = @id AND xmin::text = @read");
                write.Parameters.AddWithValue("data", data);
                write.Parameters.AddWithValue("id", id);
                write.Parameters.AddWithValue("read", read);
                written += await AgainIfDeadlockedAsync(() => write.ExecuteNonQueryAsync(ct));
            }

            after = made[^1].Id;
        }
    }

    /// <summary>
    /// A write tried again when PostgreSQL rolled it back to break a deadlock. Writing rows numbers the values they hold
    /// for the first time (<see cref="SearchIndex.TermsTable"/>), as the daemon does beside the upgrade, and all of an
    /// earlier version's values are new: two transactions may number two of them in opposite orders.
    /// </summary>
    private static async Task<int> AgainIfDeadlockedAsync(Func<Task<int>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var written = await UpgradeAsync(stoppingToken);
            if (written is not null)
            {
                logger.LogInformation(
                    "Search index: brought to row shape {Shape}; {Rows} documents and rows written by an earlier version were written again", SearchIndex.RowShape, written);
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(
                "Search index: rows written by an earlier version could not be written again ({Error}); the next start tries again, `projections rebuild` writes them",
                e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using Catalogue.Api.Hosting;
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
/// Every document of an earlier <see cref="RecordSearch.CurrentShape"/> is made again from the record and texts it holds
/// (what the projection makes it from), a batch at a time in id order, and written unless the daemon wrote it meanwhile;
/// then every row is compared with the row its document gives now, and a row that differs is written again by writing
/// its document again (its trigger does the rest).
/// </remarks>
public sealed class SearchIndexUpgrade(NpgsqlDataSource dataSource, IDocumentStore store, ILogger<SearchIndexUpgrade> logger) : TableUpgrade(dataSource, logger)
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

    protected override string Table => SearchIndex.Table;

    /// <summary>The comment of a search index whose rows are as this version writes them.</summary>
    public static readonly string RowsAsWritten = $"row shape {SearchIndex.RowShape}";

    public override string Comment => RowsAsWritten;

    protected override string Name => "Search index";

    // Every row now counts its numbered terms: the names' texts an earlier version counted go (a column dropped is no
    // longer read, and the space its values held is reused as rows are written again).
    protected override string Finally => $"ALTER TABLE {SearchIndex.Table} DROP COLUMN IF EXISTS {SearchIndex.FormerFacetNames};";

    private static readonly string Rows =
        $"""
         SELECT i.id, ROW({SearchIndex.Columns("i")}) IS DISTINCT FROM ROW({SearchIndex.RowOf("d.id", "d.data", "h.head")})
         FROM {SearchIndex.Table} i JOIN {RecordSearch.Table} d ON d.id = i.id {SearchIndex.HeadJoin("d")}
         WHERE i.id > @after ORDER BY i.id LIMIT {Batch}
         """;

    /// <returns>How many documents and rows were written again.</returns>
    protected override async Task<long> WalkAsync(CancellationToken ct)
    {
        var written = await MakeDocumentsAgainAsync(ct);
        var after = Guid.Empty;
        while (true)
        {
            var batch = new List<Guid>();
            var differing = new List<Guid>();
            await using (var find = DataSource.CreateCommand(Rows))
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
                await using var rewrite = DataSource.CreateCommand($"UPDATE {RecordSearch.Table} d SET data = d.data WHERE d.id = ANY(@ids)");
                rewrite.Parameters.AddWithValue("ids", differing.ToArray());
                written += await AgainIfDeadlockedAsync(() => rewrite.ExecuteNonQueryAsync(ct));
            }

            after = batch[^1];
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
            await using (var find = DataSource.CreateCommand(OlderDocuments))
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
                await using var write = DataSource.CreateCommand($"UPDATE {RecordSearch.Table} SET data = @data::jsonb WHERE id = @id AND xmin::text = @read");
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

    protected override void Walked(ILogger log, long written) =>
        log.LogInformation(
            "Search index: brought to row shape {Shape}; {Rows} documents and rows written by an earlier version were written again", SearchIndex.RowShape, written);
}

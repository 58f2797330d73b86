using Npgsql;

namespace Catalogue.Api.Search;

/// <summary>
/// Writes again, once the service has started, the search index rows an earlier version wrote in another shape: the
/// columns a new version adds start empty (a head no record has, no facet values), and until the rows are written
/// again search would neither rank nor filter nor count those records.
/// </summary>
/// <remarks>
/// A row is written again by writing its document again (its trigger does the rest), a batch at a time, so the search
/// documents stay as they are and the daemon goes on meanwhile. Every node may do it at once: writing a row again is the
/// same however often it is done.
/// </remarks>
public sealed class SearchIndexUpgrade(NpgsqlDataSource dataSource, ILogger<SearchIndexUpgrade> logger) : BackgroundService
{
    public const int Batch = 500;

    /// <summary>
    /// Rows written before the head was kept: every record has a title, so its head is empty only then — or when the
    /// title has no word PostgreSQL can read ("—"), which is why the rows are walked once in id order rather than sought
    /// until none is left.
    /// </summary>
    private static readonly string OlderRows =
        $"SELECT i.id FROM {SearchIndex.Table} i WHERE i.head = ''::tsvector AND i.id > @after ORDER BY i.id LIMIT {Batch}";

    /// <returns>How many rows were written again.</returns>
    public async Task<long> RewriteOlderRowsAsync(CancellationToken ct)
    {
        long written = 0;
        var after = Guid.Empty;
        while (true)
        {
            var batch = new List<Guid>();
            await using (var find = dataSource.CreateCommand(OlderRows))
            {
                find.Parameters.AddWithValue("after", after);
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) batch.Add(reader.GetGuid(0));
            }

            if (batch.Count == 0) return written;
            await using var rewrite = dataSource.CreateCommand($"UPDATE {RecordSearch.Table} d SET data = d.data WHERE d.id = ANY(@ids)");
            rewrite.Parameters.AddWithValue("ids", batch.ToArray());
            written += await rewrite.ExecuteNonQueryAsync(ct);
            after = batch[^1];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var written = await RewriteOlderRowsAsync(stoppingToken);
            if (written > 0) logger.LogInformation("Search index: {Rows} rows written by an earlier version were written again in this version's shape", written);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(
                "Search index: rows written by an earlier version could not be written again ({Error}); `projections rebuild` writes them",
                e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A read model's table brought, once the service has started, to what this version writes there, without a rebuild and
/// with the daemon going on meanwhile: its rows walked and those an earlier version wrote otherwise written again.
/// </summary>
/// <remarks>
/// The table's comment names what its rows were last brought to, so a start of the same version reads one comment and
/// walks nothing. The comment is written last, so a walk cut short is walked again at the next start. Every node may
/// walk at once: writing a row again is the same however often it is done.
/// </remarks>
public abstract class TableUpgrade(NpgsqlDataSource dataSource, ILogger logger) : BackgroundService
{
    protected NpgsqlDataSource DataSource => dataSource;

    /// <summary>The table walked, whose comment says what its rows were brought to.</summary>
    protected abstract string Table { get; }

    /// <summary>The comment of a table whose rows are as this version writes them.</summary>
    public abstract string Comment { get; }

    /// <summary>What the log calls the table: "Search index".</summary>
    protected abstract string Name { get; }

    /// <summary>Walks the rows and writes again those an earlier version wrote otherwise.</summary>
    /// <returns>How many were written again.</returns>
    protected abstract Task<long> WalkAsync(CancellationToken ct);

    /// <summary>Says in the log what was written again, once a walk has ended.</summary>
    protected abstract void Walked(ILogger log, long written);

    /// <summary>
    /// A statement to run once the rows are walked, with the comment and in its transaction (dropping what no row needs
    /// any more): it waits for the readers of the table and holds back those after them, for a few seconds at most, or
    /// the next start runs it.
    /// </summary>
    protected virtual string? Finally => null;

    /// <returns>How many rows were written again; null when the table's comment said they were as this version writes them.</returns>
    public async Task<long?> UpgradeAsync(CancellationToken ct)
    {
        await using (var stored = dataSource.CreateCommand($"SELECT obj_description('{Table}'::regclass, 'pg_class')"))
        {
            if (await stored.ExecuteScalarAsync(ct) is string comment && comment == Comment) return null;
        }

        var written = await WalkAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var mark = new NpgsqlCommand($"SET LOCAL lock_timeout = '5s'; {Finally} COMMENT ON TABLE {Table} IS '{Comment}';", connection, transaction);
        await mark.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return written;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A walk that wrote nothing again (a new catalogue's first start, whose tables hold nothing an earlier version
            // wrote) is no news for the console a first start speaks to.
            if (await UpgradeAsync(stoppingToken) is { } written)
            {
                if (written > 0) Walked(logger, written);
                else logger.LogDebug("{Table}: no row needed writing again", Name);
            }
        }
        catch (Exception e) when (CatalogueExceptionHandler.IsDatabaseFailure(e))
        {
            logger.LogWarning(
                "{Table}: rows an earlier version wrote could not be written again ({Error}); the next start tries again, `projections rebuild` writes them",
                Name, e.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Reports;

/// <summary>
/// The reports' counts brought, once, to how this version counts them. An earlier version counted a translator's or
/// funder's spellings apart, and a record that wrote one name in two spellings ("Gary Goldberg", "GARY GOLDBERG") toward
/// both: kept by difference, those counts would stay one too many under the name the record does not write first. So a
/// catalogue counted that way has its counts rebuilt from the events (as <c>POST /api/admin/projections/ReportTally/rebuild</c>
/// does) once the service serves, the reports answering from the counts as they were meanwhile; a catalogue with no
/// counts yet is only marked. The table's comment says how its counts were made, and is written once they are.
/// </summary>
/// <remarks>
/// Started before the async daemon, so that a new catalogue's table is still empty when it is looked at and a first
/// start rebuilds nothing. A rebuild refused because another is running, or that leaves the counts as they were (the
/// daemon not caught up within the wait), is tried again at the next start.
/// </remarks>
public sealed class ReportCountsUpgrade(
    NpgsqlDataSource dataSource, ReadModelMaintenance maintenance, CatalogueStoreConfiguration configuration,
    IHostApplicationLifetime lifetime, ILogger<ReportCountsUpgrade> logger) : IHostedService
{
    /// <summary>The comment of a table whose counts are made as this version makes them.</summary>
    public const string NamesCountedOnce = "report counts: the spellings of a name counted as one name, each record once";

    private readonly CancellationTokenSource _stopping = new();
    private Task _rebuild = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? comment;
        bool counted;
        await using (var read = dataSource.CreateCommand(
            $"SELECT obj_description('{ReportTally.Table}'::regclass, 'pg_class'), EXISTS (SELECT 1 FROM {ReportTally.Table})"))
        await using (var row = await read.ExecuteReaderAsync(cancellationToken))
        {
            await row.ReadAsync(cancellationToken);
            (comment, counted) = (row.IsDBNull(0) ? null : row.GetString(0), row.GetBoolean(1));
        }

        if (comment == NamesCountedOnce) return;
        if (!counted) await MarkAsync(cancellationToken);
        else lifetime.ApplicationStarted.Register(() => _rebuild = Task.Run(() => RebuildAsync(_stopping.Token)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _rebuild.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RebuildAsync(CancellationToken ct)
    {
        logger.LogWarning("The reports' counts were made by an earlier version, which counted a name's spellings apart: they are rebuilt from the events while the service serves");
        try
        {
            var rebuilt = await maintenance.RebuildAsync("catalogue", progress: null, ct, only: configuration.Find(nameof(ReportTally)));
            if (rebuilt.Rebuilt.FirstOrDefault(r => r.ReadModel == nameof(ReportTally)) is { Skipped: null } done)
            {
                await MarkAsync(ct);
                logger.LogWarning("The reports' counts were rebuilt ({Documents} counts, {Changed} changed)", done.Documents, done.Changed);
            }
            else
            {
                logger.LogWarning("The reports' counts were left as they were ({Why}); the next start rebuilds them", rebuilt.Rebuilt.FirstOrDefault()?.Skipped);
            }
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            logger.LogWarning("The reports' counts were not rebuilt ({Reason}); the next start rebuilds them", busy.Message);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("The reports' counts were not rebuilt ({Error}); the next start rebuilds them", e.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task MarkAsync(CancellationToken ct)
    {
        await using var mark = dataSource.CreateCommand($"COMMENT ON TABLE {ReportTally.Table} IS '{NamesCountedOnce}'");
        await mark.ExecuteNonQueryAsync(ct);
    }
}

using System.Collections.Concurrent;
using Catalogue.Api.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Catalogue.Api.Audit;

/// <summary>
/// A read model whose documents this version makes otherwise than an earlier version did, in a way the async daemon
/// would never mend by going on (it only folds the events still to come into the documents as they are).
/// </summary>
/// <param name="ReadModel">The read model's name, as <c>POST /api/admin/projections/{name}/rebuild</c> takes it.</param>
/// <param name="Table">The table of its documents, whose comment says how they were made.</param>
/// <param name="Shape">The comment of a table whose documents are made as this version makes them.</param>
/// <param name="Earlier">What an earlier version did otherwise, for the log.</param>
/// <param name="Since">
/// When only some documents of the shape before this one are made otherwise now: that shape, and which of its
/// documents. A table in it holding none of them is only marked, not rebuilt; one in a shape before it is rebuilt.
/// </param>
public sealed record ReadModelShape(string ReadModel, string Table, string Shape, string Earlier, ShapeBefore? Since = null)
{
    /// <summary>What to tell the log once the read model is rebuilt: what the earlier version left that archivists must decide.</summary>
    public Func<NpgsqlDataSource, ILogger, CancellationToken, Task>? Rebuilt { get; init; }

    /// <summary>
    /// Whether commands decide against its documents (the people's authorities say whose a name is). Decided against
    /// the earlier version's documents, a command gave a name to a second person: such commands are refused until it is
    /// rebuilt (<see cref="ReadModelsBeingUpgraded"/>), so it is rebuilt first, and tried again until it is.
    /// </summary>
    public bool CommandsDecideAgainstIt { get; init; }
}

/// <summary>The shape a <see cref="ReadModelShape"/> follows, and the documents of it made otherwise now.</summary>
/// <param name="Shape">Its table's comment; null for a table an earlier version left without one.</param>
/// <param name="Differs">An SQL condition on a document's <c>data</c>, true for a document this version makes otherwise.</param>
public sealed record ShapeBefore(string? Shape, string Differs);

/// <summary>
/// The read models an earlier version made otherwise (<see cref="ReadModelShape"/>) brought, once, to this version's
/// shape: each rebuilt from the events once the service serves, one after another, as its rebuild endpoint rebuilds it
/// (commands go on, and readers are answered from its documents as they were meanwhile); one with no documents yet is
/// only marked. Its table's comment is written once it is.
/// </summary>
/// <remarks>
/// Started before the async daemon, so that a new catalogue's tables are still empty when they are looked at and a
/// first start rebuilds nothing. A rebuild refused because another maintenance is running (another node's rebuild of
/// the same read model, when several start at once) is tried again every <see cref="RetryEvery"/>, and found done if
/// that was it; one that leaves the documents as they were (the daemon not caught up within the wait) is tried again
/// at the next start, unless commands decide against it.
/// </remarks>
public sealed class ReadModelShapeUpgrade(
    IEnumerable<ReadModelShape> shapes, NpgsqlDataSource dataSource, ReadModelMaintenance maintenance, CatalogueStoreConfiguration configuration,
    ReadModelsBeingUpgraded upgrading, IHostApplicationLifetime lifetime, ILogger<ReadModelShapeUpgrade> logger) : IHostedService
{
    /// <summary>How long a read model commands decide against waits before its rebuild is tried again.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _rebuilds = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var due = new List<(ReadModelShape Shape, string? Comment)>();
        foreach (var shape in shapes)
        {
            string? comment;
            bool made;
            await using (var read = dataSource.CreateCommand($"SELECT obj_description('{shape.Table}'::regclass, 'pg_class'), EXISTS (SELECT 1 FROM {shape.Table})"))
            await using (var row = await read.ExecuteReaderAsync(cancellationToken))
            {
                await row.ReadAsync(cancellationToken);
                (comment, made) = (row.IsDBNull(0) ? null : row.GetString(0), row.GetBoolean(1));
            }

            if (comment == shape.Shape) continue;
            if (!made)
            {
                await MarkAsync(shape, cancellationToken);
                continue;
            }

            due.Add((shape, comment));
            if (shape.CommandsDecideAgainstIt) upgrading.Due(shape);
        }

        if (due.Count > 0)
        {
            var first = due.OrderByDescending(d => d.Shape.CommandsDecideAgainstIt).ToList();
            lifetime.ApplicationStarted.Register(() => _rebuilds = Task.Run(() => RebuildAsync(first, _stopping.Token)));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _rebuilds.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RebuildAsync(IReadOnlyList<(ReadModelShape Shape, string? Comment)> due, CancellationToken ct)
    {
        try
        {
            foreach (var (shape, comment) in due)
            {
                while (await UpgradeAsync(shape, comment, ct) == Upgrade.TryAgain) await Task.Delay(RetryEvery, ct);
                upgrading.Done(shape);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private enum Upgrade
    {
        Done,
        TryAgain,
        AtTheNextStart,
    }

    /// <returns>
    /// Whether the read model is now as this version makes it, or is tried again in a moment: when another maintenance
    /// holds it back (another node's rebuild of it, most often, found done at the next try), and always when commands
    /// decide against it. Else the next start rebuilds it.
    /// </returns>
    private async Task<Upgrade> UpgradeAsync(ReadModelShape shape, string? comment, CancellationToken ct)
    {
        var retry = $"it is tried again in {RetryEvery.TotalSeconds:0} s";
        var later = shape.CommandsDecideAgainstIt ? Upgrade.TryAgain : Upgrade.AtTheNextStart;
        try
        {
            // Asked once the service serves, not before: the condition reads every document.
            if (shape.Since is { } since && comment == since.Shape && !await AnyDiffersAsync(shape, since, ct))
            {
                await MarkAsync(shape, ct);
                return Upgrade.Done;
            }

            // Another node may have rebuilt it since this one started.
            if (await ReadModelsBeingUpgraded.CommentAsync(dataSource, shape, ct) == shape.Shape) return Upgrade.Done;
            logger.LogWarning("{ReadModel} was made by an earlier version, which {Earlier}: it is rebuilt from the events while the service serves", shape.ReadModel, shape.Earlier);
            var rebuilt = await maintenance.RebuildAsync("catalogue", progress: null, ct, only: configuration.Find(shape.ReadModel));
            if (rebuilt.Rebuilt.FirstOrDefault(r => r.ReadModel == shape.ReadModel) is { Skipped: null } done)
            {
                await MarkAsync(shape, ct);
                logger.LogWarning("{ReadModel} was rebuilt ({Documents} documents, {Changed} changed)", shape.ReadModel, done.Documents, done.Changed);
                if (shape.Rebuilt is { } tell) await tell(dataSource, logger, ct);
                return Upgrade.Done;
            }

            logger.LogWarning("{ReadModel} was left as it was ({Why}); {Again}", shape.ReadModel, rebuilt.Rebuilt.FirstOrDefault()?.Skipped,
                later == Upgrade.TryAgain ? retry : "the next start rebuilds it");
            return later;
        }
        catch (ReadModelMaintenanceBusy busy)
        {
            logger.LogInformation("{ReadModel} waits for another maintenance ({Reason}); {Again}", shape.ReadModel, busy.Message, retry);
            return Upgrade.TryAgain;
        }
        catch (Exception e) when (CatalogueExceptionHandler.IsDatabaseFailure(e))
        {
            logger.LogWarning("{ReadModel} was not rebuilt ({Error}); {Again}", shape.ReadModel, e.Message, later == Upgrade.TryAgain ? retry : "the next start rebuilds it");
            return later;
        }
    }

    private async Task<bool> AnyDiffersAsync(ReadModelShape shape, ShapeBefore since, CancellationToken ct)
    {
        await using var read = dataSource.CreateCommand($"SELECT EXISTS (SELECT 1 FROM {shape.Table} WHERE {since.Differs})");
        read.CommandTimeout = 0;
        return (bool)(await read.ExecuteScalarAsync(ct))!;
    }

    private async Task MarkAsync(ReadModelShape shape, CancellationToken ct)
    {
        await using var mark = dataSource.CreateCommand($"COMMENT ON TABLE {shape.Table} IS '{shape.Shape.Replace("'", "''")}'");
        await mark.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>
/// The read models commands decide against (<see cref="ReadModelShape.CommandsDecideAgainstIt"/>) that an earlier
/// version made otherwise and that are not rebuilt yet: such commands are refused meanwhile, changing nothing. This node
/// knows from its start which are due; that another node has rebuilt one since, it reads from the table's comment.
/// </summary>
public sealed class ReadModelsBeingUpgraded(NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<string, ReadModelShape> _due = new(StringComparer.Ordinal);

    public void Due(ReadModelShape shape) => _due[shape.ReadModel] = shape;

    public void Done(ReadModelShape shape) => _due.TryRemove(shape.ReadModel, out _);

    /// <returns>Why a command deciding against <paramref name="readModel"/> must wait (503), or null when it need not.</returns>
    public async Task<ProblemDetails?> RefusalAsync(string readModel, string decides, CancellationToken ct)
    {
        if (!_due.TryGetValue(readModel, out var shape)) return null;
        if (await CommentAsync(dataSource, shape, ct) == shape.Shape)
        {
            Done(shape);
            return null;
        }

        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The catalogue is being upgraded",
            Detail = $"{readModel}, against which {decides}, was made by an earlier version, which {shape.Earlier}, and is being rebuilt "
                + "from the events since the service started. Nothing was changed. Send it again shortly; with the same "
                + "Idempotency-Key a retry never applies a change twice.",
        };
    }

    public static async Task<string?> CommentAsync(NpgsqlDataSource dataSource, ReadModelShape shape, CancellationToken ct)
    {
        await using var read = dataSource.CreateCommand($"SELECT obj_description('{shape.Table}'::regclass, 'pg_class')");
        return await read.ExecuteScalarAsync(ct) as string;
    }
}

public static class ReadModelShapes
{
    /// <summary>Has <paramref name="shape"/> brought to this version's shape when the service starts (<see cref="ReadModelShapeUpgrade"/>).</summary>
    /// <remarks>
    /// The shape is known to every host, a verb's too: the first to bring the schema up to date after another version
    /// ran takes the marks off (<see cref="Hosting.SchemaHistory"/>); a verb's host that knew no shapes took none off, and
    /// the service after it rebuilt nothing.
    /// </remarks>
    public static CatalogueBuilder ReadModelShape(this CatalogueBuilder catalogue, ReadModelShape shape) => catalogue
        .Services(builder =>
        {
            builder.Services.TryAddSingleton<ReadModelsBeingUpgraded>();
            builder.Services.AddSingleton(shape);
        })
        .BeforeTheDaemon(services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ReadModelShapeUpgrade>()));
}

namespace Catalogue.Api.Audit;

/// <summary>
/// Before the async daemon starts, brings every async read model to where the daemon's one projection for them stands
/// (<see cref="ReadModelMaintenance.AlignAtStartAsync"/>): on a catalogue first run by a version whose async read
/// models were projections of their own, or once a version adds one; and, first, brings up to date a read model the
/// daemon kept before that is inline now (<see cref="ReadModelMaintenance.AdoptFormerlyAsyncReadModelsAsync(CancellationToken)"/>).
/// Registered before the daemon, so it starts first.
/// </summary>
public sealed class AsyncReadModelsAlignment(ReadModelMaintenance maintenance, ILogger<AsyncReadModelsAlignment> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (adopted, rebuilt) = await maintenance.AlignAtStartAsync(cancellationToken);
        if (adopted.Count > 0)
        {
            logger.LogWarning("Rebuilt, kept by the async daemon before and inline now: {ReadModels}",
                string.Join(", ", adopted.Select(r => $"{r.ReadModel} ({r.Documents} documents, {r.Changed} changed)")));
        }

        if (rebuilt.Count > 0)
        {
            logger.LogWarning("Rebuilt before the async daemon started, so that all its read models go on from one position: {ReadModels}",
                string.Join(", ", rebuilt.Select(r => $"{r.ReadModel} ({r.Documents} documents, {r.Changed} changed)")));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

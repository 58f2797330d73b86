using Catalogue.Api.Hosting;
using Marten;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>Deletes expired Idempotency-Keys periodically; lookups already ignore them until then.</summary>
public sealed class ExpiredIdempotencyKeys(
    IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider clock, ILogger<ExpiredIdempotencyKeys> logger)
    : BackgroundService
{
    public async Task DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.DeleteWhere<IdempotentResponse>(x => x.ExpiresAt <= now);
        await session.SaveChangesAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DeleteExpiredAsync(clock.GetUtcNow(), stoppingToken);
            }
            catch (Exception ex) when (CatalogueExceptionHandler.IsDatabaseFailure(ex))
            {
                logger.LogWarning(ex, "Could not delete expired idempotency keys; trying again in {Interval}", options.Value.SweepInterval);
            }
        }
    }
}

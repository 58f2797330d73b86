using Marten;
using Npgsql;

namespace Catalogue.Api.Audit.Chain;

/// <summary>For test harnesses: wiping the store together with its chain, and waiting for the sealer.</summary>
public static class EventChainTestSupport
{
    /// <summary>
    /// Deletes every event, stream, seal and checkpoint, with the async daemon paused so that the sealer neither
    /// seals an event that is being deleted nor keeps its position from before the wipe. Use instead of
    /// <c>store.Advanced.Clean.DeleteAllEventDataAsync()</c>: that TRUNCATEs the events (no row trigger fires, so the
    /// immutability guard does not stop it) but leaves the seals, which the sealer would then refuse to continue from.
    /// </summary>
    public static async Task PurgeAllAsync(IHost host, CancellationToken ct = default)
    {
        var services = host.Services;
        var store = services.GetRequiredService<IDocumentStore>();
        await host.PauseAllDaemonsAsync();
        try
        {
            await store.Advanced.Clean.DeleteAllEventDataAsync(ct);
            await using var command = services.GetRequiredService<NpgsqlDataSource>()
                .CreateCommand($"truncate {EventChainSchema.Seals}, {EventChainSchema.Checkpoints} restart identity");
            await command.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await host.ResumeAllDaemonsAsync();
        }
    }

    /// <summary>Waits (polling) until every committed event is sealed; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilSealedAsync(IServiceProvider services, TimeSpan timeout, CancellationToken ct = default)
    {
        var verifier = services.GetRequiredService<ChainVerifier>();
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var backlog = await verifier.UnsealedBacklogAsync(ct);
            if (backlog == 0) return;
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{backlog} committed events were still not sealed after {timeout.TotalSeconds:0.#} s. Is the async daemon running?");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
        }
    }
}

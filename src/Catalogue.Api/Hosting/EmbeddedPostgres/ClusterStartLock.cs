using Microsoft.Extensions.Logging;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// One process at a time decides whether to share a data directory's running server, start it, or stop it, and does
/// so: held from the look at what runs until the server serves (or is stopped). Two processes started at once on one
/// data directory each found no server running and each started one; one stopped the other's as an orphan, or both
/// failed on PostgreSQL's own lock file (found from outside). An exclusive lock on a file beside the cluster (flock on
/// Unix), which the kernel lets go of with a process that dies holding it.
/// </summary>
internal sealed class ClusterStartLock : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly FileStream _held;

    private ClusterStartLock(FileStream held) => _held = held;

    public static async Task<ClusterStartLock> TakeAsync(ClusterLayout layout, ILogger logger, CancellationToken ct)
    {
        var path = Path.Combine(layout.Root, "start.lock");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            try
            {
                return new ClusterStartLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (waited.Elapsed < Patience && File.Exists(path))
            {
                if (!told && waited.Elapsed > TimeSpan.FromSeconds(2))
                {
                    logger.LogInformation("Another process is starting or stopping the embedded PostgreSQL on {PgData}; waiting for it", layout.PgData);
                    told = true;
                }

                await Task.Delay(100, ct);
            }
            catch (IOException e) when (waited.Elapsed >= Patience)
            {
                throw new EmbeddedPostgresException(
                    $"Another process has been starting or stopping the embedded PostgreSQL on '{layout.PgData}' for {Patience.TotalMinutes:0} minutes " +
                    $"(it holds '{path}'): {e.Message} Stop it, or wait for it, then start again.", e);
            }
        }
    }

    public void Dispose() => _held.Dispose();
}

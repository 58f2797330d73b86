using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// Deals with a postmaster.pid left in the cluster by a service that did not stop its cluster: killed, crashed,
/// or a machine that lost power.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class LeftoverPostmaster
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    public static async Task ClearAsync(
        ClusterLayout layout, PostgresBinaries binaries, ClusterAccount account, ILogger logger, CancellationToken ct)
    {
        var lockFile = layout.PidFile;
        if (!File.Exists(lockFile))
        {
            return;
        }

        var lines = File.ReadAllLines(lockFile);
        if (lines.Length == 0 || !int.TryParse(lines[0].Trim(), out var pid))
        {
            logger.LogWarning("Deleting the unreadable lock file {LockFile} before starting", lockFile);
            File.Delete(lockFile);
            return;
        }

        // A standalone backend writes its PID negated.
        pid = Math.Abs(pid);
        if (!IsPostmasterOf(pid, lockFile))
        {
            logger.LogWarning(
                "Deleting the stale lock file {LockFile}: its server (PID {Pid}) is no longer running", lockFile, pid);
            File.Delete(lockFile);
            return;
        }

        logger.LogWarning(
            "An orphaned PostgreSQL server (PID {Pid}) still runs on {PgData}, left by a service that did not stop it; " +
            "stopping it with pg_ctl stop -m fast and starting afresh",
            pid,
            layout.PgData);
        var orphanSocketDirectory = lines.Length > 4 ? lines[4].Trim() : null;
        var stop = await account.RunAsync(
            binaries.PgCtl,
            ["stop", "-D", layout.PgData, "-m", "fast", "-w", "-t", ((int)StopTimeout.TotalSeconds).ToString()],
            StopTimeout + TimeSpan.FromSeconds(15),
            ct);
        // A server already shutting down (a service that stopped it a moment ago) removes its lock file before it exits:
        // pg_ctl then finds nothing to stop, and the server is gone a moment later.
        if (!stop.Succeeded && !File.Exists(lockFile) && await ExitedAsync(pid, StopTimeout, ct)) stop = stop with { ExitCode = 0 };
        if (!stop.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"An orphaned PostgreSQL server (PID {pid}) still runs on '{layout.PgData}' and could not be stopped " +
                $"with pg_ctl stop -m fast: {stop.Output}\nStop that process, then start the service again.");
        }

        // pg_ctl returns once the lock file is gone, which the server removes just before it exits: it is gone, not
        // about to go, when the cluster is called cleared (the sweep deletes its folder next, a start starts afresh).
        await ExitedAsync(pid, StopTimeout, ct);

        if (orphanSocketDirectory is not null && SocketDirectory.IsOurs(orphanSocketDirectory))
        {
            SocketDirectory.DeleteQuietly(orphanSocketDirectory);
        }
    }

    private static async Task<bool> ExitedAsync(int pid, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited(pid)) return true;
            await Task.Delay(100, ct);
        }

        return false;
    }

    /// <summary>Gone, or a zombie its parent has not reaped yet (PID 1 of a container may never reap it).</summary>
    private static bool HasExited(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 1)..].TrimStart() is ['Z' or 'X', ..];
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>
    /// True when the PID is a live postgres serving this very cluster, not a process that happens to have
    /// inherited the number after a reboot.
    /// </summary>
    private static bool IsPostmasterOf(int pid, string lockFile)
    {
        if (!IsPostgresProcess(pid))
        {
            return false;
        }

        // The postmaster works inside its data directory: on Linux its lock file is reachable through /proc.
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cwd/postmaster.pid") == File.ReadAllText(lockFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Cannot look: trust the lock file, as pg_ctl does.
            }
        }

        return true;
    }

    /// <summary>True while a postgres process with this PID is alive.</summary>
    public static bool IsPostgresProcess(int pid)
    {
        if (IsZombie(pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && process.ProcessName is ("postgres" or "postmaster");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// A postmaster that died but was never reaped (a container whose PID 1 does not reap orphans) still has a
    /// process entry; it is as dead as a missing one, and pg_ctl stop would wait on it in vain.
    /// </summary>
    public static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName >= 0 && stat[(afterName + 1)..].TrimStart() is ['Z' or 'X', ..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

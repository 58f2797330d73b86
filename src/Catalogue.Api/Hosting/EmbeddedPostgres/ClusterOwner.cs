using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// Remembers which service process started the cluster, so that a second process on the same data directory
/// (a CLI import beside the running service) shares the server instead of mistaking it for an orphan.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ClusterOwner
{
    public sealed record RunningServer(int OwnerProcessId, EmbeddedPostgresCluster.ServerLaunch Launch);

    public static void Claim(ClusterLayout layout) =>
        File.WriteAllText(layout.OwnerFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

    public static void Release(ClusterLayout layout)
    {
        if (OwnerOf(layout) == Environment.ProcessId) File.Delete(layout.OwnerFile);
    }

    /// <summary>The live server of this cluster when another live process started it; null when there is none or it is orphaned.</summary>
    public static RunningServer? RunningForAnotherService(ClusterLayout layout)
    {
        var owner = OwnerOf(layout);
        if (owner is null || owner == Environment.ProcessId || !IsAlive(owner.Value)) return null;
        if (!File.Exists(layout.PidFile)) return null;

        // postmaster.pid: PID, data directory, start time, port, socket directory, …
        var lines = File.ReadAllLines(layout.PidFile);
        if (lines.Length < 5
            || !int.TryParse(lines[0].Trim(), out var postmaster)
            || !int.TryParse(lines[3].Trim(), out var port)
            || !LeftoverPostmaster.IsPostgresProcess(postmaster))
        {
            return null;
        }

        return new RunningServer(owner.Value, new EmbeddedPostgresCluster.ServerLaunch(port, lines[4].Trim(), postmaster));
    }

    /// <summary>
    /// Whether the process that started this cluster's server is gone (killed, crashed) while another did not take it
    /// over. A cluster that says no owner yet (one being started) is not orphaned.
    /// </summary>
    public static bool IsOrphaned(ClusterLayout layout) =>
        OwnerOf(layout) is { } owner && owner != Environment.ProcessId && !IsAlive(owner);

    private static int? OwnerOf(ClusterLayout layout)
    {
        try
        {
            return File.Exists(layout.OwnerFile) && int.TryParse(File.ReadAllText(layout.OwnerFile).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (LeftoverPostmaster.IsZombie(pid)) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}

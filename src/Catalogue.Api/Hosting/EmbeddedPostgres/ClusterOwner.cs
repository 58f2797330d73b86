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

    /// <summary>
    /// The live server of this cluster when another process started it and it is in use: by that process, alive, or by
    /// processes that share it (<see cref="ClusterSharers"/>) though its starter is gone — a node killed and started
    /// again beside another node on the same data directory stopped the server the other was using, which lost its
    /// database for good (found from outside). Null when there is none, or it is orphaned.
    /// </summary>
    public static RunningServer? RunningForAnotherService(ClusterLayout layout)
    {
        var owner = OwnerOf(layout);
        if (owner is null || owner == Environment.ProcessId || !(IsAlive(owner.Value) || ClusterSharers.Others(layout).Count > 0)) return null;
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
    /// Whether the process that started this cluster's server is gone (killed, crashed, or stopped leaving it to others)
    /// and no other process uses it. A cluster that says no owner yet (one being started) is not orphaned.
    /// </summary>
    public static bool IsOrphaned(ClusterLayout layout) =>
        OwnerOf(layout) is { } owner && owner != Environment.ProcessId && !IsAlive(owner) && ClusterSharers.Others(layout).Count == 0;

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

    internal static bool IsAlive(int pid)
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

/// <summary>
/// The processes that use a server another process started (nodes and verbs on the same data directory): a file each
/// under the cluster's folder naming the process and when it started, so that a number taken again by another process
/// after this one died is not counted. The server is stopped by the last of its users, not by its starter while
/// others still use it.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ClusterSharers
{
    public static void Join(ClusterLayout layout)
    {
        Directory.CreateDirectory(FolderOf(layout));
        File.WriteAllText(FileOf(layout, Environment.ProcessId), StartOf(Environment.ProcessId));
    }

    public static void Leave(ClusterLayout layout)
    {
        try
        {
            File.Delete(FileOf(layout, Environment.ProcessId));
        }
        catch (IOException)
        {
            // Swept as gone by whoever looks next.
        }
    }

    /// <summary>The live processes other than this one that use the server; the files of those gone are swept.</summary>
    public static IReadOnlyList<int> Others(ClusterLayout layout)
    {
        var folder = FolderOf(layout);
        if (!Directory.Exists(folder)) return [];
        var live = new List<int>();
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!int.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId) continue;
            string? started;
            try
            {
                started = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            if (ClusterOwner.IsAlive(pid) && StartOf(pid) == started) live.Add(pid);
            else File.Delete(file);
        }

        return live;
    }

    private static string FolderOf(ClusterLayout layout) => Path.Combine(layout.Root, "sharers");

    private static string FileOf(ClusterLayout layout, int pid) => Path.Combine(FolderOf(layout), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// When the process started, in clock ticks since boot as the kernel keeps it (/proc/PID/stat, field 22): exact, where
    /// Process.StartTime is worked out from the boot time anew at each call and differs by microseconds between calls.
    /// Empty where there is no /proc (the number alone is then compared).
    /// </summary>
    private static string StartOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 22 of the line is the 20th after the name (field 2) and the state (field 3).
            return fields.Length > 19 ? fields[19] : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}

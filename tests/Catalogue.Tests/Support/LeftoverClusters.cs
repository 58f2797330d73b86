using Catalogue.Api.Hosting.EmbeddedPostgres;

namespace Catalogue.Tests.Support;

/// <summary>
/// The throwaway clusters of earlier test runs that were killed (a second Ctrl+C, a CI job cancelled) before they could
/// stop them: each still runs PostgreSQL in its folder under the temp directory, and no later run opens that folder
/// again. The first service of a run stops them and deletes their folders; a run still going keeps its own.
/// </summary>
public static class LeftoverClusters
{
    /// <summary>How the folders of this suite's throwaway clusters are named: the sweep looks at these and nothing else
    /// (the benchmarks' kept catalogue, <c>catalogue-bench</c>, and anyone else's folders stay as they are).</summary>
    public const string SharedServices = "catalogue-tests-", SeparateProcesses = "catalogue-nodes-", OwnClusters = "catalogue-test-";

    private static readonly string[] Prefixes = [SharedServices, SeparateProcesses, OwnClusters];

    private static readonly Lazy<Task> Swept = new(SweepAsync);

    public static Task SweepOnceAsync() => Swept.Value;

    private static async Task SweepAsync()
    {
        foreach (var folder in Prefixes.SelectMany(prefix => Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*")))
        {
            try
            {
                if (await EmbeddedPostgresCluster.StopIfOrphanedAsync(folder)) Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or EmbeddedPostgresException)
            {
                // Left for the machine's own cleaning of its temp directory: a sweep never fails the run.
            }
        }
    }
}

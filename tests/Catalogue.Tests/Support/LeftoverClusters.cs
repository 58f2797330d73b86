using Catalogue.Api.Hosting.EmbeddedPostgres;

namespace Catalogue.Tests.Support;

/// <summary>
/// The throwaway clusters of earlier test runs that were killed (a second Ctrl+C, a CI job cancelled) before they could
/// stop them: each still runs PostgreSQL in its folder under the temp directory, and no later run opens that folder
/// again. The first service of a run stops them and deletes their folders; a run still going keeps its own.
/// </summary>
public static class LeftoverClusters
{
    private static readonly Lazy<Task> Swept = new(SweepAsync);

    public static Task SweepOnceAsync() => Swept.Value;

    private static async Task SweepAsync()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), "catalogue-*"))
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

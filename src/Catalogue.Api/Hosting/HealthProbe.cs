namespace Catalogue.Api.Hosting;

/// <summary>
/// <c>healthcheck URL</c>: asks a running service for its health and exits 0 when it is healthy. Container
/// images of .NET carry no curl, so the container's health check calls the service's own binary.
/// </summary>
public static class HealthProbe
{
    public const string DefaultUrl = $"{CatalogueDatabase.DefaultUrl}/health";

    /// <summary>The usage, for anything but nothing or one absolute http(s) URL.</summary>
    public static string? Refuses(string[] args) =>
        args is [] || (args is [var url] && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? null
            : $"usage: healthcheck [URL]   (URL an absolute http or https address, by default {DefaultUrl})";

    public static async Task<int> RunAsync(VerbRun run)
    {
        var url = run.Arguments is [var given, ..] ? given : DefaultUrl;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url, run.Cancellation);
            await run.Output.WriteLineAsync($"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(run.Cancellation)}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await run.Error.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}

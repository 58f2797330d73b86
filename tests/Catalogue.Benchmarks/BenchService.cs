using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Catalogue.Benchmarks;

/// <summary>
/// The service as a process of its own, as it is deployed (the benchmark's Release build of it), measured from outside:
/// one admin key, the log at warnings, and whatever else a harness sets.
/// </summary>
public static class BenchService
{
    /// <param name="service">The service's assembly; the benchmark's own Release build of it unless another is named.</param>
    public static Process Start(
        string connectionString, int port, string adminKey, IReadOnlyDictionary<string, string>? settings = null, string? service = null)
    {
        var start = Command(connectionString, ["--urls", $"http://127.0.0.1:{port}"], service);
        start.Environment["Catalogue__ApiKeys__bench__Key"] = adminKey;
        start.Environment["Catalogue__ApiKeys__bench__Role"] = "admin";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>One of the service's verbs, its output on this console (a progress line included).</summary>
    /// <returns>Its exit code.</returns>
    public static async Task<int> RunVerbAsync(string connectionString, params string[] args)
    {
        using var verb = Process.Start(Command(connectionString, args))!;
        await verb.WaitForExitAsync();
        return verb.ExitCode;
    }

    public static string OwnBuild => Path.Combine(AppContext.BaseDirectory, "Catalogue.Api.dll");

    private static ProcessStartInfo Command(string connectionString, IEnumerable<string> args, string? service = null)
    {
        service ??= OwnBuild;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false, WorkingDirectory = Path.GetDirectoryName(service)! };
        start.ArgumentList.Add(service);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Catalogue"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    /// <param name="every">How often readiness is asked (200 ms unless said).</param>
    public static async Task WaitUntilReadyAsync(HttpClient http, Process service, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or listening and not answering yet.
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(200));
        }

        throw new InvalidOperationException("the service did not become ready");
    }

    /// <summary>The async read models that have not yet processed every committed event, as <c>GET /api/projections</c> tells it, each with how many events it is behind.</summary>
    public static async Task<IReadOnlyList<(string Name, long LagEvents)>> AsyncReadModelsBehindAsync(HttpClient http)
    {
        var progress = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/projections"))!;
        return [.. progress["projections"]!.AsArray()
            .Where(p => p!["lifecycle"]!.GetValue<string>() == "async" && p["kind"]!.GetValue<string>() == "projection" && !p["caughtUp"]!.GetValue<bool>())
            .Select(p => (p!["name"]!.GetValue<string>(), p["lagEvents"]?.GetValue<long>() ?? 0))];
    }

    /// <summary>
    /// As a service manager stops it (SIGTERM), so that it leaves no node behind for the next run's Wolverine to eject;
    /// killed when it has not stopped within half a minute.
    /// </summary>
    public static async Task StopAsync(Process service)
    {
        if (service.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", service.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await service.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    public static double ResidentMiB(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>The most the process ever held resident (<c>VmHWM</c>), not only what it holds now.</summary>
    public static double PeakResidentMiB(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

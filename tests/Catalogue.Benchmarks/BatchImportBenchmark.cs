using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Catalogue.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet measurement: one large batch of archive pages streamed to the service, run as its own process,
/// while its resident memory is sampled. It shows the throughput of a batch and that the service's memory does not
/// grow with the size of the batch (it holds one page at a time).
/// </summary>
public static class BatchImportBenchmark
{
    private const string Boundary = "catalogue-benchmark-batch";
    private const string AdminKey = "batch-benchmark-admin-key";

    public static async Task<int> RunAsync(int pages, int kibPerPage)
    {
        var database = $"bench_batch_{Guid.NewGuid():N}"[..24];
        await BenchDatabase.ExecuteAsync($"create database {database}");
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = database }.ConnectionString;
        var batchFile = Path.Combine(Path.GetTempPath(), $"{database}.multipart");
        try
        {
            await WriteBatchAsync(batchFile, pages, kibPerPage);
            var batchBytes = new FileInfo(batchFile).Length;

            var port = FreeLoopbackPort();
            using var service = StartService(connectionString, port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await WaitUntilReadyAsync(http, service);

            var before = ResidentMiB(service);
            var peak = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ResidentMiB(service));
                    await Task.Delay(50);
                }
            });

            var clock = Stopwatch.StartNew();
            await using var file = File.OpenRead(batchFile);
            using var content = new StreamContent(file, 64 * 1024);
            content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
            using var response = await http.PostAsync("/api/imports/batches", content);
            var report = await response.Content.ReadAsStringAsync();
            var elapsed = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;

            if (response.StatusCode != HttpStatusCode.OK || !report.Contains($"\"created\":{pages},", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"the batch was not imported whole: {(int)response.StatusCode} {report[..Math.Min(report.Length, 2000)]}");
                return 1;
            }

            var mib = batchBytes / 1024.0 / 1024.0;
            Console.WriteLine($"batch import: {pages} pages of ~{kibPerPage} KiB, {mib:F0} MiB in one request, {elapsed.TotalSeconds:F1} s: "
                + $"{pages / elapsed.TotalSeconds:F0} pages/s, {mib / elapsed.TotalSeconds:F1} MiB/s");
            Console.WriteLine($"service resident memory: {before:F0} MiB ready, {peak:F0} MiB at most while importing ({peak - before:+0;-0} MiB for a {mib:F0} MiB batch)");
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            return 0;
        }
        finally
        {
            File.Delete(batchFile);
        }
    }

    /// <summary>The seed page as <paramref name="pages"/> distinct documents, each padded with paragraphs of full text.</summary>
    private static async Task WriteBatchAsync(string path, int pages, int kibPerPage)
    {
        var seed = await File.ReadAllTextAsync(SeedPagePath());
        var paragraph = "\n\nThe Ambassador noted the Premier's remarks on the transport of the embassy's archive from Nanjing to Beijing, "
            + "and undertook to report them to the Ministry of Foreign Affairs without delay.";
        var padding = new StringBuilder();
        while (padding.Length < Math.Max(0, kibPerPage * 1024 - seed.Length)) padding.Append(paragraph);

        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        for (var i = 1; i <= pages; i++)
        {
            var page = seed.Replace("document/117886", $"document/{700000 + i}").Replace("on 10 November 1949\n", $"on 10 November 1949 (copy {i})\n");
            await file.WriteAsync($"--{Boundary}\r\nContent-Disposition: form-data; name=\"page\"; filename=\"page-{i:D5}.txt\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
            await file.WriteAsync(page.TrimEnd());
            await file.WriteAsync(padding);
            await file.WriteAsync("\n\r\n");
        }

        await file.WriteAsync($"--{Boundary}--\r\n");
    }

    private static string SeedPagePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt");
            if (File.Exists(candidate)) return candidate;
        }

        throw new FileNotFoundException("seed-117886.txt not found above " + AppContext.BaseDirectory);
    }

    internal static Process StartService(string connectionString, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Catalogue.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Catalogue"] = connectionString;
        start.Environment["Catalogue__ApiKeys__bench__Key"] = AdminKey;
        start.Environment["Catalogue__ApiKeys__bench__Role"] = "admin";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    internal static async Task WaitUntilReadyAsync(HttpClient http, Process service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("the service did not become ready");
    }

    private static double ResidentMiB(Process process)
    {
        process.Refresh();
        return process.WorkingSet64 / 1024.0 / 1024.0;
    }

    internal static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

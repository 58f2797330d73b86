using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// The service as its own process against the run's PostgreSQL: how long a restart takes to <c>/health/ready</c> and
/// what it holds in memory then, and accession commands (one new stream each) from eight clients beside PostgreSQL's
/// own ceiling for the same durability — one-row INSERTs of the same payload, each committed — with the peak resident
/// memory the service reached under them.
/// </summary>
/// <remarks>
/// <c>--published DIR</c> starts the service from a folder of its own published build (a ReadyToRun publish, as the
/// Dockerfile makes) instead of the benchmark's Release build.
/// </remarks>
public static class ServiceBenchmark
{
    private const string AdminKey = "service-benchmark-admin-key";
    private const int Clients = 8;

    public static async Task<int> RunAsync(int restarts, int seconds, string? published)
    {
        var dll = published is null ? BenchService.OwnBuild : Path.GetFullPath(Path.Combine(published, "Catalogue.Api.dll"));
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"No service to start: {dll} does not exist");
            return 2;
        }

        Console.WriteLine($"The service as its own process ({(published is null ? "the benchmark's Release build" : $"published in {published}")}), {Environment.ProcessorCount} cores");
        var name = "service_benchmark";
        var connectionString = await BenchDatabase.FreshDatabaseAsync(name);

        var (service, port) = await StartsAsync(dll, connectionString, restarts, "");
        using (service)
        {
            await CommandsAsync(service, port, connectionString, seconds);
        }

        return 0;
    }

    /// <summary>
    /// The start-up of the service as <c>deploy/Dockerfile</c> builds it: the ReadyToRun publish made in
    /// <paramref name="published"/>, started on a database of its own and restarted <paramref name="restarts"/> times.
    /// </summary>
    public static async Task<int> DeployedStartsAsync(string published, int restarts)
    {
        var name = "service_benchmark_deployed";
        var connectionString = await BenchDatabase.FreshDatabaseAsync(name);
        var (service, _) = await StartsAsync(Path.Combine(published, "Catalogue.Api.dll"), connectionString, restarts, ", ReadyToRun publish");
        using (service)
        {
            await BenchService.StopAsync(service);
        }

        return 0;
    }

    /// <summary>The first start creates the schema; each restart after it finds it up to date.</summary>
    /// <returns>The last start, still running.</returns>
    private static async Task<(Process Service, int Port)> StartsAsync(string dll, string connectionString, int restarts, string build)
    {
        var starts = new List<(double Seconds, double ResidentMiB)>();
        for (var run = 0; ; run++)
        {
            var (elapsed, resident, service, port) = await StartAsync(dll, connectionString);
            starts.Add((elapsed.TotalSeconds, resident));
            if (run == restarts)
            {
                Report(starts, build);
                return (service, port);
            }

            await BenchService.StopAsync(service);
            service.Dispose();
        }
    }

    private static void Report(List<(double Seconds, double ResidentMiB)> starts, string build)
    {
        var warm = starts.Skip(1).Select(s => s.Seconds).Order().ToArray();
        Console.WriteLine($"first start (schema created{build}): {starts[0].Seconds:F2} s to /health/ready, {starts[0].ResidentMiB:F0} MiB resident");
        if (warm.Length > 0)
        {
            Console.WriteLine(
                $"restart to /health/ready ({warm.Length} restarts{build}): median {warm[warm.Length / 2]:F2} s, fastest {warm[0]:F2} s, slowest {warm[^1]:F2} s; " +
                $"resident when ready {starts.Skip(1).Max(s => s.ResidentMiB):F0} MiB at most (goal: 1.5 s)");
        }
    }

    private static async Task<(TimeSpan Elapsed, double ResidentMiB, Process Service, int Port)> StartAsync(string dll, string connectionString)
    {
        var port = BenchService.FreeLoopbackPort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var service = BenchService.Start(connectionString, port, AdminKey, new Dictionary<string, string>
        {
            ["Catalogue__RateLimit__PermitsPerMinute"] = "1000000000",
        }, dll);
        await BenchService.WaitUntilReadyAsync(http, service, every: TimeSpan.FromMilliseconds(10));
        var elapsed = clock.Elapsed;
        return (elapsed, BenchService.ResidentMiB(service), service, port);
    }

    private static async Task CommandsAsync(Process service, int port, string connectionString, int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 3, 10));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        var number = 0;
        Console.WriteLine($"  accession commands, {Clients} clients, {seconds} s after {warmUp.TotalSeconds:F0} s of warm-up: the service ...");
        var served = await LoadRun.ClosedLoopAsync(Clients, warmUp, duration, async ct =>
        {
            var title = $"Memorandum of conversation no. {Interlocked.Increment(ref number)} between Stalin and Mao Zedong";
            using var response = await http.PostAsJsonAsync("/api/records", new { title }, ct);
            return response.IsSuccessStatusCode;
        });
        var sequential = await SequentialCommandsAsync(http, warmUp, duration);
        var peak = BenchService.PeakResidentMiB(service);

        // What the service answers without the database, through the same clients: the most any command could reach here.
        Console.WriteLine($"  the request pipeline alone, {Clients} clients: GET /health/live, then POST /api/citations/parse ...");
        var live = await LoadRun.ClosedLoopAsync(Clients, warmUp, duration, async ct =>
        {
            using var response = await http.GetAsync("/health/live", ct);
            return response.IsSuccessStatusCode;
        });
        var parsed = await LoadRun.ClosedLoopAsync(Clients, warmUp, duration, async ct =>
        {
            using var response = await http.PostAsJsonAsync("/api/citations/parse", new { citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85." }, ct);
            return response.IsSuccessStatusCode;
        });

        await LongStreamBenchmark.RunAsync(http, connectionString);
        await BenchService.StopAsync(service);

        // The same payload as one row, committed by itself, through the same client settings as the service's.
        Console.WriteLine("  accession commands: PostgreSQL directly ...");
        await using var database = NpgsqlDataSource.Create(Catalogue.Api.Hosting.ConnectionReuse.ApplyTo(connectionString));
        await using (var table = database.CreateCommand("create table if not exists raw_appends (id uuid primary key, data jsonb not null, at timestamptz not null default now())"))
        {
            await table.ExecuteNonQueryAsync();
        }

        async Task<bool> InsertOneRowAsync(CancellationToken ct)
        {
            await using var insert = database.CreateCommand("insert into raw_appends (id, data) values ($1, $2::jsonb)");
            insert.Parameters.AddWithValue(Guid.CreateVersion7());
            insert.Parameters.AddWithValue($$"""{"Title": "Memorandum of conversation no. {{Interlocked.Increment(ref number)}} between Stalin and Mao Zedong"}""");
            return await insert.ExecuteNonQueryAsync(ct) == 1;
        }

        var raw = await LoadRun.ClosedLoopAsync(Clients, warmUp, duration, InsertOneRowAsync);

        // One connection committing one row after another: the most one client waiting for each commit could reach.
        var rawSequential = await LoadRun.ClosedLoopAsync(1, warmUp, duration, InsertOneRowAsync);

        Console.WriteLine();
        Console.WriteLine("scenario            | service p50    p99   req/s  failed |  raw p50    p99   req/s | service/raw req/s");
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture,
                $"accession commands  | {served.Percentile(0.5),11:F1} {served.Percentile(0.99),6:F1} {served.PerSecond,7:F0} {served.Failures,7} | {raw.Percentile(0.5),8:F2} {raw.Percentile(0.99),6:F2} {raw.PerSecond,7:F0} | {served.PerSecond / raw.PerSecond,17:F2}x"));
        Console.WriteLine(
            string.Create(CultureInfo.InvariantCulture,
                $"1 record, 1 client  | {sequential.Percentile(0.5),11:F1} {sequential.Percentile(0.99),6:F1} {sequential.PerSecond,7:F0} {sequential.Failures,7} | {rawSequential.Percentile(0.5),8:F2} {rawSequential.Percentile(0.99),6:F2} {rawSequential.PerSecond,7:F0} | {sequential.PerSecond / rawSequential.PerSecond,17:F2}x (each command names the version the one before made; raw: one connection, one row a commit; goal: ≥ 500/s)"));
        foreach (var (name, alone) in new[] { ("GET /health/live", live), ("citation parse", parsed) })
        {
            Console.WriteLine(
                string.Create(CultureInfo.InvariantCulture,
                    $"{name,-19} | {alone.Percentile(0.5),11:F1} {alone.Percentile(0.99),6:F1} {alone.PerSecond,7:F0} {alone.Failures,7} | (no database: the pipeline's own bound, {alone.PerSecond / raw.PerSecond:F2}x of the raw insert rate)"));
        }

        Console.WriteLine($"(latencies in ms; goal: ≥ 0.5x of the raw rate, p99 ≤ 50 ms) peak resident memory under the commands: {peak:F0} MiB (goal: ≤ 300 MiB)");
    }

    /// <summary>
    /// One archivist changing one record, each command against the version the one before it made (as a client that
    /// reads its own answers does): how many changes to one record a second, one after the other.
    /// </summary>
    private static async Task<Measured> SequentialCommandsAsync(HttpClient http, TimeSpan warmUp, TimeSpan duration)
    {
        Console.WriteLine($"  commands on one record, one client: the service ...");
        using var accessioned = await http.PostAsJsonAsync("/api/records", new { title = "Memorandum tagged one change after another" });
        var created = await accessioned.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CommandAnswer>();
        var (id, version) = (created!.Id, created.Version);
        var number = 0;
        return await LoadRun.ClosedLoopAsync(1, warmUp, duration, async ct =>
        {
            // Tagged, then the tag taken back, and again: the record stays the size it was while its history grows.
            var subjects = new[] { "Korean War" };
            using var response = Interlocked.Increment(ref number) % 2 == 1
                ? await http.PostAsJsonAsync($"/api/records/{id}/subjects", new { subjects, version }, ct)
                : await http.PostAsJsonAsync($"/api/records/{id}/subjects/removal", new { subjects, version, reason = "Tagged by mistake" }, ct);
            if (!response.IsSuccessStatusCode) return false;
            version = (await response.Content.ReadFromJsonAsync<CommandAnswer>(ct))!.Version;
            return true;
        });
    }

    private sealed record CommandAnswer(Guid Id, long Version);

}

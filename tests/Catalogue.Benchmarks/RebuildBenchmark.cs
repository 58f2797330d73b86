using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// A full rebuild of the read models, as an admin asks the running service for it (<c>POST
/// /api/admin/projections/rebuild</c>), over a generated catalogue, with its progress read over HTTP as it goes —
/// beside PostgreSQL's own reading of the same events (<c>COPY (SELECT data FROM mt_events) TO STDOUT</c>).
/// </summary>
public static class RebuildBenchmark
{
    private const string AdminKey = "rebuild-benchmark-admin-key";

    public static async Task<int> RunAsync(int records)
    {
        Console.WriteLine($"A full rebuild of the read models over a generated catalogue of {records:N0} records, {Environment.ProcessorCount} cores");
        // A database of its own: the rebuild leaves the read models as they were, so the catalogue serves the next run too.
        var name = $"rebuild_{records}";
        var connectionString = new NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = name }.ConnectionString;
        if (!await ReadSideBenchmark.EnsureCatalogueAsync(name, connectionString, records)) return 1;

        await using var database = NpgsqlDataSource.Create(connectionString);
        var events = await CountEventsAsync(database);

        var port = BenchService.FreeLoopbackPort();
        using var service = BenchService.Start(connectionString, port, AdminKey);
        TimeSpan rebuilt;
        Writes written, writtenDuringCheck;
        double peak;
        JsonNode answer, check;
        TimeSpan checkedIn;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await BenchService.WaitUntilReadyAsync(http, service);
            // A rebuild replaces an async read model only once the daemon holds every event: let it get there first.
            await ReadSideBenchmark.WaitUntilListedAsync(http);

            Console.WriteLine($"  rebuilding the read models from {events:N0} events, progress as GET /api/projections tells it:");
            using var stopWriting = new CancellationTokenSource();
            var archivist = ArchivistAsync(http, stopWriting.Token);
            var clock = Stopwatch.StartNew();
            var rebuild = http.PostAsync("/api/admin/projections/rebuild", null);
            while (await Task.WhenAny(rebuild, Task.Delay(TimeSpan.FromSeconds(10))) != rebuild)
            {
                var maintenance = JsonNode.Parse(await http.GetStringAsync("/api/projections"))!["maintenance"];
                var building = string.Join(", ", maintenance?["readModels"]?.AsArray().Select(b => $"{b!["name"]} {b["percent"]} %") ?? []);
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,5:F0} s  {(building.Length > 0 ? building : "(the live read models being compared with the rebuilt ones)")}");
            }

            using var response = await rebuild;
            rebuilt = clock.Elapsed;
            await stopWriting.CancelAsync();
            written = await archivist;
            peak = BenchService.PeakResidentMiB(service);
            answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"the rebuild answered {(int)response.StatusCode}: {answer.ToJsonString()}");
                return 1;
            }

            // A check right after, as an auditor runs it, the archivist still revising.
            Console.WriteLine("  checking the read models against a rebuild from the events (GET /api/audit/verify-projections) ...");
            using var stopWritingAgain = new CancellationTokenSource();
            var archivistAgain = ArchivistAsync(http, stopWritingAgain.Token);
            clock.Restart();
            using var checkResponse = await http.GetAsync("/api/audit/verify-projections");
            checkedIn = clock.Elapsed;
            await stopWritingAgain.CancelAsync();
            writtenDuringCheck = await archivistAgain;
            check = JsonNode.Parse(await checkResponse.Content.ReadAsStringAsync())!;
            if (!checkResponse.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"the check answered {(int)checkResponse.StatusCode}: {check.ToJsonString()}");
                return 1;
            }
        }
        finally
        {
            await BenchService.StopAsync(service);
        }

        Console.WriteLine("  the same events: PostgreSQL directly ...");
        await RawReadAsync(database);
        var raw = await RawReadAsync(database);

        var rebuildRate = events / rebuilt.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("read model             | built in   events/s (each read model reads every event it folds)");
        foreach (var model in answer["rebuilt"]!.AsArray())
        {
            var built = model!["seconds"]!.GetValue<double>();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model["readModel"],-22} | {built,6:F1} s {events / built,10:N0}{(model["skipped"] is { } skipped ? $"  {skipped}" : "")}"));
        }

        Console.WriteLine();
        Console.WriteLine("scenario                       |  service events/s  seconds |   raw rows/s  seconds | service/raw");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"full rebuild ({answer["rebuilt"]!.AsArray().Count} read models)    | {rebuildRate,17:N0} {rebuilt.TotalSeconds,8:F1} | {events / raw.TotalSeconds,12:N0} {raw.TotalSeconds,8:F1} | {rebuildRate / (events / raw.TotalSeconds),10:F3}x"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"({events:N0} events of {records:N0} records; goal: ≥ 0.25x, and 1,000,000 events in < 60 s: at this rate {1_000_000 / rebuildRate:F0} s); the service's peak resident memory: {peak:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"an archivist's title revisions during it, one every {Writes.Every.TotalMilliseconds:F0} ms: {Waits(written)}; the rebuild held changes {Held(answer)}"));
        var identical = check["identical"]!.GetValue<bool>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"a check right after: {checkedIn.TotalSeconds:F1} s, {(identical ? "identical" : "DIFFERENT")}; the revisions during it: {Waits(writtenDuringCheck)}; the check held changes {Held(check)}"));
        return answer["rebuilt"]!.AsArray().Any(m => m!["skipped"] is not null) || !identical ? 1 : 0;
    }

    private static string Waits(Writes written)
    {
        var latencies = written.Latencies.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{latencies.Count} answered {written.Answers}; p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, longest {latencies.LastOrDefault():F1} ms");
    }

    private static string Held(JsonNode answer) => answer["changesHeldSeconds"] is { } held
        ? string.Create(CultureInfo.InvariantCulture, $"{held.GetValue<double>():F1} s in all")
        : "(not told by this version)";

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Writes(List<double> Latencies, string Answers)
    {
        public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>
    /// An archivist revising the titles of a few records, one revision every <see cref="Writes.Every"/>, until stopped:
    /// how long each waited for its answer while the rebuild ran. Revisions of a few records, not accessions, so the
    /// catalogue keeps its records for the next run (each run adds a few hundred events to eight streams).
    /// </summary>
    private static async Task<Writes> ArchivistAsync(HttpClient http, CancellationToken stop)
    {
        var page = JsonNode.Parse(await http.GetStringAsync("/api/records?pageSize=8"))!;
        var versions = new Dictionary<string, long>();
        foreach (var line in page["items"]!.AsArray())
        {
            var id = line!["id"]!.GetValue<string>();
            versions[id] = JsonNode.Parse(await http.GetStringAsync($"/api/records/{id}"))!["version"]!.GetValue<long>();
        }

        var latencies = new List<double>();
        var answers = new SortedDictionary<int, int>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = versions.Keys.ElementAt(n % versions.Count);
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync($"/api/records/{id}/title", JsonContent(new JsonObject
            {
                ["version"] = versions[id], ["title"] = $"Memorandum of conversation, revision {n}", ["reason"] = "Rebuild benchmark: a revision during the rebuild",
            }));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
            answers[(int)response.StatusCode] = answers.GetValueOrDefault((int)response.StatusCode) + 1;
            if (response.IsSuccessStatusCode) versions[id] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!.GetValue<long>();
            else versions[id] = JsonNode.Parse(await http.GetStringAsync($"/api/records/{id}"))!["version"]!.GetValue<long>();
            try
            {
                await Task.Delay(Writes.Every, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new Writes(latencies, string.Join(", ", answers.Select(a => $"{a.Key}×{a.Value}")));
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    private static async Task<long> CountEventsAsync(NpgsqlDataSource database)
    {
        await using var count = database.CreateCommand("select count(*) from catalogue.mt_events");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Every event's data as PostgreSQL sends it out, each line read by the client.</summary>
    private static async Task<TimeSpan> RawReadAsync(NpgsqlDataSource database)
    {
        await using var connection = await database.OpenConnectionAsync();
        var clock = Stopwatch.StartNew();
        using var export = await connection.BeginTextExportAsync("copy (select data from catalogue.mt_events) to stdout");
        while (await export.ReadLineAsync() is not null)
        {
        }

        return clock.Elapsed;
    }
}

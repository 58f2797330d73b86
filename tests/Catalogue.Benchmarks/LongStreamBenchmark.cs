using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// An auditor's reads of a record with a long history: one record given <see cref="Events"/> events by the commands an
/// archivist sends (titles, summaries, subjects and places revised, added and taken back), then the record as of a
/// version and as of an instant, its blame, and a diff of its whole history and of its last ten changes, each asked by
/// one client one after the other — beside PostgreSQL's own reading of the same stream's events.
/// </summary>
public static class LongStreamBenchmark
{
    public const int Events = 1000;
    private const int Asked = 200;

    private const string AdminKey = "long-stream-benchmark-admin-key";

    /// <summary>The service as its own process on a database of its own, then <see cref="RunAsync"/>.</summary>
    public static async Task<int> RunAloneAsync()
    {
        Console.WriteLine($"An auditor's reads of a long history, the service as its own process (the benchmark's Release build), {Environment.ProcessorCount} cores");
        const string name = "long_streams";
        var connectionString = await BenchDatabase.FreshDatabaseAsync(name);
        var port = BenchService.FreeLoopbackPort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var service = BenchService.Start(connectionString, port, AdminKey, new Dictionary<string, string>
        {
            ["Catalogue__RateLimit__PermitsPerMinute"] = "1000000000",
        }, BenchService.OwnBuild);
        await BenchService.WaitUntilReadyAsync(http, service, every: TimeSpan.FromMilliseconds(50));
        try
        {
            await RunAsync(http, connectionString);
        }
        finally
        {
            await BenchService.StopAsync(service);
        }

        return 0;
    }

    public static async Task RunAsync(HttpClient http, string connectionString)
    {
        Console.WriteLine($"  a record with {Events} events: written by commands ...");
        var (id, version, halfway) = await WriteAsync(http);

        // Read once the daemon has caught up with the commands before: the reads measured, not the daemon beside them.
        await ReadSideBenchmark.WaitUntilListedAsync(http);
        Console.WriteLine($"  a record with {Events} events: each read {Asked} times by one client ...");
        var reads = new (string Name, string Uri)[]
        {
            ("as of a version", $"/api/records/{id}?version={version / 2}"),
            ("as of an instant", $"/api/records/{id}?asOf={Uri.EscapeDataString(halfway.ToString("O", CultureInfo.InvariantCulture))}"),
            ("blame", $"/api/records/{id}/blame"),
            ("diff, whole history", $"/api/records/{id}/diff"),
            ("diff, last 10", $"/api/records/{id}/diff?from={version - 10}"),
            ("history", $"/api/records/{id}/history"),
        };
        var measured = new List<(string Name, Measured Served)>();
        foreach (var (name, uri) in reads)
        {
            measured.Add((name, await SequentiallyAsync(async () =>
            {
                using var response = await http.GetAsync(uri);
                return response.IsSuccessStatusCode;
            })));
        }

        await using var database = NpgsqlDataSource.Create(Catalogue.Api.Hosting.ConnectionReuse.ApplyTo(connectionString));
        var raw = await SequentiallyAsync(async () =>
        {
            await using var read = database.CreateCommand("select data, type, version, timestamp from catalogue.mt_events where stream_id = $1 order by version");
            read.Parameters.AddWithValue(id);
            await using var rows = await read.ExecuteReaderAsync();
            var count = 0;
            while (await rows.ReadAsync())
            {
                _ = rows.GetString(0);
                count++;
            }

            return count == version;
        });

        Console.WriteLine();
        Console.WriteLine($"record with {version} events    | service p50    p99  failed | raw p50    p99 | goal");
        foreach (var (name, served) in measured)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-26} | {served.Percentile(0.5),11:F1} {served.Percentile(0.99),6:F1} {served.Failures,7} | {raw.Percentile(0.5),7:F2} {raw.Percentile(0.99),6:F2} | {(name == "history" ? "—" : "≤ 20 ms")}"));
        }

        Console.WriteLine("(latencies in ms, one client; raw: the stream's events read by one SELECT)");
    }

    /// <returns>The record, its last version, and an instant between its middle events.</returns>
    private static async Task<(Guid Id, long Version, DateTimeOffset Halfway)> WriteAsync(HttpClient http)
    {
        using var accessioned = await http.PostAsJsonAsync("/api/records", new
        {
            title = "Memorandum of Conversation between Filippov (Stalin) and Zhou Enlai",
            sourceUrl = "https://digitalarchive.wilsoncenter.org/document/117886",
        });
        var answer = (await accessioned.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CommandAnswer>())!;
        var (id, version) = (answer.Id, answer.Version);

        // Catalogued as the seed is, its translation's full text attached, before the corrections begin.
        var fullText = string.Concat(Enumerable.Repeat("Zhou Enlai said that Mao Zedong wished to travel to Moscow. ", 200));
        var catalogued = new (string Path, Func<long, object> Body)[]
        {
            ("dates", v => new { version = v, role = "described", asWritten = "November 10, 1949", edtf = "1949-11-10" }),
            ("classification", v => new { version = v, marks = "Top Secret, Copy 4" }),
            ("creators", v => new { version = v, creators = new[] { new { name = "N.V. Roshchin", role = "author" } } }),
            ("participants", v => new { version = v, participants = new[] { new { name = "Zhou Enlai", role = "participant" } } }),
            ("provenance", v => new { version = v, repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-85" }),
            ("translations", v => new { version = v, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }),
            ("funding-notes", v => new { version = v, funder = "Leon Levy Foundation", note = "This document was made possible with support from Leon Levy Foundation" }),
            ("original-languages", v => new { version = v, languages = new[] { new { code = "ru", name = "Russian" } } }),
            ("full-texts", v => new { version = v, text = fullText, language = "en", kind = "translation" }),
            ("publish", v => new { version = v }),
        };
        foreach (var (path, body) in catalogued)
        {
            using var response = await http.PostAsJsonAsync($"/api/records/{id}/{path}", body(version));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            version = (await response.Content.ReadFromJsonAsync<CommandAnswer>())!.Version;
        }

        var halfway = DateTimeOffset.MinValue;
        for (var n = 1; version < Events; n++)
        {
            var reason = $"Correction {n} after checking the original";
            HttpResponseMessage response = (n % 6) switch
            {
                0 => await http.PostAsJsonAsync($"/api/records/{id}/title", new { version, title = $"Memorandum of Conversation with Zhou Enlai (revision {n})", reason }),
                1 => await http.PostAsJsonAsync($"/api/records/{id}/summary", new { version, summary = $"Zhou Enlai reports on the Party's work; revision {n} of the summary.", reason }),
                2 => await http.PostAsJsonAsync($"/api/records/{id}/subjects", new { version, subjects = new[] { $"Korean War, revision {n}" } }),
                3 => await http.PostAsJsonAsync($"/api/records/{id}/subjects/removal", new { version, subjects = new[] { $"Korean War, revision {n - 1}" }, reason }),
                4 => await http.PostAsJsonAsync($"/api/records/{id}/places", new { version, places = new[] { "Moscow" } }),
                _ => await http.PostAsJsonAsync($"/api/records/{id}/places/removal", new { version, places = new[] { "Moscow" }, reason }),
            };
            using (response)
            {
                version = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CommandAnswer>())!.Version;
            }

            if (version == Events / 2) halfway = DateTimeOffset.UtcNow;
        }

        return (id, version, halfway);
    }

    private static async Task<Measured> SequentiallyAsync(Func<Task<bool>> once)
    {
        for (var i = 0; i < Asked; i++) await once();
        var latencies = new List<double>(Asked);
        var failures = 0;
        var run = Stopwatch.StartNew();
        for (var i = 0; i < Asked; i++)
        {
            var clock = Stopwatch.StartNew();
            if (await once()) latencies.Add(clock.Elapsed.TotalMilliseconds);
            else failures++;
        }

        return new Measured([.. latencies], failures, run.Elapsed);
    }

    private sealed record CommandAnswer(Guid Id, long Version);
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// One node against several on the same PostgreSQL: the service started as its own process once, then as
/// <c>--nodes</c> processes on one database, and the same load spread over them by the clients (as a load balancer
/// would, each client keeping to one node): accession commands, then record reads, then both at once. Beside them,
/// the async daemon's lag when the load ends, which whichever node holds it has to fold.
/// </summary>
public static class NodesBenchmark
{
    private const string AdminKey = "nodes-benchmark-admin-key";
    private const int Clients = 8;

    public static async Task<int> RunAsync(int nodes, int seconds)
    {
        Console.WriteLine($"One node against {nodes}, on one PostgreSQL, {Environment.ProcessorCount} cores; {Clients} clients, {seconds} s a scenario");
        var rows = new List<string>();
        foreach (var count in new[] { 1, nodes })
        {
            rows.AddRange(await MeasureAsync(count, seconds));
        }

        Console.WriteLine();
        Console.WriteLine("nodes | scenario                  |    p50     p99    req/s  failed | async read models caught up after the load");
        foreach (var row in rows) Console.WriteLine(row);
        Console.WriteLine("(latencies in ms; every node on this machine: the nodes, PostgreSQL and the clients share its cores)");
        return 0;
    }

    private static async Task<IReadOnlyList<string>> MeasureAsync(int count, int seconds)
    {
        var name = $"nodes_benchmark_{count}";
        var connectionString = await BenchDatabase.FreshDatabaseAsync(name);
        var settings = new Dictionary<string, string> { ["Catalogue__RateLimit__PermitsPerMinute"] = "1000000000" };

        Console.WriteLine($"  {count} node(s): starting ...");
        var started = new List<(Process Service, HttpClient Http)>();
        try
        {
            // The first node creates the schema; the others start on it.
            for (var node = 0; node < count; node++)
            {
                var port = BenchService.FreeLoopbackPort();
                var service = BenchService.Start(connectionString, port, AdminKey, settings);
                var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
                {
                    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                    Timeout = TimeSpan.FromMinutes(2),
                };
                http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
                started.Add((service, http));
                await BenchService.WaitUntilReadyAsync(http, service);
            }

            var duration = TimeSpan.FromSeconds(seconds);
            var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 3, 10));
            var https = started.Select(s => s.Http).ToArray();
            var number = 0;
            var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
            Guid[] known = [];

            async Task<bool> Accession(HttpClient http, CancellationToken ct)
            {
                var title = $"Memorandum of conversation no. {Interlocked.Increment(ref number)} between Stalin and Mao Zedong";
                using var response = await http.PostAsJsonAsync("/api/records", new { title }, ct);
                if (!response.IsSuccessStatusCode) return false;
                ids.Add((await response.Content.ReadFromJsonAsync<CommandAnswer>(ct))!.Id);
                return true;
            }

            async Task<bool> Read(HttpClient http, CancellationToken ct)
            {
                using var response = await http.GetAsync($"/api/records/{known[Random.Shared.Next(known.Length)]}", ct);
                return response.IsSuccessStatusCode;
            }

            var results = new List<(string Scenario, Measured Measured)>();
            Console.WriteLine($"  {count} node(s): accession commands ...");
            results.Add(("accession commands", await ClientsAsync(warmUp, duration, https, (http, _, ct) => Accession(http, ct))));
            known = [.. ids];
            Console.WriteLine($"  {count} node(s): record reads ...");
            results.Add(("record GET", await ClientsAsync(warmUp, duration, https, (http, _, ct) => Read(http, ct))));
            Console.WriteLine($"  {count} node(s): 1 client in 4 writing, 3 reading ...");
            results.Add(("mixed: 25 % commands", await ClientsAsync(warmUp, duration, https, (http, client, ct) => client % 4 == 0 ? Accession(http, ct) : Read(http, ct))));

            var caughtUp = await CaughtUpAsync(https[0]);
            return [.. results.Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{count,5} | {r.Scenario,-25} | {r.Measured.Percentile(0.5),6:F1} {r.Measured.Percentile(0.99),7:F1} {r.Measured.PerSecond,8:F0} {r.Measured.Failures,7} | {(r.Scenario == results[^1].Scenario ? caughtUp : "")}"))];
        }
        finally
        {
            foreach (var (service, http) in started)
            {
                await BenchService.StopAsync(service);
                service.Dispose();
                http.Dispose();
            }
        }
    }

    /// <summary>
    /// Each of the <see cref="Clients"/> clients keeps to one node for the whole run (client i to node i mod nodes), as
    /// behind a load balancer with keep-alive connections.
    /// </summary>
    private static Task<Measured> ClientsAsync(TimeSpan warmUp, TimeSpan duration, HttpClient[] nodes, Func<HttpClient, int, CancellationToken, Task<bool>> request) =>
        LoadRun.ClosedLoopAsync(Clients, warmUp, duration, (client, ct) => request(nodes[client % nodes.Length], client, ct));

    /// <summary>How long after the load the async read models and the sealer held every event, as a node reports them.</summary>
    private static async Task<string> CaughtUpAsync(HttpClient node)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var overview = await node.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/api/projections");
            if (overview!["projections"]!.AsArray().All(p => p!["caughtUp"]!.GetValue<bool>())) return $"{clock.Elapsed.TotalSeconds:F1} s";
            await Task.Delay(100);
        }

        return "not within 5 min";
    }

    private sealed record CommandAnswer(Guid Id, long Version);
}

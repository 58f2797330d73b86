using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>How far behind the appends a projection was, sampled through a steady write load.</summary>
public sealed record LagSamples(string Projection, string Measure, IReadOnlyList<double> Values);

/// <summary>A steady write load, and what the lag of the projections behind it was.</summary>
/// <param name="Service">
/// What <c>GET /api/projections</c> said; null, with <see cref="NotMeasured"/> saying why, when the service has no such endpoint.
/// </param>
/// <param name="Database">Each asynchronous projection's progress as the event store records it (Marten's <c>mt_event_progression</c>).</param>
public sealed record LagReport(Measured Commands, int Sent, IReadOnlyList<LagSamples>? Service, string? NotMeasured, IReadOnlyList<LagSamples> Database);

/// <summary>
/// Projection lag measured from outside: commands sent at a steady rate for the run (tags on records of the catalogue,
/// each naming the version it was made against), while <c>GET /api/projections</c> is sampled — and beside it the
/// event store's own record of each asynchronous projection's progress.
/// </summary>
public static class ProjectionLag
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Per asynchronous shard: how many events it is behind the newest, and how long ago the oldest it has not
    /// processed was appended.
    /// </summary>
    private const string ProgressSql =
        """
        select p.name, h.head - p.last_seq_id,
               coalesce(extract(epoch from now() - (select e.timestamp from catalogue.mt_events e where e.seq_id > p.last_seq_id order by e.seq_id limit 1)), 0)
        from catalogue.mt_event_progression p, (select coalesce(max(seq_id), 0) as head from catalogue.mt_events) h
        where p.name not like 'HighWater%'
        """;

    /// <param name="records">Records to tag and the version each is at; each is tagged in turn, so no two commands race on one.</param>
    public static async Task<LagReport> RunAsync(HttpClient http, NpgsqlDataSource database, IReadOnlyList<(Guid Id, long Version)> records, int perSecond, TimeSpan duration)
    {
        var versions = records.ToArray();
        var run = Guid.NewGuid().ToString("N")[..8];
        using var stop = new CancellationTokenSource();
        var serviceSampler = SampleServiceAsync(http, stop.Token);
        var databaseSampler = SampleDatabaseAsync(database, stop.Token);

        var latencies = new List<double>();
        var failures = 0;
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; clock.Elapsed < duration; sent++)
        {
            // Open loop: a slow answer does not slow the rate, as archivists do not wait for each other.
            var due = TimeSpan.FromSeconds((double)sent / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var slot = sent % versions.Length;
            var number = sent;
            inFlight.Add(Task.Run(async () =>
            {
                var (id, version) = versions[slot];
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/records/{id}/subjects")
                {
                    Content = JsonContent.Create(new { subjects = new[] { $"Read-side benchmark {run} #{number}" } }),
                };
                request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
                var started = clock.Elapsed;
                using var response = await http.SendAsync(request);
                var ended = clock.Elapsed;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                    return;
                }

                var accepted = await response.Content.ReadFromJsonAsync<JsonObject>();
                versions[slot] = (id, accepted!["version"]!.GetValue<long>());
                lock (latencies) latencies.Add((ended - started).TotalMilliseconds);
            }));
        }

        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed;
        // The lag is worth seeing as it drains, a moment after the last command.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var (service, notMeasured) = await serviceSampler;
        return new LagReport(new Measured([.. latencies], failures, elapsed), sent, service, notMeasured, await databaseSampler);
    }

    /// <summary>
    /// Samples <c>GET /api/projections</c> while it answers. Its shape is read leniently — a list (or an object holding
    /// one) of projections, each with a name and numbers whose names speak of lag (<c>lag…</c>, <c>…behind…</c>) — so
    /// that the figure appears as soon as the endpoint does; what is read is named as the endpoint names it.
    /// </summary>
    private static async Task<(IReadOnlyList<LagSamples>?, string?)> SampleServiceAsync(HttpClient http, CancellationToken stop)
    {
        var samples = new Dictionary<(string, string), List<double>>();
        while (!stop.IsCancellationRequested)
        {
            using var response = await http.GetAsync("/api/projections", CancellationToken.None);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
                return (null, $"GET /api/projections answers {(int)response.StatusCode}: the service has no such endpoint yet (its read models are inline, readable in the command's own answer)");
            if (!response.IsSuccessStatusCode) return (null, $"GET /api/projections answers {(int)response.StatusCode}");

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None));
            foreach (var projection in Projections(body))
            {
                var name = new[] { "name", "projection", "shardName", "shard" }.Select(key => Property(projection, key)?.GetValue<string>()).FirstOrDefault(n => n is not null) ?? "?";
                foreach (var (measure, value) in projection.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number))
                {
                    if (!measure.Contains("lag", StringComparison.OrdinalIgnoreCase) && !measure.Contains("behind", StringComparison.OrdinalIgnoreCase)) continue;
                    samples.TryAdd((name, measure), []);
                    samples[(name, measure)].Add(value!.GetValue<double>());
                }
            }

            await Delay(stop);
        }

        return samples.Count == 0
            ? (null, "GET /api/projections answers, but names no lag (no number called lag… or …behind…): read it and name its figures in ProjectionLag")
            : ([.. samples.Select(s => new LagSamples(s.Key.Item1, s.Key.Item2, s.Value))], null);
    }

    private static IEnumerable<JsonObject> Projections(JsonNode? body) => body switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        JsonObject holder => holder.Select(p => p.Value).OfType<JsonArray>().FirstOrDefault()?.OfType<JsonObject>() ?? [],
        _ => [],
    };

    private static JsonNode? Property(JsonObject node, string name) =>
        node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static async Task<IReadOnlyList<LagSamples>> SampleDatabaseAsync(NpgsqlDataSource database, CancellationToken stop)
    {
        var behind = new Dictionary<string, List<double>>();
        var seconds = new Dictionary<string, List<double>>();
        while (!stop.IsCancellationRequested)
        {
            await using (var command = database.CreateCommand(ProgressSql))
            await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
            {
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    var name = reader.GetString(0);
                    behind.TryAdd(name, []);
                    seconds.TryAdd(name, []);
                    behind[name].Add(reader.GetInt64(1));
                    seconds[name].Add(Convert.ToDouble(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            await Delay(stop);
        }

        return [.. behind.Keys.Order().SelectMany(name => new[] { new LagSamples(name, "events behind", behind[name]), new LagSamples(name, "seconds behind", seconds[name]) })];
    }

    private static async Task Delay(CancellationToken stop)
    {
        try
        {
            await Task.Delay(SampleEvery, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet measurement: the read side of a generated catalogue, served by the service as its own process
/// and measured from outside at a fixed concurrency, each figure beside the same query run directly in PostgreSQL; then
/// projection lag under a steady write load.
/// </summary>
public static class ReadSideBenchmark
{
    public const int Clients = 8;
    public const int CommandsPerSecond = 50;
    public const int Seed = 42;

    private const string AdminKey = "read-side-benchmark-admin-key";
    private const string Source = "cli generate (seed 42)";

    /// <param name="only">
    /// The scenarios whose names start so, without the projection lag: to measure one read again while working on it.
    /// </param>
    public static async Task<int> RunAsync(int records, int seconds, bool durable, string? only = null)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(seconds / 2, 3, 10));
        Console.WriteLine($"Read side of a generated catalogue of {records:N0} records (seed {Seed}), {Clients} clients, {seconds} s a scenario after {warmUp.TotalSeconds:F0} s of warm-up");
        PrintMachine();

        // A database of its own per size, which the other benchmarks (which drop the catalogue schema) never touch.
        // Named after the read models' shape: a catalogue generated for an older shape is generated again.
        var name = $"read_side_v2_{records}";
        var connectionString = new NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = name, MaxPoolSize = 2 * Clients + 10 }.ConnectionString;
        if (!await EnsureCatalogueAsync(name, connectionString, records)) return 1;

        // The raw figures with the strongest client settings: statements prepared, connections not reset between uses.
        await using var database = NpgsqlDataSource.Create(Catalogue.Api.Hosting.ConnectionReuse.ApplyTo(connectionString));
        await PrintPostgresAsync(database, durable);

        var port = BenchService.FreeLoopbackPort();
        using var service = BenchService.Start(connectionString, port, AdminKey, new Dictionary<string, string>
        {
            // Eight clients flat out are far beyond what the per-client limit lets one client do.
            ["Catalogue__RateLimit__PermitsPerMinute"] = "1000000000",
        });
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await BenchService.WaitUntilReadyAsync(http, service);
            await WaitUntilSealedAsync(database);
            await WaitUntilListedAsync(http);
            await WaitUntilUpgradedAsync(database);
            await Execute(database, "vacuum analyze");

            var sample = await SampleAsync(database);
            var rows = new List<(ReadScenario Scenario, Measured? Service, Measured? Raw)>();
            foreach (var scenario in ReadScenarios.All(sample).Where(s => only is null || s.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase)))
            {
                if (scenario.NotYet is not null)
                {
                    rows.Add((scenario, null, null));
                    continue;
                }

                async Task<bool> Served(CancellationToken ct)
                {
                    using var request = scenario.Request!(sample);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                    return response.IsSuccessStatusCode;
                }

                Task<bool> Raw(CancellationToken ct) => RawAsync(database, scenario.Raw!, sample, ct);

                // Both warmed before either is measured: whichever ran first would otherwise pay alone for bringing what
                // the scenario reads into PostgreSQL's cache (a search's hits' documents), and the other would not — with
                // the raw query measured second, its p99 for words and filters was 49 ms; measured first, 74 ms.
                Console.WriteLine($"  {scenario.Name}: warming the service and PostgreSQL directly ...");
                await LoadRun.ClosedLoopAsync(scenario.Clients, TimeSpan.Zero, warmUp, Served);
                await LoadRun.ClosedLoopAsync(scenario.Clients, TimeSpan.Zero, warmUp, Raw);
                Console.WriteLine($"  {scenario.Name}: the service ...");
                var served = await LoadRun.ClosedLoopAsync(scenario.Clients, TimeSpan.Zero, duration, Served);
                Console.WriteLine($"  {scenario.Name}: PostgreSQL directly ...");
                var raw = await LoadRun.ClosedLoopAsync(scenario.Clients, TimeSpan.Zero, duration, Raw);
                rows.Add((scenario, served, raw));
            }

            LagReport? lag = null;
            if (only is null)
            {
                Console.WriteLine($"  projection lag: {CommandsPerSecond} commands/s for {seconds} s ...");
                lag = await ProjectionLag.RunAsync(http, database, await WritableAsync(database, CommandsPerSecond * (seconds + 5)), CommandsPerSecond, duration);
            }

            Console.WriteLine();
            PrintTable(rows);
            if (lag is not null) PrintLag(lag);
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            return rows.Any(r => r.Service?.Failures > 0 || r.Raw?.Failures > 0) || lag?.Commands.Failures > 0 ? 1 : 0;
        }
        finally
        {
            await BenchService.StopAsync(service);
        }
    }

    /// <summary>
    /// The generated catalogue, made on the first run and found again on the next ones (the cluster keeps its data
    /// directory): a second run measures at once instead of generating again.
    /// </summary>
    internal static async Task<bool> EnsureCatalogueAsync(string name, string connectionString, int records)
    {
        var generated = await GeneratedRecordsAsync(name, connectionString);
        if (generated == records)
        {
            Console.WriteLine($"catalogue: reusing the {records:N0} records (seed {Seed}) generated earlier in database {name}");
            return true;
        }

        if (generated is not null)
        {
            Console.WriteLine($"catalogue: database {name} holds {generated:N0} generated records, not {records:N0} (an interrupted generation?): making it again");
            await BenchDatabase.ExecuteAsync($"drop database {name} with (force)");
        }

        await BenchDatabase.ExecuteAsync($"create database {name}");
        Console.WriteLine($"catalogue: generating {records:N0} records (seed {Seed}) with the service's own verb, as its own process ...");
        var clock = Stopwatch.StartNew();
        var exit = await BenchService.RunVerbAsync(connectionString, "generate", "--records", $"{records}", "--seed", $"{Seed}");
        if (exit != 0)
        {
            Console.Error.WriteLine($"generate exited with {exit}");
            return false;
        }

        Console.WriteLine($"catalogue: {records:N0} records generated in {clock.Elapsed.TotalSeconds:F0} s ({records / clock.Elapsed.TotalSeconds:F0} records/s, the verb's start included)");
        return true;
    }

    /// <returns>Null when the database does not exist or holds no catalogue yet.</returns>
    private static async Task<long?> GeneratedRecordsAsync(string name, string connectionString)
    {
        await using (var postgres = new NpgsqlConnection(BenchDatabase.ConnectionString))
        {
            await postgres.OpenAsync();
            await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", postgres) { Parameters = { new() { Value = name } } };
            if (await exists.ExecuteScalarAsync() is null) return null;
        }

        await using var database = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var count = database.CreateCommand("select count(*) from catalogue.mt_events where type = 'record_accessioned' and headers ->> 'source' = $1");
            count.Parameters.Add(new() { Value = Source });
            return (long)(await count.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>
    /// The async read models (the record list among them) are built by the service's daemon, from the events the
    /// generator appended; measuring the list before it holds them would measure a short list.
    /// </summary>
    internal static Task WaitUntilListedAsync(HttpClient http) =>
        WaitUntilAsync("the async read models", "caught up", async () =>
        {
            var behind = (await BenchService.AsyncReadModelsBehindAsync(http)).Select(b => $"{b.Name} {b.LagEvents:N0} events behind").ToList();
            return behind.Count == 0 ? null : string.Join(", ", behind);
        });

    /// <summary>
    /// A catalogue an earlier version generated has its read models' rows written again as the service starts
    /// (<see cref="Catalogue.Api.Hosting.TableUpgrade"/>, in the background); measuring meanwhile would measure that.
    /// </summary>
    private static Task WaitUntilUpgradedAsync(NpgsqlDataSource database) =>
        WaitUntilAsync("the rows an earlier version wrote", "written again", async () =>
        {
            (string Table, string Comment)[] upgraded =
            [
                (Catalogue.Api.Search.SearchIndex.Table, Catalogue.Api.Search.SearchIndexUpgrade.RowsAsWritten),
                (Catalogue.Api.Records.RecordListing.Table, Catalogue.Api.Records.RecordListingUpgrade.LinesAsFiled),
            ];
            var waiting = new List<string>();
            foreach (var (table, comment) in upgraded)
            {
                await using var command = database.CreateCommand($"select obj_description('{table}'::regclass, 'pg_class')");
                if (await command.ExecuteScalarAsync() as string != comment) waiting.Add(table);
            }

            return waiting.Count == 0 ? null : string.Join(", ", waiting);
        });

    /// <summary>The service seals every event into the chain as it starts; measuring while it catches up would measure that.</summary>
    private static Task WaitUntilSealedAsync(NpgsqlDataSource database) =>
        WaitUntilAsync("the event chain", "sealed", async () =>
        {
            await using var command = database.CreateCommand(
                "select count(*) from catalogue.mt_events where seq_id > (select coalesce(max(seq_id), 0) from catalogue.event_seals)");
            var unsealed = (long)(await command.ExecuteScalarAsync())!;
            return unsealed == 0 ? null : $"{unsealed:N0} events left to seal";
        });

    /// <summary>
    /// Waits until <paramref name="left"/> says nothing is left (null), saying what is every 10 s, and how long it took
    /// when that was more than a moment.
    /// </summary>
    private static async Task WaitUntilAsync(string what, string done, Func<Task<string?>> left)
    {
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        while (await left() is { } waiting)
        {
            if (clock.Elapsed - reported > TimeSpan.FromSeconds(10))
            {
                Console.WriteLine($"  waiting for {what}: {waiting}");
                reported = clock.Elapsed;
            }

            await Task.Delay(500);
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(2)) Console.WriteLine($"  {what}: {done} in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task<ReadSample> SampleAsync(NpgsqlDataSource database)
    {
        await using var count = database.CreateCommand("select count(*) from catalogue.mt_doc_cataloguerecord");
        var size = (long)(await count.ExecuteScalarAsync())!;
        var ids = new List<Guid>();
        await using var sample = database.CreateCommand("select id from catalogue.mt_doc_cataloguerecord order by random() limit 5000");
        await using (var reader = await sample.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        }

        await using var deep = database.CreateCommand(
            "select accessioned_at, id from catalogue.mt_doc_recordlisting order by accessioned_at desc, id desc offset $1 limit 1");
        deep.Parameters.Add(new() { Value = size * 4 / 5 });
        await using var line = await deep.ExecuteReaderAsync();
        if (!await line.ReadAsync()) throw new InvalidOperationException("The record list is empty: the async daemon has not listed the catalogue.");
        return new ReadSample(ids, size, (line.GetFieldValue<DateTime>(0), line.GetGuid(1)));
    }

    /// <summary>Records a command may change (not withdrawn), with their versions: as many as the write load will touch.</summary>
    private static async Task<IReadOnlyList<(Guid, long)>> WritableAsync(NpgsqlDataSource database, int count)
    {
        var records = new List<(Guid, long)>();
        // Ids drawn first, then only their documents read: a status filter over the whole table would read every full text.
        await using var command = database.CreateCommand(
            """
            select id, (data ->> 'Version')::bigint from catalogue.mt_doc_cataloguerecord
            where id = any(array(select id from catalogue.mt_doc_cataloguerecord order by random() limit $1 * 2)) and data ->> 'Status' <> 'withdrawn'
            limit $1
            """);
        command.Parameters.Add(new() { Value = count });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) records.Add((reader.GetGuid(0), reader.GetInt64(1)));
        return records;
    }

    /// <summary>The query, every row and column read, as the service reads them.</summary>
    private static async Task<bool> RawAsync(NpgsqlDataSource database, RawQuery query, ReadSample sample, CancellationToken ct) =>
        await query.Run(sample, database, ct) > 0;

    private static async Task Execute(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static void PrintTable(List<(ReadScenario Scenario, Measured? Service, Measured? Raw)> rows)
    {
        static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
        static string Rate(double value) => value.ToString(value < 100 ? "F1" : "F0", CultureInfo.InvariantCulture);

        Console.WriteLine($"{"scenario",-38} | {"service p50",11} {"p95",8} {"p99",8} {"req/s",7} {"n",6} | {"raw p50",8} {"p95",8} {"p99",8} {"req/s",7} {"n",6} | {"service/raw p50",15} {"req/s",6}");
        Console.WriteLine(new string('-', 38) + "-+-" + new string('-', 44) + "-+-" + new string('-', 41) + "-+-" + new string('-', 22));
        foreach (var (scenario, service, raw) in rows)
        {
            if (service is null || raw is null)
            {
                Console.WriteLine($"{scenario.Name,-38} | not measured: {scenario.NotYet}");
                continue;
            }

            Console.WriteLine(
                $"{scenario.Name,-38} | {Ms(service.Percentile(0.5)),11} {Ms(service.Percentile(0.95)),8} {Ms(service.Percentile(0.99)),8} {Rate(service.PerSecond),7} {service.Requests,6} | " +
                $"{Ms(raw.Percentile(0.5)),8} {Ms(raw.Percentile(0.95)),8} {Ms(raw.Percentile(0.99)),8} {Rate(raw.PerSecond),7} {raw.Requests,6} | " +
                $"{service.Percentile(0.5) / raw.Percentile(0.5),14:F1}x {service.PerSecond / raw.PerSecond,5:F2}x");
            if (service.Failures + raw.Failures > 0) Console.WriteLine($"{"",-38} | FAILED: {service.Failures} service, {raw.Failures} raw");
        }

        Console.WriteLine($"(latencies in ms; {Clients} clients each unless the scenario names 1; n: requests answered in the measured time, so a p99 of few is its maximum;");
        Console.WriteLine(" service/raw: the service's p50 in raw p50s, and the share of the raw rate the service serves)");
    }

    private static void PrintLag(LagReport lag)
    {
        var commands = lag.Commands;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projection lag under {CommandsPerSecond} commands/s: {lag.Sent} tags sent in {commands.Elapsed.TotalSeconds:F0} s ({lag.Sent / commands.Elapsed.TotalSeconds:F0}/s), " +
            $"{commands.Requests} accepted, {commands.Failures} refused; a command answered in p50 {commands.Percentile(0.5):F1} ms, p95 {commands.Percentile(0.95):F1}, p99 {commands.Percentile(0.99):F1}"));
        if (lag.Service is null)
        {
            Console.WriteLine($"  read models (GET /api/projections): not measured: {lag.NotMeasured}");
        }
        else
        {
            foreach (var samples in lag.Service) Console.WriteLine($"  read models (GET /api/projections): {samples.Projection} {samples.Measure}: {Spread(samples.Values)}");
        }

        Console.WriteLine("  asynchronous shards as the event store records their progress (mt_event_progression: the async read models and the chain's sealer):");
        foreach (var samples in lag.Database) Console.WriteLine($"    {samples.Projection} {samples.Measure}: {Spread(samples.Values)}");
    }

    private static string Spread(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double fraction) => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
        return sorted.Length == 0 ? "no samples" : string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):G4}, p95 {At(0.95):G4}, max {sorted[^1]:G4} ({sorted.Length} samples)");
    }

    private static void PrintMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024.0 / 1024.0;
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}, {memory:F1} GiB memory, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"load average at the start: {LoadAverage()} (the service, PostgreSQL and the clients share these cores)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task PrintPostgresAsync(NpgsqlDataSource database, bool durable)
    {
        await using var version = database.CreateCommand(
            "select current_setting('server_version'), pg_size_pretty(pg_database_size(current_database())), current_setting('fsync') = 'on'");
        await using (var reader = await version.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            // What the server says, not what was asked: a cluster that was already running keeps the settings it was started with.
            var fsync = reader.GetBoolean(2);
            Console.WriteLine($"PostgreSQL {reader.GetString(0)} (embedded, {(fsync ? "durable: fsync on" : "fsync off")}), database {reader.GetString(1)}");
            if (fsync != durable)
                Console.WriteLine($"  note: fsync {(durable ? "on" : "off")} was asked for, but the cluster was already running with fsync {(fsync ? "on" : "off")}; stop it to change that");
        }

        string[] names =
        [
            "shared_buffers", "effective_cache_size", "work_mem", "max_connections", "fsync", "synchronous_commit", "full_page_writes",
            "wal_buffers", "max_wal_size", "checkpoint_timeout", "random_page_cost", "jit",
        ];
        await using var settings = database.CreateCommand("select name, current_setting(name) from pg_settings where name = any($1) order by name");
        settings.Parameters.Add(new() { Value = names });
        var said = new List<string>();
        await using (var reader = await settings.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) said.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        }

        Console.WriteLine($"  settings: {string.Join(", ", said)}");
    }
}

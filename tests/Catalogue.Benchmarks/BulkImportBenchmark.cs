using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet measurement: the generated catalogue exported as JSON lines with the service's own verb, then
/// imported into an empty catalogue over HTTP (the service as its own process, the file streamed as a client sends
/// it), timed from the first byte sent to the answer, with how long the chain then takes to seal what came in. Beside it,
/// the ceiling: the same lines copied into a one-column table by PostgreSQL's COPY, with the same durability.
/// </summary>
public static class BulkImportBenchmark
{
    private const string AdminKey = "bulk-import-benchmark-admin-key";

    public static async Task<int> RunAsync(int records)
    {
        Console.WriteLine($"A JSON-lines import of a generated catalogue of {records:N0} records (seed {ReadSideBenchmark.Seed}) into an empty one");
        var source = $"read_side_v2_{records}";
        var sourceConnection = new NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = source }.ConnectionString;
        if (!await ReadSideBenchmark.EnsureCatalogueAsync(source, sourceConnection, records)) return 1;

        var file = Path.Combine(Path.GetTempPath(), $"catalogue-bulk-{records}.jsonl");
        var exportClock = Stopwatch.StartNew();
        if (await BenchService.RunVerbAsync(sourceConnection, "export", "--out", file) != 0) return 1;
        var megabytes = new FileInfo(file).Length / 1e6;
        Console.WriteLine($"export: {records:N0} records, {megabytes:N0} MB in {exportClock.Elapsed.TotalSeconds:F1} s (the export verb, a process of its own, start-up included)");

        try
        {
            var target = "bulk_import_target";
            await BenchDatabase.ExecuteAsync($"drop database if exists {target} with (force)");
            await BenchDatabase.ExecuteAsync($"create database {target}");
            var targetConnection = new NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = target }.ConnectionString;
            var ceiling = await CopyCeilingAsync(targetConnection, file);
            Console.WriteLine($"raw PostgreSQL: COPY of the same lines into a one-column jsonb table: {ceiling:N0} rows/s");

            var port = BenchService.FreeLoopbackPort();
            using var service = BenchService.Start(targetConnection, port, AdminKey);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
                http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
                await BenchService.WaitUntilReadyAsync(http, service);

                var clock = Stopwatch.StartNew();
                await using var body = File.OpenRead(file);
                using var content = new StreamContent(body, 1 << 16);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
                using var response = await http.PostAsync("/api/imports/jsonl", content);
                var seconds = clock.Elapsed.TotalSeconds;
                var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (!response.IsSuccessStatusCode || answer["created"]?.GetValue<long>() != records)
                {
                    Console.WriteLine($"the import did not create every record: {(int)response.StatusCode} {answer.ToJsonString()[..Math.Min(2000, answer.ToJsonString().Length)]}");
                    return 1;
                }

                Console.WriteLine($"import over HTTP: {records:N0} records in {seconds:F1} s: {records / seconds:N0} records/s, {megabytes / seconds:N1} MB/s ({records / seconds / ceiling:F2}x the COPY ceiling)");
                var sealing = Stopwatch.StartNew();
                await using var database = NpgsqlDataSource.Create(targetConnection);
                var events = await ScalarAsync(database, "select count(*) from catalogue.mt_events");
                while (await ScalarAsync(database, "select count(*) from catalogue.event_seals") < events) await Task.Delay(500);
                Console.WriteLine($"sealed: all {events:N0} events of the import in the chain {sealing.Elapsed.TotalSeconds:F1} s after its answer ({events / (double)records:F1} events a record)");
                return 0;
            }
            finally
            {
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync();
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows a second COPY takes the lines at, each a jsonb value, committed with the cluster's durability.</summary>
    private static async Task<double> CopyCeilingAsync(string connectionString, string file)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("create table copy_ceiling (data jsonb)", connection)) await create.ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var writer = await connection.BeginBinaryImportAsync("copy copy_ceiling (data) from stdin (format binary)"))
            {
                using var reader = new StreamReader(file);
                while (await reader.ReadLineAsync() is { } line)
                {
                    await writer.StartRowAsync();
                    await writer.WriteAsync(line, NpgsqlTypes.NpgsqlDbType.Jsonb);
                    rows++;
                }

                await writer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        var rate = rows / clock.Elapsed.TotalSeconds;
        await using (var drop = new NpgsqlCommand("drop table copy_ceiling", connection)) await drop.ExecuteNonQueryAsync();
        return rate;
    }
}

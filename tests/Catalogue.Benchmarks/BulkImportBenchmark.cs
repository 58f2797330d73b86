using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet measurement: the generated catalogue exported as JSON lines with the service's own verb, then
/// imported into an empty catalogue over HTTP (the service as its own process, the file streamed as a client sends
/// it), timed from the first byte sent to the answer, with how long the chain then takes to seal what came in; then by
/// the import-jsonl verb with no service running; then as CSV rows over HTTP. Beside it, the ceiling: the same lines
/// copied into a one-column table by PostgreSQL's COPY, with the same durability.
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

            var json = await ImportOverHttpAsync(targetConnection, file, "/api/imports/jsonl", "application/x-ndjson", records, megabytes);
            if (json is null) return 1;
            Console.WriteLine($"JSON-lines import over HTTP: {records:N0} records in {json.Value.Seconds:F1} s: {records / json.Value.Seconds:N0} records/s, {megabytes / json.Value.Seconds:N1} MB/s ({records / json.Value.Seconds / ceiling:F2}x the COPY ceiling); the chain sealed its {json.Value.Events:N0} events {json.Value.Sealing:F1} s after the answer ({json.Value.Events / (double)records:F1} events a record), the async read models held them {json.Value.ReadModels:F1} s after it");

            // The same import by the verb, with no service running: no async read model or sealer works beside it meanwhile.
            await BenchDatabase.ExecuteAsync($"drop database if exists {target} with (force)");
            await BenchDatabase.ExecuteAsync($"create database {target}");
            var verbClock = Stopwatch.StartNew();
            if (await BenchService.RunVerbAsync(targetConnection, "import-jsonl", file) != 0) return 1;
            Console.WriteLine($"JSON-lines import by the import-jsonl verb, no service running (the read models and the chain catch up when it next runs): {records / verbClock.Elapsed.TotalSeconds:N0} records/s, start-up included");

            var csvFile = Path.ChangeExtension(file, ".csv");
            var rows = await ToCsvAsync(file, csvFile);
            var csvMegabytes = new FileInfo(csvFile).Length / 1e6;
            await BenchDatabase.ExecuteAsync($"drop database if exists {target} with (force)");
            await BenchDatabase.ExecuteAsync($"create database {target}");
            try
            {
                var csv = await ImportOverHttpAsync(targetConnection, csvFile, "/api/imports/csv", "text/csv", rows, csvMegabytes);
                if (csv is null) return 1;
                Console.WriteLine($"CSV import over HTTP: the same {rows:N0} records as spreadsheet rows ({csvMegabytes:N0} MB; one text each, the citation read by the parser) in {csv.Value.Seconds:F1} s: {rows / csv.Value.Seconds:N0} records/s; sealed {csv.Value.Sealing:F1} s after the answer, in the async read models {csv.Value.ReadModels:F1} s after it");
            }
            finally
            {
                File.Delete(csvFile);
            }

            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The file sent to the service, a process of its own on an empty database: how long the import took, and the sealing after it.</summary>
    private static async Task<(double Seconds, long Events, double Sealing, double ReadModels)?> ImportOverHttpAsync(
        string connectionString, string file, string route, string contentType, long records, double megabytes)
    {
        var port = BenchService.FreeLoopbackPort();
        using var service = BenchService.Start(connectionString, port, AdminKey);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromHours(1) };
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await BenchService.WaitUntilReadyAsync(http, service);

            var clock = Stopwatch.StartNew();
            await using var body = File.OpenRead(file);
            using var content = new StreamContent(body, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            using var response = await http.PostAsync(route, content);
            var seconds = clock.Elapsed.TotalSeconds;
            var answer = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || JsonNode.Parse(answer)!["created"]?.GetValue<long>() != records)
            {
                Console.WriteLine($"{route} did not create every record ({megabytes:N0} MB sent): {(int)response.StatusCode} {answer[..Math.Min(2000, answer.Length)]}");
                return null;
            }

            var afterAnswer = Stopwatch.StartNew();
            await using var database = NpgsqlDataSource.Create(connectionString);
            var events = await ScalarAsync(database, "select count(*) from catalogue.mt_events");
            double? sealing = null, readModels = null;
            while (sealing is null || readModels is null)
            {
                if (sealing is null && await ScalarAsync(database, "select count(*) from catalogue.event_seals") >= events) sealing = afterAnswer.Elapsed.TotalSeconds;
                if (readModels is null && (await BenchService.AsyncReadModelsBehindAsync(http)).Count == 0) readModels = afterAnswer.Elapsed.TotalSeconds;
                await Task.Delay(250);
            }

            return (seconds, events, sealing.Value, readModels.Value);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    /// <summary>The exported records as an archivist's spreadsheet: the documented columns, a record a row, its first text.</summary>
    /// <returns>How many rows it wrote.</returns>
    private static async Task<long> ToCsvAsync(string jsonLines, string csv)
    {
        string[] header =
        [
            "title", "accession_number", "document_type", "source_url", "source_citation", "date_created", "date_created_edtf", "classification",
            "creators", "participants", "summary", "languages", "citation", "translators", "translation_credit", "funders", "funding_note",
            "subjects", "places", "full_text", "full_text_language", "full_text_kind", "status",
        ];
        long rows = 0;
        await using var output = CsvHelper.CsvWriter.Create(File.Create(csv), new CsvHelper.CsvWriterOptions(), leaveOpen: false);
        output.WriteRecord(header);
        using var input = new StreamReader(jsonLines);
        while (await input.ReadLineAsync() is { } line)
        {
            var r = JsonNode.Parse(line)!;
            string Joined(string list, Func<JsonNode, string> each) => string.Join(" | ", r[list]!.AsArray().Select(x => each(x!)));
            string? Text(JsonNode? node, string name) => node?[name]?.GetValue<string>();
            var created = r["dates"]!.AsArray().FirstOrDefault(d => Text(d, "role") == "created");
            var translation = r["translations"]!.AsArray().FirstOrDefault();
            var text = r["fullTexts"]!.AsArray().FirstOrDefault();
            output.WriteRecord(
            [
                Text(r, "title")!, Text(r, "accessionNumber")!, Text(r, "documentType") ?? "", Text(r, "sourceUrl") ?? "", Text(r, "sourceCitation") ?? "",
                Text(created, "asWritten") ?? "", Text(created, "edtf") ?? "", Text(r, "classification") ?? "",
                Joined("creators", p => Text(p, "role") is { } role ? $"{Text(p, "name")} ({role})" : Text(p, "name")!),
                Joined("participants", p => Text(p, "role") is { } role ? $"{Text(p, "name")} ({role})" : Text(p, "name")!),
                Text(r, "summary") ?? "", Joined("originalLanguages", l => Text(l, "code")!),
                Text(r["provenance"]!.AsArray().FirstOrDefault(), "citation") ?? "",
                translation is null ? "" : string.Join(" | ", translation["translators"]!.AsArray().Select(t => t!.GetValue<string>())), Text(translation, "credit") ?? "",
                Joined("fundingNotes", f => Text(f, "funder")!), Text(r["fundingNotes"]!.AsArray().FirstOrDefault(), "note") ?? "",
                Joined("subjects", s => s.GetValue<string>()), Joined("places", p => p.GetValue<string>()),
                Text(text, "text") ?? "", Text(text, "language") ?? "", Text(text, "kind") ?? "", Text(r, "status")!,
            ]);
            rows++;
        }

        return rows;
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

using System.Diagnostics;
using System.Xml.Linq;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>
/// Not a BenchmarkDotNet measurement: a full OAI-PMH harvest of the generated catalogue, as one harvester makes it, page
/// after page by resumption token, timed in each format; beside it, the same published record documents read straight
/// from PostgreSQL in one query, the ceiling a harvest that reads them a page at a time cannot pass.
/// </summary>
public static class HarvestBenchmark
{
    private const string AdminKey = "harvest-benchmark-admin-key";
    private static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";

    public static async Task<int> RunAsync(int records)
    {
        Console.WriteLine($"A full OAI-PMH harvest of a generated catalogue of {records:N0} records (seed {ReadSideBenchmark.Seed}), one harvester");
        var name = $"read_side_v2_{records}";
        var connectionString = new NpgsqlConnectionStringBuilder(BenchDatabase.ConnectionString) { Database = name }.ConnectionString;
        if (!await ReadSideBenchmark.EnsureCatalogueAsync(name, connectionString, records)) return 1;

        var port = BenchService.FreeLoopbackPort();
        using var service = BenchService.Start(connectionString, port, AdminKey);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
            await BenchService.WaitUntilReadyAsync(http, service);
            // A catalogue generated before the provider existed has its harvest index built by the daemon now.
            await ReadSideBenchmark.WaitUntilListedAsync(http);

            await using var database = NpgsqlDataSource.Create(connectionString);
            var (published, rawSeconds) = await RawReadAsync(database);
            await using var harvestable = database.CreateCommand("select count(*) from catalogue.oai_harvest");
            var expected = (long)(await harvestable.ExecuteScalarAsync())!;
            Console.WriteLine($"published records: {published:N0} (ever published, so harvested: {expected:N0}); their documents read from PostgreSQL in one query: {rawSeconds:F1} s ({published / rawSeconds:N0} records/s)");

            var failed = false;
            foreach (var (verb, prefix) in new[] { ("ListIdentifiers", "oai_dc"), ("ListRecords", "oai_dc"), ("ListRecords", "ead3") })
            {
                var harvest = await HarvestAsync(http, verb, prefix);
                failed |= harvest.Records != expected;
                Console.WriteLine(
                    $"{verb} {prefix}: {harvest.Records:N0} records in {harvest.Pages:N0} pages, {harvest.Megabytes:N0} MB, {harvest.Seconds:F1} s "
                    + $"({harvest.Records / harvest.Seconds:N0} records/s, p50 {harvest.P50:F0} ms, p99 {harvest.P99:F0} ms a page; {rawSeconds / harvest.Seconds:F2}x the raw read)"
                    + (harvest.Records == expected ? "" : $" — NOT every record the harvest index holds ({expected:N0})"));
            }

            return failed ? 1 : 0;
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static async Task<(long Published, double Seconds)> RawReadAsync(NpgsqlDataSource database)
    {
        var clock = Stopwatch.StartNew();
        await using var command = database.CreateCommand("select data::text from catalogue.mt_doc_cataloguerecord where data ->> 'Status' = 'published'");
        long rows = 0;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                _ = reader.GetString(0);
            }
        }

        return (rows, clock.Elapsed.TotalSeconds);
    }

    private sealed record Harvest(long Records, int Pages, double Megabytes, double Seconds, double P50, double P99);

    private static async Task<Harvest> HarvestAsync(HttpClient http, string verb, string prefix)
    {
        var clock = Stopwatch.StartNew();
        var pageTimes = new List<double>();
        long records = 0, bytes = 0;
        var url = $"/oai?verb={verb}&metadataPrefix={prefix}";
        while (true)
        {
            var page = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(url);
            pageTimes.Add(page.Elapsed.TotalMilliseconds);
            bytes += body.Length;
            var response = XDocument.Load(new MemoryStream(body));
            if (response.Root!.Element(Oai + "error") is { } error) throw new InvalidOperationException($"{verb} answered {error.Attribute("code")?.Value}: {error.Value}");
            var list = response.Root!.Element(Oai + verb)!;
            records += list.Elements(Oai + (verb == "ListRecords" ? "record" : "header")).Count();
            var token = list.Element(Oai + "resumptionToken")?.Value;
            if (string.IsNullOrEmpty(token)) break;
            url = $"/oai?verb={verb}&resumptionToken={Uri.EscapeDataString(token)}";
        }

        var sorted = pageTimes.Order().ToArray();
        double At(double fraction) => sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Harvest(records, pageTimes.Count, bytes / 1e6, clock.Elapsed.TotalSeconds, At(0.5), At(0.99));
    }
}

using System.Diagnostics;
using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An import is killed (power cut, OOM killer, Ctrl-C twice) while it works through a
/// folder of pages. Running the same import again finishes the job: every page once, none half-written.
/// </summary>
public sealed class when_an_import_is_killed_halfway(CatalogueService service) : CatalogueScenario(service)
{
    private const int Pages = 300;

    private static IReadOnlyList<string> APileOfPages(string folder)
    {
        Directory.CreateDirectory(folder);
        return
        [
            .. Enumerable.Range(1, Pages).Select(i =>
            {
                var file = Path.Combine(folder, $"page-{i:D3}.txt");
                File.WriteAllText(file, when_the_seed_page_is_imported.SeedPageAs(900000 + i));
                return file;
            }),
        ];
    }

    private Process StartImport(IReadOnlyList<string> files) => CatalogueCli.Start(Service.Cluster.ConnectionString, ["import", .. files]);

    private static async Task<string> ReadAllAsync(Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        return await output + await errors;
    }

    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    [Fact]
    public async Task running_it_again_imports_every_page_exactly_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}");
        try
        {
            var files = APileOfPages(folder);
            // Both pipes are read from the start: an import whose output nobody reads stalls once the pipe is full.
            using (var first = StartImport(files))
            {
                var firstOutput = ReadAllAsync(first);
                await Eventually.Until(
                    RecordCount, count => count >= 20 || first.HasExited, "20 records imported, to kill the import after them",
                    TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));
                if (first.HasExited) Assert.Fail($"the import ended (exit {first.ExitCode}) before it could be killed: {await firstOutput}");
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
                var afterKillCount = await RecordCount();
                Assert.True(afterKillCount is >= 20 and < Pages, $"{afterKillCount} records when the import was killed; it had written:\n{await firstOutput}");
            }

            var afterKill = await RecordCount();
            using (var again = StartImport(files))
            {
                var output = await ReadAllAsync(again);
                await again.WaitForExitAsync();
                Assert.True(again.ExitCode == 0, $"the second import failed (exit {again.ExitCode}): {output}");
                Assert.Equal(afterKill, output.Split('\n').Count(l => l.Contains(" unchanged at version ")));
            }

            var records = await Service.ListedRecords();
            Assert.Equal(Pages, records.Count);
            Assert.Equal(Pages, await RecordCount());
            Assert.All(records, r => Assert.Equal(13, r["version"]!.GetValue<long>()));
            Assert.Equal(Pages, records.Select(r => r["title"]!.GetValue<string>()).Distinct().Count());

            // Each event names the batch and the item of the batch it came from.
            var oldest = records.OrderBy(r => r["accessionedAt"]!.GetValue<DateTimeOffset>()).First();
            var source = (await Api.Get($"/api/records/{oldest["id"]!.GetValue<Guid>()}/history")).Json["events"]![0]!["source"]!.GetValue<string>();
            Assert.Matches(@"^cli import page-001\.txt \(batch [0-9a-f]{32}, item 1 of 300\)$", source);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The same over HTTP: an archivist streams a batch of pages to the service, whose process is killed half-way
    /// through. Once the service is back, sending the same batch again finishes it: every page once.
    /// </summary>
    [Fact]
    public async Task a_batch_whose_service_is_killed_halfway_is_finished_by_sending_it_again()
    {
        const string key = "killed-service-operator-key";
        const int pages = 200;
        var connectionString = await Service.NewDatabaseAsync("catalogue_killed");
        var batch = Enumerable.Range(1, pages).Select(i => PageBatches.Page(800000 + i)).ToArray();
        static Support.Api ClientOf(ServiceProcess service) => new(new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromMinutes(3) }, key);
        static async Task<long> CountIn(Support.Api api) => (await Support.Catalogue.ListedRecords(api)).Count;
        static async Task<long> RecordsIn(string database)
        {
            await using var connection = new Npgsql.NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var count = new Npgsql.NpgsqlCommand("select count(*) from catalogue.mt_doc_cataloguerecord", connection);
            return (long)(await count.ExecuteScalarAsync())!;
        }

        using (var service = await CatalogueCli.StartServiceAsync(connectionString, key))
        {
            var api = ClientOf(service);
            var sending = api.PostContent(PageBatches.Route, PageBatches.Batch(batch));
            // Counted in the record read model, which is written with each page's events: the async record list may lag
            // the import by more than the rest of the batch takes.
            await Eventually.Until(
                () => RecordsIn(connectionString), count => count >= 20 || sending.IsCompleted, "20 pages of the batch imported, to kill the service after them",
                TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(10));
            if (sending.IsCompleted) Assert.Fail($"the batch ended before the service could be killed: {(await sending).Status} {(await sending).Text[..Math.Min(500, (await sending).Text.Length)]}");

            await service.KillAsync();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => sending);
        }

        using (var service = await CatalogueCli.StartServiceAsync(connectionString, key))
        {
            var api = ClientOf(service);
            var afterKill = await CountIn(api);
            Assert.InRange(afterKill, 20, pages - 1);

            var report = (await api.PostContent(PageBatches.Route, PageBatches.Batch(batch))).ShouldBe(HttpStatusCode.OK).Json;

            Assert.Equal(afterKill, report["totals"]!["unchanged"]!.GetValue<int>());
            Assert.Equal(pages - afterKill, report["totals"]!["created"]!.GetValue<int>());
            var records = await Support.Catalogue.ListedRecords(api);
            Assert.Equal(pages, records.Count);
            Assert.All(records, r => Assert.Equal(13, r["version"]!.GetValue<long>()));
            Assert.Equal(pages, records.Select(r => r["title"]!.GetValue<string>()).Distinct().Count());
        }
    }
}

using System.Diagnostics;
using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An import is killed (power cut, OOM killer, Ctrl-C twice) while it works through a
/// folder of pages. Running the same import again finishes the job: every page once, none half-written.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
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
            var named = System.Text.RegularExpressions.Regex.Match(source, @"^cli import page-001\.txt \(batch (?<batch>[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}), item 1 of 300\)$");
            Assert.True(named.Success, source);

            // The killed run's batch is kept as it stopped: interrupted, its lease gone with its process.
            var batch = (await Api.Get($"/api/imports/{named.Groups["batch"].Value}")).ShouldBe(HttpStatusCode.OK).Json;
            Assert.Equal(("pages", "interrupted"), (batch["format"]!.GetValue<string>(), batch["state"]!.GetValue<string>()));
            // How far it came, by the bytes of the files it had read.
            Assert.InRange(batch["progress"]!.GetValue<double>(), double.Epsilon, 0.9999);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

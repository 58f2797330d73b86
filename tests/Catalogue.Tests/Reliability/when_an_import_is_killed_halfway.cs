using System.Diagnostics;
using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An import run from the command line is killed (power cut, OOM killer, Ctrl-C twice) while it works through a
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
                File.WriteAllText(file, when_the_seed_page_is_imported.SeedPage
                    .Replace("document/117886", $"document/{900000 + i}")
                    .Replace("on 10 November 1949\n", $"on 10 November 1949 (copy {i})\n"));
                return file;
            }),
        ];
    }

    private Process StartImport(IReadOnlyList<string> files) => CatalogueCli.Start(Service.Cluster.ConnectionString, ["import", .. files]);

    private async Task<long> RecordCount() => (await Api.Get("/api/records?pageSize=1")).ShouldBe(HttpStatusCode.OK).Json["totalItems"]!.GetValue<long>();

    [Fact]
    public async Task running_it_again_imports_every_page_exactly_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"catalogue-import-{Guid.NewGuid():N}");
        try
        {
            var files = APileOfPages(folder);

            using (var first = StartImport(files))
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (await RecordCount() < 20 && !first.HasExited && DateTime.UtcNow < deadline) await Task.Delay(10);
                if (first.HasExited)
                    Assert.Fail($"the import ended (exit {first.ExitCode}) before it could be killed: {await first.StandardOutput.ReadToEndAsync()}{await first.StandardError.ReadToEndAsync()}");
                first.Kill(entireProcessTree: true);
                await first.WaitForExitAsync();
            }

            var afterKill = await RecordCount();
            Assert.InRange(afterKill, 20, Pages - 1);

            using (var again = StartImport(files))
            {
                var output = await again.StandardOutput.ReadToEndAsync();
                await again.WaitForExitAsync();
                Assert.True(again.ExitCode == 0, $"the second import failed: {output}{await again.StandardError.ReadToEndAsync()}");
                Assert.Equal(afterKill, output.Split('\n').Count(l => l.Contains(" unchanged at version ")));
            }

            var records = new List<System.Text.Json.Nodes.JsonNode>();
            for (var page = 1; records.Count < Pages && page < 10; page++)
                records.AddRange((await Api.Get($"/api/records?pageSize=100&page={page}")).Json["items"]!.AsArray().Select(r => r!));
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
}

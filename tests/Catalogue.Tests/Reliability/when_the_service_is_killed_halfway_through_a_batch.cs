using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An archivist streams a batch of pages to the service, whose process is killed half-way through (power cut, OOM
/// killer). Once the service is back, sending the same batch again finishes it: every page once.
/// </summary>
[Collection(SeparateProcessesCollection.Name)]
public sealed class when_the_service_is_killed_halfway_through_a_batch(SeparateProcessesCluster postgres)
{
    [Fact]
    public async Task a_batch_whose_service_is_killed_halfway_is_finished_by_sending_it_again()
    {
        const string key = "killed-service-operator-key";
        const int pages = 200;
        var connectionString = await postgres.NewDatabaseAsync("catalogue_killed");
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

            // The report says what became of each page: seen once (21 unchanged of 22 listed), it is the only witness.
            Assert.True(report["totals"]!["unchanged"]!.GetValue<int>() == afterKill, $"{afterKill} records listed after the kill; sent again:\n{report}");
            Assert.True(report["totals"]!["created"]!.GetValue<int>() == pages - afterKill, $"{afterKill} records listed after the kill; sent again:\n{report}");
            var records = await Support.Catalogue.ListedRecords(api);
            Assert.Equal(pages, records.Count);
            Assert.All(records, r => Assert.Equal(13, r["version"]!.GetValue<long>()));
            Assert.Equal(pages, records.Select(r => r["title"]!.GetValue<string>()).Distinct().Count());
        }
    }
}

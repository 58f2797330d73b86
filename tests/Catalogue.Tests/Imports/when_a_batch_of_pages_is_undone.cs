using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Which import batch created these records, and can it be undone cleanly? A batch of archive pages — uploaded, or
/// imported from files with the <c>import</c> verb — is kept as an import batch like a bulk import: its status says what
/// it did, and its revert withdraws what it created and puts back what it changed, with compensating events.
/// </summary>
public sealed class when_a_batch_of_pages_is_undone(CatalogueService service) : CatalogueScenario(service)
{
    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static long Number(JsonNode node, string name) => node[name]!.GetValue<long>();

    [Fact]
    public async Task the_batch_tells_what_it_did_and_its_revert_withdraws_every_record_it_created()
    {
        var unreadable = ("notes.txt", Encoding.Latin1.GetBytes("Notes on the talks, caf\u00e9"));
        var upload = PageBatches.Batch(PageBatches.Page(601), unreadable, PageBatches.Page(602));
        var uploadBytes = upload.Headers.ContentLength!.Value;
        var report = (await Api.PostContent(PageBatches.Route, upload)).ShouldBe(HttpStatusCode.OK).Json;
        var batch = Text(report, "batch")!;
        var created = report["pages"]!.AsArray().Where(p => Text(p!, "status") == "created").Select(p => p!["id"]!.GetValue<Guid>()).ToList();

        Assert.Equal($"/api/imports/{batch}", Text(report, "href"));
        var status = (await Api.Get(Text(report, "href")!)).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("pages", "finished", $"http POST {PageBatches.Route}"), (Text(status, "format"), Text(status, "state"), Text(status, "source")));
        Assert.Equal((3L, 2L, 0L, 0L, 1L), (Number(status, "lines"), Number(status, "created"), Number(status, "updated"), Number(status, "unchanged"), Number(status, "rejected")));
        Assert.Equal((2L, "page"), (Number(status["problems"]![0]!, "line"), Text(status["problems"]![0]!, "field")));
        Assert.Equal((uploadBytes, uploadBytes, 1.0), (Number(status, "totalBytes"), Number(status, "bytesRead"), status["progress"]!.GetValue<double>()));

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { reason = "Uploaded to the wrong catalogue" })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 0L, 0L), (Number(reverted, "withdrawn"), Number(reverted, "restored"), Number(reverted, "keptCount")));
        Assert.Equal(2, created.Count);
        foreach (var id in created)
        {
            Assert.Equal("withdrawn", Text((await Api.Get($"/api/records/{id}")).Json, "status"));
            var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
            Assert.Equal(("record_withdrawn", "Uploaded to the wrong catalogue"), (Text(last, "type"), Text(last, "reason")));
        }

        var after = (await Api.Get($"/api/imports/{batch}")).Json;
        Assert.Equal("Uploaded to the wrong catalogue", Text(after, "revertReason"));
        (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.Conflict);

        // Sent again, the pages find their records withdrawn by the revert, and leave them so: reinstating is an archivist's word.
        var again = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(601), PageBatches.Page(602)))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["unchanged", "unchanged"], again["pages"]!.AsArray().Select(p => Text(p!, "status")));
        Assert.Equal("withdrawn", Text((await Api.Get($"/api/records/{created[0]}")).Json, "status"));
    }

    [Fact]
    public async Task a_record_the_batch_changed_is_put_back_as_it_was_before_the_batch()
    {
        var first = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(611)))).ShouldBe(HttpStatusCode.OK).Json;
        var id = first["pages"]![0]!["id"]!.GetValue<Guid>();
        var before = (await Api.Get($"/api/records/{id}")).Json;
        var revised = when_the_seed_page_is_imported.SeedPageAs(611)
            .Replace("expressing the Chairman's desire to make a visit to Moscow.", "expressing the Chairman's wish to visit Moscow.", StringComparison.Ordinal);

        var second = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(("page-611.txt", Encoding.UTF8.GetBytes(revised))))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("updated", Text(second["pages"]![0]!, "status"));
        Assert.Contains("wish to visit Moscow", Text((await Api.Get($"/api/records/{id}")).Json, "summary"));

        var reverted = (await Api.Post($"/api/imports/{Text(second, "batch")}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L), (Number(reverted, "withdrawn"), Number(reverted, "restored")));
        var now = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal((Text(before, "summary"), "draft"), (Text(now, "summary"), Text(now, "status")));
        Assert.Equal(1L, Number((await Api.Get($"/api/imports/{Text(first, "batch")}")).Json, "created"));
    }

    [Fact]
    public async Task pages_imported_from_files_are_a_batch_that_can_be_undone_too()
    {
        var file = RepositoryFiles.PathOf("tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt");
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);

        Assert.True(exit == 0, output);
        var line = output.Split('\n').Single(l => l.StartsWith("batch ", StringComparison.Ordinal));
        Assert.Contains("1 created, 0 updated, 0 unchanged, 0 rejected", line);
        var batch = Guid.Parse(line["batch ".Length..line.IndexOf(':', StringComparison.Ordinal)]);
        var status = (await Api.Get($"/api/imports/{batch}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("pages", "finished", 1L), (Text(status, "format"), Text(status, "state"), Number(status, "created")));
        Assert.Equal((new FileInfo(file).Length, new FileInfo(file).Length), (Number(status, "totalBytes"), Number(status, "bytesRead")));

        var reverted = (await Api.Post($"/api/imports/{batch}/revert", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1L, Number(reverted, "withdrawn"));
        var id = (await Service.ListedRecords())[0]["id"]!.GetValue<Guid>();
        Assert.Equal("withdrawn", Text((await Api.Get($"/api/records/{id}")).Json, "status"));
    }

    [Fact]
    public async Task a_request_that_imports_no_page_leaves_no_batch_behind()
    {
        var empty = new ByteArrayContent("--empty-batch--\r\n"u8.ToArray());
        empty.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=empty-batch");
        (await Api.PostContent(PageBatches.Route, empty)).ShouldBe(HttpStatusCode.UnprocessableEntity);

        await using var session = Service.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        Assert.Equal(0, await Marten.QueryableExtensions.CountAsync(session.Query<Catalogue.Api.Interop.Bulk.ImportBatch>()));
    }
}

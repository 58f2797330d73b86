using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing.Idempotency;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Imports;

/// <summary>
/// An archivist uploads a folder of Wilson Center pages in one request, as multipart/form-data with a file per page.
/// The service reads the pages one at a time as they arrive, imports each in its own transaction, and answers with
/// what became of every page.
/// </summary>
public sealed class when_a_batch_of_pages_is_streamed(CatalogueService service) : CatalogueScenario(service)
{
    private const string Route = PageBatches.Route;

    private static (string Name, byte[] Bytes) Page(int documentId) => PageBatches.Page(documentId);

    private static MultipartFormDataContent Batch(params (string Name, byte[] Bytes)[] pages) => PageBatches.Batch(pages);

    private static JsonArray PagesOf(Reply reply) => reply.Json["pages"]!.AsArray();

    private static IEnumerable<string> Statuses(Reply reply) => PagesOf(reply).Select(p => p!["status"]!.GetValue<string>());

    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    [Fact]
    public async Task every_page_becomes_a_record_and_the_report_says_what_became_of_each()
    {
        var reply = (await Api.PostContent(Route, Batch(Page(501), Page(502), Page(503)))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["created", "created", "created"], Statuses(reply));
        Assert.Equal(3, reply.Json["totals"]!["created"]!.GetValue<int>());
        Assert.Equal(["page-501.txt", "page-502.txt", "page-503.txt"], PagesOf(reply).Select(p => p!["name"]!.GetValue<string>()));
        var second = PagesOf(reply)[1]!;
        var record = (await Api.Get($"/api/records/{second["id"]!.GetValue<Guid>()}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("502", record["externalIds"]![0]!["value"]!.GetValue<string>());
        Assert.EndsWith("(copy 502)", record["title"]!.GetValue<string>());
        Assert.Equal(second["version"]!.GetValue<long>(), record["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task the_history_names_the_batch_and_the_page_each_event_came_from()
    {
        var reply = (await Api.PostContent(Route, Batch(Page(511), Page(512)))).ShouldBe(HttpStatusCode.OK);
        var batch = reply.Json["batch"]!.GetValue<string>();
        var id = PagesOf(reply)[1]!["id"]!.GetValue<Guid>();

        var events = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

        Assert.All(events, e => Assert.Equal($"http POST {Route} (batch {batch}, item 2: page-512.txt)", e!["source"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("key:admin-client", e!["actor"]!.GetValue<string>()));
    }

    [Fact]
    public async Task sending_the_same_batch_again_appends_nothing()
    {
        var first = (await Api.PostContent(Route, Batch(Page(521), Page(522)))).ShouldBe(HttpStatusCode.OK);
        var id = PagesOf(first)[0]!["id"]!.GetValue<Guid>();
        var events = await Api.EventCount(id);

        var again = (await Api.PostContent(Route, Batch(Page(521), Page(522)))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["unchanged", "unchanged"], Statuses(again));
        Assert.Equal(events, await Api.EventCount(id));
        Assert.Equal(2, await RecordCount());
    }

    [Fact]
    public async Task an_archivists_correction_made_between_two_batches_stays()
    {
        var first = (await Api.PostContent(Route, Batch(Page(531), Page(532)))).ShouldBe(HttpStatusCode.OK);
        var id = PagesOf(first)[0]!["id"]!.GetValue<Guid>();
        var version = await Api.CurrentVersion(id);
        (await Api.Post($"/api/records/{id}/title", new { version, title = "Memorandum of Conversation with Zhou Enlai (copy 531)", reason = "House style" }))
            .ShouldBe(HttpStatusCode.OK);

        var again = (await Api.PostContent(Route, Batch(Page(531), Page(532)))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["unchanged", "unchanged"], Statuses(again));
        Assert.Equal("Memorandum of Conversation with Zhou Enlai (copy 531)", (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task pages_that_cannot_be_imported_are_reported_and_the_rest_go_in()
    {
        var tooLarge = new byte[Catalogue.Api.Imports.ImportEndpoint.MaxPageBytes + 1];
        Array.Fill(tooLarge, (byte)'a');

        var reply = (await Api.PostContent(Route, Batch(
            Page(531),
            ("notes.txt", Encoding.UTF8.GetBytes("Shopping list: bread, milk.")),
            ("latin1.txt", [0x4D, 0xFC, 0x6E, 0x63, 0x68, 0x65, 0x6E]),
            ("huge.txt", tooLarge),
            Page(532)))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["created", "rejected", "rejected", "rejected", "created"], Statuses(reply));
        Assert.Contains("not UTF-8", PagesOf(reply)[2]!["problems"]![0]!.GetValue<string>());
        Assert.Contains("larger than 4 MiB", PagesOf(reply)[3]!["problems"]![0]!.GetValue<string>());
        Assert.NotEmpty(PagesOf(reply)[1]!["problems"]!.AsArray());
        Assert.Equal(3, reply.Json["totals"]!["rejected"]!.GetValue<int>());
        Assert.Equal(2, await RecordCount());
    }

    [Fact]
    public async Task a_batch_far_larger_than_a_command_body_streams_through()
    {
        // Two oversized parts (skipped as they stream past) make the body larger than the 8 MiB any command may send.
        var filler = new byte[5 * 1024 * 1024];
        Array.Fill(filler, (byte)'x');
        var pages = new[] { Page(541), ("scan-1.txt", filler), Page(542), ("scan-2.txt", filler), Page(543) };
        Assert.True(pages.Sum(p => p.Item2.Length) > Catalogue.Api.Hosting.RequestBodyLimits.MaxCommandBodyBytes);

        var reply = (await Api.PostContent(Route, Batch(pages))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["created", "rejected", "created", "rejected", "created"], Statuses(reply));
        Assert.Equal(3, await RecordCount());
    }

    [Fact]
    public async Task a_body_cut_off_mid_page_stops_the_batch_and_says_which_pages_went_in()
    {
        const string boundary = "catalogue-batch-boundary";
        var body = new StringBuilder();
        foreach (var id in new[] { 551, 552 })
        {
            body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"page\"; filename=\"page-{id}.txt\"\r\n\r\n");
            body.Append(when_the_seed_page_is_imported.SeedPageAs(id)).Append("\r\n");
        }

        body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"page\"; filename=\"page-553.txt\"\r\n\r\n");
        body.Append(when_the_seed_page_is_imported.SeedPageAs(553)[..1000]);
        var reply = (await Api.PostContent(Route, Raw(body.ToString(), $"multipart/form-data; boundary={boundary}"))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders!.ContentType!.MediaType);
        Assert.Equal(["created", "created"], Statuses(reply));
        Assert.Contains("after page 2", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(2, await RecordCount());

        // Sending the whole batch again finishes it: the two pages already in are unchanged, the third is created.
        var again = (await Api.PostContent(Route, Batch(Page(551), Page(552), Page(553)))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["unchanged", "unchanged", "created"], Statuses(again));
    }

    [Fact]
    public async Task a_body_that_is_not_multipart_or_holds_no_pages_is_refused_with_a_problem()
    {
        var plain = (await Api.PostRaw(Route, when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", plain.ContentHeaders!.ContentType!.MediaType);
        (await Api.PostContent(Route, Raw("--x--\r\n", "multipart/form-data"))).ShouldBe(HttpStatusCode.UnsupportedMediaType);

        var empty = (await Api.PostContent(Route, Raw("--x--\r\n", "multipart/form-data; boundary=x"))).ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["pages"], empty.ErrorFields);
        Assert.Equal(0, await RecordCount());
    }

    [Fact]
    public async Task a_retry_under_the_same_idempotency_key_gets_the_first_report_and_another_batch_under_it_is_refused()
    {
        var key = (IdempotencyKeys.Header, "batch-2026-11-28-a");
        var first = (await Api.PostContent(Route, Batch(Page(561), Page(562)), key)).ShouldBe(HttpStatusCode.OK);

        var retry = (await Api.PostContent(Route, Batch(Page(561), Page(562)), key)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal("true", retry.Headers.GetValues(CommandReply.ReplayedHeader).Single());

        var other = (await Api.PostContent(Route, Batch(Page(563)), key)).ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Equal([IdempotencyKeys.Header], other.ErrorFields);
        Assert.Equal(2, await RecordCount());
    }

    /// <summary>
    /// Found from outside: three clients sending one batch under one key at once each imported it, under batch ids of
    /// their own, and all were answered with the report kept first — one whose pages had found their records already
    /// made ("conflict"), naming a batch that created nothing, while the batch that created them was named to no one.
    /// </summary>
    [Fact]
    public async Task a_twin_sent_while_the_batch_is_imported_under_its_key_is_told_it_is_in_progress_and_imports_nothing()
    {
        const string key = "batch-2026-12-07-twins";
        var database = Service.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();

        await using (var importing = await AdvisoryLease.TryTakeAsync(database, IdempotencyKeys.ClaimOf(IdempotencyKeys.IdFor("key:admin-client", key)), CancellationToken.None))
        {
            Assert.NotNull(importing);
            var twin = (await Api.PostContent(Route, Batch(Page(581), Page(582)), (IdempotencyKeys.Header, key))).ShouldBe(HttpStatusCode.Conflict);
            Assert.Equal("A request with this Idempotency-Key is in progress", twin.Json["title"]!.GetValue<string>());
            Assert.Equal(0, await RecordCount());
        }

        var first = (await Api.PostContent(Route, Batch(Page(581), Page(582)), (IdempotencyKeys.Header, key))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["created", "created"], Statuses(first));
    }

    [Fact]
    public async Task twins_sent_at_once_under_one_key_import_the_batch_once_and_every_answer_names_that_batch()
    {
        const string key = "batch-2026-12-07-at-once";
        var pages = Enumerable.Range(591, 4).Select(Page).ToArray();

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.PostContent(Route, Batch(pages), (IdempotencyKeys.Header, key))));

        Assert.All(replies, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.Status}: {r.Text}"));
        var answered = replies.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(answered);
        Assert.All(answered, r => Assert.Equal(answered[0].Text, r.Text));
        Assert.Equal(["created", "created", "created", "created"], Statuses(answered[0]));
        var batch = answered[0].Json["batch"]!.GetValue<string>();
        foreach (var page in PagesOf(answered[0]))
        {
            var history = (await Api.Get($"/api/records/{page!["id"]!.GetValue<Guid>()}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
            Assert.All(history, e => Assert.Contains($"(batch {batch}, ", e!["source"]!.GetValue<string>()));
        }

        Assert.Equal(4, await RecordCount());
    }

    [Fact]
    public async Task a_batch_past_the_configured_limit_is_refused_with_413_after_the_pages_before_it()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "catalogue_batches", new Dictionary<string, string> { ["Catalogue:Imports:MaxBatchBytes"] = "20000" });
        var admin = catalogue.Admin;

        var refused = (await admin.PostContent(Route, Raw(new string('-', 20001), "multipart/form-data; boundary=x"))).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", refused.ContentHeaders!.ContentType!.MediaType);

        // Sent chunked, without a declared length: the limit is found while streaming, after two pages went in.
        var pages = Enumerable.Range(571, 8).Select(Page).ToArray();
        var stopped = (await admin.PostContent(Route, ChunkedBatch(pages))).ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var imported = stopped.Json["pages"]!.AsArray();
        Assert.InRange(imported.Count, 1, 5);
        Assert.All(imported, p => Assert.Equal("created", p!["status"]!.GetValue<string>()));
        Assert.Equal(imported.Count, (await Support.Catalogue.ListedRecords(admin)).Count);
    }

    private static HttpContent Raw(string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    /// <summary>A batch whose length is not declared up front, as a client streaming from disk sends it.</summary>
    private static HttpContent ChunkedBatch((string Name, byte[] Bytes)[] pages)
    {
        var batch = Batch(pages);
        var chunked = new UnsizedContent(batch.ReadAsByteArrayAsync().GetAwaiter().GetResult());
        chunked.Headers.ContentType = batch.Headers.ContentType;
        return chunked;
    }

    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes, 0, bytes.Length);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Catalogue.Api.Interop.Bulk;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// An archivist whose upload was cut off, or who closed the terminal of last night's import, finds the batch again
/// without its id: the import batches are listed newest first, by format, state and who started them, a page at a time.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_import_batches_are_listed(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";

    private static List<(Guid Batch, string Format, string State)> Listed(JsonNode page) =>
        [.. page["items"]!.AsArray().Select(b => (b!["batch"]!.GetValue<Guid>(), b["format"]!.GetValue<string>(), b["state"]!.GetValue<string>()))];

    private static async Task<Guid> ImportedAsync(Support.Api archivist, string route, string body, string contentType, HttpStatusCode expected = HttpStatusCode.OK) =>
        (await archivist.PostRaw(route, body, contentType)).ShouldBe(expected).Json["batch"]!.GetValue<Guid>();

    [Fact]
    public async Task every_kind_of_batch_is_listed_newest_first_with_what_it_did_and_where_it_stands()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("batch-list");
        var pages = (await catalogue.Admin.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(117886)))).ShouldBe(HttpStatusCode.OK).Json["batch"]!.GetValue<Guid>();
        var lines = await ImportedAsync(catalogue.Admin, "/api/imports/jsonl", """{"title":"Ciphered telegram, Roshchin to Filippov"}""" + "\n" + "{\"title\":\"\"}\n", NdJson);
        var rows = await ImportedAsync(catalogue.Admin, "/api/imports/csv", "title\nLetter from Mao Zedong to Stalin\n", "text/csv");
        // Cut off in its gzip: kept as it stopped, to be resumed.
        var cut = (await catalogue.Admin.PostContent("/api/imports/jsonl", Gzip.Cut("""{"title":"Memorandum of conversation with Zhou Enlai"}""" + "\n", NdJson)))
            .ShouldBe(HttpStatusCode.BadRequest).Json["batch"]!.GetValue<Guid>();

        var listed = (await catalogue.Admin.Get("/api/imports")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal([(cut, "jsonl", "interrupted"), (rows, "csv", "finished"), (lines, "jsonl", "finished"), (pages, "pages", "finished")], Listed(listed));
        var jsonLines = listed["items"]![2]!;
        Assert.Equal((2L, 1L, 1L, 1L), (jsonLines["lines"]!.GetValue<long>(), jsonLines["created"]!.GetValue<long>(), jsonLines["rejected"]!.GetValue<long>(), jsonLines["problemCount"]!.GetValue<long>()));
        Assert.Equal(("key:admin", $"/api/imports/{lines}", 1.0), (jsonLines["actor"]!.GetValue<string>(), jsonLines["href"]!.GetValue<string>(), jsonLines["progress"]!.GetValue<double>()));
        Assert.Null(jsonLines["problems"]);
        Assert.Null(listed["next"]);

        Assert.Equal([(cut, "jsonl", "interrupted"), (lines, "jsonl", "finished")], Listed((await catalogue.Admin.Get("/api/imports?format=jsonl")).Json));
        Assert.Equal([(cut, "jsonl", "interrupted")], Listed((await catalogue.Admin.Get("/api/imports?state=interrupted")).Json));
        Assert.Equal([(rows, "csv", "finished")], Listed((await catalogue.Admin.Get("/api/imports?state=finished&format=csv")).Json));

        // Resumed, it is running from the moment the import takes it up, while it reads past what it handled before.
        var body = new HeldOpen("""{"title":"Memorandum of conversation with Zhou Enlai"}""" + "\n", NdJson);
        var resuming = catalogue.Admin.PostContent($"/api/imports/jsonl?batch={cut}", body);
        await Eventually.Until(async () => Listed((await catalogue.Admin.Get("/api/imports?state=running")).Json), running => running.Count == 1, "the resumed batch to run");
        Assert.Equal([(cut, "jsonl", "running")], Listed((await catalogue.Admin.Get("/api/imports?state=running")).Json));
        Assert.Equal("running", (await catalogue.Admin.Get($"/api/imports/{cut}")).Json["state"]!.GetValue<string>());
        Assert.Empty(Listed((await catalogue.Admin.Get("/api/imports?state=interrupted")).Json));

        body.Finish();
        (await resuming).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([(cut, "jsonl", "finished")], Listed((await catalogue.Admin.Get("/api/imports?pageSize=1")).Json));
        Assert.Empty(Listed((await catalogue.Admin.Get("/api/imports?state=running")).Json));
    }

    [Fact]
    public async Task the_list_is_read_a_page_at_a_time_and_by_who_started_each_batch()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("batch-list-pages");
        var key = (await catalogue.Admin.Post("/api/keys", new { name = "nightly-import", role = "archivist" })).ShouldBe(HttpStatusCode.Created).Json["key"]!.GetValue<string>();
        var nightly = new Support.Api(catalogue.Host.Server.CreateClient(), key);
        var started = new List<Guid>();
        for (var n = 1; n <= 5; n++)
            started.Add(await ImportedAsync(n % 2 == 0 ? catalogue.Admin : nightly, "/api/imports/csv", $"title\nTelegram no. {n} from Beijing\n", "text/csv"));

        var walked = new List<Guid>();
        var after = "";
        while (true)
        {
            var page = (await catalogue.Admin.Get($"/api/imports?pageSize=2{after}")).ShouldBe(HttpStatusCode.OK).Json;
            walked.AddRange(Listed(page).Select(b => b.Batch));
            if (page["next"] is not { } next) break;
            // Imported meanwhile: newer than the list's first page, so never on a later one.
            await ImportedAsync(nightly, "/api/imports/csv", "title\nA telegram imported while the list was read\n", "text/csv");
            after = "&after=" + Uri.EscapeDataString(next.GetValue<string>());
        }

        Assert.Equal(Enumerable.Reverse(started), walked);
        var byNightly = Listed((await catalogue.Admin.Get("/api/imports?actor=key:nightly-import&pageSize=100")).Json).Select(b => b.Batch).ToList();
        Assert.Equal(5, byNightly.Count);
        Assert.Equal([started[4], started[2], started[0]], byNightly.TakeLast(3));
        Assert.Empty(Listed((await catalogue.Admin.Get("/api/imports?actor=key:someone-else")).Json));
        // In any letter case, as the history reads an actor.
        Assert.Equal(byNightly, Listed((await catalogue.Admin.Get("/api/imports?actor=KEY:Nightly-Import&pageSize=100")).Json).Select(b => b.Batch));
    }

    [Fact]
    public async Task what_the_list_does_not_take_is_told_field_by_field()
    {
        var refused = (await Api.Get("/api/imports?format=xml&state=done&pageSize=0&after=not-a-cursor&actor=%20")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["actor", "after", "format", "pageSize", "state"], refused.ErrorFields.Order());
        Assert.Contains("pages, jsonl, csv", refused.Json["errors"]!["format"]![0]!.GetValue<string>());
        Assert.Contains("running, interrupted, finished", refused.Json["errors"]!["state"]![0]!.GetValue<string>());
        // A cursor of its own making, an empty one ({}) among them, is not the 'next' of a page.
        foreach (var made in new[] { "e30", "eyJUIjotMSwiSSI6IjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCJ9", "bnVsbA" })
            Assert.Equal(["after"], (await Api.Get($"/api/imports?after={made}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
    }
}

/// <summary>A body whose client has sent its first line and holds the rest back until told to <see cref="Finish"/>.</summary>
internal sealed class HeldOpen : HttpContent
{
    private readonly byte[] first;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldOpen(string firstLine, string contentType)
    {
        first = Encoding.UTF8.GetBytes(firstLine);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
    }

    public void Finish() => finished.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(first);
        await stream.FlushAsync();
        await finished.Task;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}

/// <summary>A gzip body cut off before its end, as a connection that breaks sends it.</summary>
internal static class Gzip
{
    public static HttpContent Cut(string text, string contentType)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        var whole = buffer.ToArray();
        var content = new ByteArrayContent(whole[..(whole.Length / 2)]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}

using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Found from outside: a command body under the 8 MiB limit sent chunked, as curl sends a file (64 KiB chunks), was
/// refused with 413 once it came within about 2 KiB of the limit: the server counted each chunk's framing (its size
/// line and line breaks) as body. Only the real server parses chunks, so this runs the service as its own process.
/// </summary>
public sealed class when_a_command_body_comes_in_chunks(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "chunked-body-admin-key";
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task a_body_within_the_limit_is_taken_however_it_is_chunked_and_one_past_it_is_refused()
    {
        using var catalogue = await CatalogueCli.StartServiceAsync(await Service.NewDatabaseAsync("catalogue_chunked"), AdminKey);
        var admin = new Support.Api(new HttpClient { BaseAddress = catalogue.Address, Timeout = TimeSpan.FromMinutes(2) }, AdminKey);
        var id = (await admin.Post("/api/records", new { title = "Diary of V.M. Molotov, 1949" })).ShouldBe(HttpStatusCode.Created).Id;

        var within = await admin.PostContent($"/api/records/{id}/full-texts", new InChunks(FullTextBody(8 * MiB - 200, version: 1), 64 * 1024));
        Assert.True(within.Status == HttpStatusCode.OK, $"{(int)within.Status}: {within.Text}");

        var past = await admin.PostContent($"/api/records/{id}/full-texts", new InChunks(FullTextBody(8 * MiB + 200, version: 2), 64 * 1024));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, past.Status);
        Assert.Equal(2, await admin.CurrentVersion(id));
    }

    /// <summary>A full text's command of exactly <paramref name="bytes"/> bytes, its text in two-byte letters.</summary>
    private static byte[] FullTextBody(int bytes, int version)
    {
        var head = "{\"language\":\"ru\",\"kind\":\"original\",\"version\":" + version + ",\"text\":\"";
        const string tail = "\"}";
        var letters = bytes - Encoding.UTF8.GetByteCount(head) - tail.Length;
        var text = new string('ж', letters / 2) + (letters % 2 == 1 ? "x" : "");
        var body = Encoding.UTF8.GetBytes(head + text + tail);
        Assert.Equal(bytes, body.Length);
        return body;
    }

    /// <summary>A body sent chunked, a chunk a write, its length not declared.</summary>
    private sealed class InChunks : HttpContent
    {
        private readonly byte[] bytes;
        private readonly int chunk;

        public InChunks(byte[] bytes, int chunk)
        {
            this.bytes = bytes;
            this.chunk = chunk;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                await stream.WriteAsync(bytes.AsMemory(at, Math.Min(chunk, bytes.Length - at)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}

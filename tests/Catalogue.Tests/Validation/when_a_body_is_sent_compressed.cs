using System.IO.Compression;
using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// The catalogue reads bodies as they are sent. A body declared compressed (Content-Encoding gzip, br, deflate…) is
/// refused with 415 and Accept-Encoding: identity before anything reads it, so nothing is done — where the header used
/// to be ignored, a compressed command was refused as "not UTF-8" and a plain one labelled gzip went through. The bulk
/// imports, whose files run to hundreds of MB, read gzip, and refuse a body that is not what it says or is cut off.
/// </summary>
public sealed class when_a_body_is_sent_compressed(CatalogueService service) : CatalogueScenario(service)
{
    private static ByteArrayContent Json(byte[] body, string? encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (encoding is not null) content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return content;
    }

    private static byte[] Gzipped(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private const string Accession = """{"title":"Telegram from Roshchin to Vyshinsky"}""";

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip", false)]
    [InlineData("br", false)]
    [InlineData("deflate, identity", false)]
    [InlineData("x-compress", false)]
    public async Task it_is_refused_with_the_coding_to_send_instead_and_nothing_is_done(string encoding, bool compressed)
    {
        var body = compressed ? Gzipped(Accession) : Encoding.UTF8.GetBytes(Accession);

        var reply = await Api.PostContent("/api/records", Json(body, encoding));

        reply.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("without Content-Encoding", reply.Text);
        Assert.Equal(["identity"], reply.Headers.GetValues("Accept-Encoding"));
        Assert.Empty(await Service.ListedRecords());
    }

    private static byte[] Compressed(string text, string encoding)
    {
        using var buffer = new MemoryStream();
        using (Stream coder = encoding == "br" ? new BrotliStream(buffer, CompressionLevel.Fastest) : new ZLibStream(buffer, CompressionLevel.Fastest))
        {
            coder.Write(Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }

    private static ByteArrayContent Import(byte[] body, string type, string? encoding)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (encoding is not null) content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return content;
    }

    private const string TwoLines = """{"title":"Telegram from Beijing"}""" + "\n" + """{"title":"Letter to Stalin"}""" + "\n";

    [Theory]
    [InlineData("/api/imports/jsonl", "application/x-ndjson", "gzip")]
    [InlineData("/API/Imports/jsonl/", "application/x-ndjson", "gzip")]
    [InlineData("/api/imports/csv", "text/csv", "x-gzip")]
    public async Task a_bulk_import_may_be_sent_gzipped_and_is_imported_as_if_it_was_not(string route, string type, string encoding)
    {
        var text = type == "text/csv" ? "title\nTelegram from Beijing\nLetter to Stalin\n" : TwoLines;

        var batch = (await Api.PostContent(route, Import(Gzipped(text), type, encoding))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((2L, 0L, "finished", 1.0), (batch["created"]!.GetValue<long>(), batch["rejected"]!.GetValue<long>(), batch["state"]!.GetValue<string>(), batch["progress"]!.GetValue<double>()));
        Assert.Null(batch["totalBytes"]);
        Assert.Equal(["Letter to Stalin", "Telegram from Beijing"], (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).Order());
    }

    /// <summary>
    /// Found from outside: a batch begun plain and resumed gzipped kept the plain file's length, and its progress was
    /// measured against it (bytes read past the total). A compressed body's length is not the length imported.
    /// </summary>
    [Fact]
    public async Task a_batch_resumed_gzipped_gives_no_total_of_the_file_it_began_with()
    {
        // A spreadsheet not in UTF-8 stops its batch where the text breaks, to be sent again mended.
        var cut = Encoding.UTF8.GetBytes("title\nTelegram from Beijing\nLetter to ").Concat(new byte[] { 0xFF, 0x0A }).ToArray();
        var stopped = (await Api.PostContent("/api/imports/csv", Import(cut, "text/csv", null))).ShouldBe(HttpStatusCode.UnprocessableEntity).Json;
        var batch = stopped["batch"]!.GetValue<Guid>();
        Assert.Equal(cut.Length, (await Api.Get($"/api/imports/{batch}")).Json["totalBytes"]!.GetValue<long>());

        var resumed = (await Api.PostContent($"/api/imports/csv?batch={batch}", Import(Gzipped("title\nTelegram from Beijing\nLetter to Stalin\n"), "text/csv", "gzip"))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(("finished", 1.0), (resumed["state"]!.GetValue<string>(), resumed["progress"]!.GetValue<double>()));
        Assert.Null(resumed["totalBytes"]);
    }

    [Fact]
    public async Task a_bulk_import_that_is_not_what_its_coding_says_stops_its_batch_and_may_be_sent_again_as_it_is()
    {
        var refused = (await Api.PostContent("/api/imports/jsonl", Import(Encoding.UTF8.GetBytes(TwoLines), "application/x-ndjson", "gzip"))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("The body is not what its Content-Encoding says", refused.Json["title"]!.GetValue<string>());
        Assert.Equal(0L, refused.Json["lines"]!.GetValue<long>());
        var batch = refused.Json["batch"]!.GetValue<Guid>();
        Assert.Equal("interrupted", (await Api.Get($"/api/imports/{batch}")).Json["state"]!.GetValue<string>());
        Assert.Empty(await Service.ListedRecords());

        var resumed = (await Api.PostContent($"/api/imports/jsonl?batch={batch}", Import(Encoding.UTF8.GetBytes(TwoLines), "application/x-ndjson", null))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(2L, resumed["created"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_bulk_import_cut_off_inside_its_compressed_body_is_refused_not_taken_for_its_end()
    {
        var lines = string.Concat(Enumerable.Range(1, 2_000).Select(n => $$"""{"title":"Telegram no. {{n}} from Beijing, with a longer title to fill the line"}""" + "\n"));
        var whole = Gzipped(lines);

        var stopped = Guid.Empty;
        foreach (var cut in new[] { whole.Length / 2, whole.Length - 4, whole.Length - 1 })
        {
            var reply = await Api.PostContent("/api/imports/jsonl", Import(whole[..cut], "application/x-ndjson", "gzip"));

            reply.ShouldBe(HttpStatusCode.BadRequest);
            Assert.Contains("ends before its data does", reply.Json["detail"]!.GetValue<string>());
            var batch = (await Api.Get($"/api/imports/{reply.Json["batch"]}")).Json;
            Assert.Equal("interrupted", batch["state"]!.GetValue<string>());
            stopped = batch["batch"]!.GetValue<Guid>();
        }

        var resumed = (await Api.PostContent($"/api/imports/jsonl?batch={stopped}", Import(whole, "application/x-ndjson", "gzip"))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("finished", 2_000L, 2_000L), (resumed["state"]!.GetValue<string>(), resumed["lines"]!.GetValue<long>(), resumed["created"]!.GetValue<long>()));
    }

    [Fact]
    public async Task a_bulk_import_of_several_gzip_members_is_read_whole_as_one_file_and_one_cut_off_in_its_last_is_refused()
    {
        var members = Gzipped("""{"title":"Telegram from Beijing"}""" + "\n").Concat(Gzipped("""{"title":"Letter to Stalin"}""" + "\n")).ToArray();

        var cut = await Api.PostContent("/api/imports/jsonl", Import(members[..^4], "application/x-ndjson", "gzip"));
        var whole = (await Api.PostContent("/api/imports/jsonl", Import(members, "application/x-ndjson", "gzip"))).ShouldBe(HttpStatusCode.OK).Json;

        cut.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains("ends before its data does", cut.Json["detail"]!.GetValue<string>());
        Assert.Equal(("finished", 2L, 2L), (whole["state"]!.GetValue<string>(), whole["lines"]!.GetValue<long>(), whole["created"]!.GetValue<long>()));
        Assert.Equal(["Letter to Stalin", "Telegram from Beijing"], (await Service.ListedRecords()).Select(r => r["title"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task a_bulk_import_whose_gzip_is_followed_by_other_bytes_is_refused_and_imports_nothing()
    {
        var reply = await Api.PostContent("/api/imports/jsonl", Import([.. Gzipped(TwoLines), .. "\n\n"u8], "application/x-ndjson", "gzip"));

        reply.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains("goes on after its data: 2 bytes follow its last member", reply.Json["detail"]!.GetValue<string>());
        Assert.Empty(await Service.ListedRecords());
    }

    [Theory]
    [InlineData("gzip, gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("x-compress")]
    public async Task a_bulk_import_in_a_coding_it_does_not_read_is_refused_with_those_it_does(string encoding)
    {
        var reply = await Api.PostContent("/api/imports/jsonl", Import(Compressed(TwoLines, encoding == "br" ? "br" : "deflate"), "application/x-ndjson", encoding));

        reply.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(["gzip, identity"], reply.Headers.GetValues("Accept-Encoding"));
        Assert.Empty(await Service.ListedRecords());
    }

    [Fact]
    public async Task identity_is_the_body_as_sent()
    {
        (await Api.PostContent("/api/records", Json(Encoding.UTF8.GetBytes(Accession), "identity"))).ShouldBe(HttpStatusCode.Created);
    }

    private static byte[] GzippedSmallest(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize)) gzip.Write(data);
        return buffer.ToArray();
    }

    [Fact]
    public async Task a_bulk_import_that_decodes_to_hundreds_of_times_its_size_is_refused_before_it_is_decoded_whole()
    {
        var bomb = GzippedSmallest([.. Encoding.UTF8.GetBytes(TwoLines), .. Enumerable.Repeat((byte)'\n', 64 * 1024 * 1024)]);

        var reply = await Api.PostContent("/api/imports/jsonl", Import(bomb, "application/x-ndjson", "gzip"));

        reply.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The body decodes to too much", reply.Json["title"]!.GetValue<string>());
        Assert.Contains("more than 200 times its size", reply.Json["detail"]!.GetValue<string>());
        var batch = reply.Json["batch"]!.GetValue<Guid>();
        Assert.Equal("interrupted", (await Api.Get($"/api/imports/{batch}")).Json["state"]!.GetValue<string>());

        var resumed = (await Api.PostContent($"/api/imports/jsonl?batch={batch}", Import(Gzipped(TwoLines), "application/x-ndjson", "gzip"))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("finished", 2L), (resumed["state"]!.GetValue<string>(), resumed["lines"]!.GetValue<long>()));
    }

    [Fact]
    public async Task the_expansion_of_a_gzip_body_is_measured_as_it_is_read_so_text_passes_and_one_repeated_byte_does_not()
    {
        var random = new Random(1949);
        string[] words = ["memorandum", "conversation", "Zhou", "Enlai", "ambassador", "telegram", "Beijing", "Moscow", "fond", "opis", "delo", "list", "совещание", "переговоры", "посол"];
        var text = new StringBuilder();
        while (text.Length < 4 * 1024 * 1024) text.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? ".\n" : " ");
        var catalogueLike = Encoding.UTF8.GetBytes(text.ToString());

        await using (var decoded = new Catalogue.Api.Interop.Bulk.CheckedGzipStream(new MemoryStream(GzippedSmallest(catalogueLike)), maxExpansion: 200))
        {
            using var read = new MemoryStream();
            await decoded.CopyToAsync(read);
            Assert.Equal(catalogueLike, read.ToArray());
        }

        await using var bomb = new Catalogue.Api.Interop.Bulk.CheckedGzipStream(new MemoryStream(GzippedSmallest(new byte[64 * 1024 * 1024])), maxExpansion: 200);
        var refused = await Assert.ThrowsAsync<Catalogue.Api.Interop.Bulk.GzipExpansionException>(() => bomb.CopyToAsync(Stream.Null));
        Assert.Contains("more than 200 times its size", refused.Message);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Another system takes the catalogue in bulk: every record a line, as the record reads over the API, its version
/// included; streamed in batches, so a catalogue of any size comes out whole.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_the_catalogue_is_exported_as_json_lines(CatalogueService service) : CatalogueScenario(service)
{
    private static IReadOnlyList<JsonNode> Lines(Reply reply)
    {
        Assert.Equal("application/x-ndjson", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.EndsWith("\n", reply.Text);
        return [.. reply.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)];
    }

    private Task<Guid> Published(string title, string citation) => Api.CatalogueAsync(title, citation);

    [Fact]
    public async Task every_record_is_a_line_as_the_api_reads_it()
    {
        var seed = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        var published = await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");

        var lines = Lines((await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK));

        Assert.Equal(new[] { seed, published }.Order(), lines.Select(l => l["id"]!.GetValue<Guid>()));
        foreach (var line in lines)
        {
            var read = (await Api.Get($"/api/records/{line["id"]}")).ShouldBe(HttpStatusCode.OK).Json;
            var texts = line["fullTexts"]!.AsArray();
            foreach (var text in texts)
            {
                Assert.Equal((await Api.Get(text!["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text, text["text"]!.GetValue<string>());
                text.AsObject().Remove("text");
            }

            Assert.True(JsonNode.DeepEquals(read, line), $"{line}\n≠\n{read}");
            Assert.Equal(read["version"]!.GetValue<long>(), line["version"]!.GetValue<long>());
        }

        Assert.NotEmpty(lines.Single(l => l["id"]!.GetValue<Guid>() == seed)["fullTexts"]!.AsArray());
        var withoutTexts = Lines((await Api.Get("/api/exports/records?fullTexts=false")).ShouldBe(HttpStatusCode.OK));
        Assert.True(JsonNode.DeepEquals(new JsonArray([.. lines.Select(l => l.DeepClone())]), new JsonArray([.. withoutTexts])));
    }

    [Fact]
    public async Task a_catalogue_larger_than_a_batch_comes_out_whole_and_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 520; i++) ids.Add((await Api.Post("/api/records", new { title = $"Memorandum {i:D3}" })).ShouldBe(HttpStatusCode.Created).Id);

        var lines = Lines((await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK));

        Assert.Equal(ids.Order(), lines.Select(l => l["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task readers_take_published_records_only_and_a_repository_or_fond_narrows_it()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var avprf = await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        var rgaspi = await Published("Letter to Stalin", "RGASPI, f. 558, op. 11, d. 342, l. 92");
        await Service.ProjectionsCaughtUp();
        var reader = Service.As("reader");

        var all = Lines((await reader.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK));
        var byAlias = Lines((await reader.Get("/api/exports/records?repository=AVP%20RF")).ShouldBe(HttpStatusCode.OK));
        var byFond = Lines((await reader.Get("/api/exports/records?repository=RGASPI&fond=558")).ShouldBe(HttpStatusCode.OK));
        var drafts = (await reader.Get("/api/exports/records?status=draft")).ShouldBe(HttpStatusCode.BadRequest);
        var draftsInCapitals = (await reader.Get("/api/exports/records?status=Draft")).ShouldBe(HttpStatusCode.BadRequest);
        var publishedInCapitals = Lines((await reader.Get("/api/exports/records?status=Published")).ShouldBe(HttpStatusCode.OK));

        Assert.Equal(new[] { avprf, rgaspi }.Order(), all.Select(l => l["id"]!.GetValue<Guid>()));
        Assert.Equal([avprf], byAlias.Select(l => l["id"]!.GetValue<Guid>()));
        Assert.Equal([rgaspi], byFond.Select(l => l["id"]!.GetValue<Guid>()));
        Assert.Equal(["status"], drafts.ErrorFields);
        Assert.Equal(["status"], draftsInCapitals.ErrorFields);
        Assert.Equal(new[] { avprf, rgaspi }.Order(), publishedInCapitals.Select(l => l["id"]!.GetValue<Guid>()));
        Assert.Single(Lines((await Api.Get("/api/exports/records?status=draft")).ShouldBe(HttpStatusCode.OK)));
        Assert.Single(Lines((await Api.Get("/api/exports/records?status=DRAFT")).ShouldBe(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task a_blank_repository_or_fond_is_refused_rather_than_exporting_nothing()
    {
        var rgaspi = await Published("Letter to Stalin", "RGASPI, f. 558, op. 11, d. 342, l. 92");
        await Service.ProjectionsCaughtUp();

        var blankRepository = (await Api.Get("/api/exports/records?repository=")).ShouldBe(HttpStatusCode.BadRequest);
        var blankFond = (await Api.Get("/api/exports/records?repository=RGASPI&fond=%20")).ShouldBe(HttpStatusCode.BadRequest);
        var padded = Lines((await Api.Get("/api/exports/records?repository=%20RGASPI&fond=558%20")).ShouldBe(HttpStatusCode.OK));

        Assert.Equal(["repository"], blankRepository.ErrorFields);
        Assert.Contains("'repository' must not be empty", blankRepository.Text);
        Assert.Equal(["fond"], blankFond.ErrorFields);
        Assert.Equal([rgaspi], padded.Select(l => l["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task the_command_line_writes_the_same_lines_into_a_file()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-export-{Guid.NewGuid():N}.jsonl");
        try
        {
            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", file);
            var (refused, usage) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--status", "draft");

            Assert.True(exit == 0, output);
            Assert.Contains("Exported 2 records to", output);
            Assert.False(File.Exists(file + ".partial"));
            var overHttp = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
            Assert.Equal(
                overHttp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()),
                (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!.ToJsonString()));
            Assert.Equal(64, refused);
            Assert.Contains("usage: export --out FILE", usage);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Found from outside: the command line exported no record for a repository holding a control character and exited 0, where the API refuses it.</summary>
    [Fact]
    public async Task the_command_line_refuses_a_filter_holding_a_control_character_as_the_api_does()
    {
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", "-", "--repository", "AVPRF");

        Assert.Equal(64, exit);
        Assert.Contains("'repository' must not contain U+0001", output);
        (await Api.Get("/api/exports/records?repository=AVP%01RF")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task the_command_line_streams_the_same_lines_to_standard_output_for_a_pipe()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");

        using var export = CatalogueCli.Start(Service.Cluster.ConnectionString, ["export", "--out", "-", "--status", "draft"]);
        var streamed = export.StandardOutput.ReadToEndAsync();
        var said = export.StandardError.ReadToEndAsync();
        await export.WaitForExitAsync();

        Assert.True(export.ExitCode == 0, await said);
        Assert.Contains("Exported 1 record to standard output.", await said);
        var overHttp = (await Api.Get("/api/exports/records?status=draft")).ShouldBe(HttpStatusCode.OK).Text;
        Assert.Equal(
            overHttp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()),
            (await streamed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()));
    }

    /// <summary>Standard output that takes nothing more (a full disk, a pipe's reader gone) is an export cut off, and said to be.</summary>
    [Fact]
    public async Task the_command_line_says_when_standard_output_cannot_be_written()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");

        var (exit, said) = await CatalogueCli.RunInShellAsync(Service.Cluster.ConnectionString, "catalogue export --out - > /dev/full");

        Assert.True(exit == 73, said);
        Assert.Contains("-: cannot be written (No space left on device): the export stopped before it was whole.", said);
        Assert.DoesNotContain("Unhandled exception", said);
    }

    [Fact]
    public async Task the_command_line_writes_a_file_named_gz_gzip_and_reads_it_back()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        var file = Path.Combine(Path.GetTempPath(), $"catalogue-export-{Guid.NewGuid():N}.jsonl.gz");
        try
        {
            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", file);
            var (back, imported) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import-jsonl", file);

            Assert.True(exit == 0, output);
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]);
            using var reader = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress));
            var overHttp = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
            Assert.Equal(
                overHttp.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()),
                (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()));
            Assert.True(back == 0, imported);
            Assert.Contains("0 created, 0 updated, 2 unchanged, 0 rejected", imported);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Found from outside: a pipe (<c>import-jsonl &lt;(zcat …)</c>, <c>/dev/stdin</c>) crashed the verb — a pipe can be
    /// neither measured nor read twice, and the verb did both to tell gzip from plain lines.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task the_command_line_reads_its_lines_from_a_pipe_plain_or_gzip(bool gzip)
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        await Published("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        var lines = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
        var piped = System.Text.Encoding.UTF8.GetBytes(lines.Replace("Telegram from Beijing", "Telegram from Peking", StringComparison.Ordinal));
        if (gzip)
        {
            using var compressed = new MemoryStream();
            await using (var zip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                await zip.WriteAsync(piped);
            piped = compressed.ToArray();
        }

        // Found from outside: "-", standard input to verify-export, was "-: no such file" to the imports.
        var (exit, output) = await CatalogueCli.RunPipedAsync(Service.Cluster.ConnectionString, piped, "import-jsonl", gzip ? "-" : "/dev/stdin");

        Assert.True(exit == 0, output);
        Assert.Contains("0 created, 1 updated, 1 unchanged, 0 rejected", output);
        // A pipe's length is not known beforehand: what was read is shown, not a share of a total.
        Assert.Contains($"{piped.Length / 1048576.0:N1} MiB read", output);
        Assert.Contains("Telegram from Peking", (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text);
    }

    /// <summary>Found from outside: a file that could not be created crashed the verb with an unhandled exception.</summary>
    [Fact]
    public async Task the_command_line_says_when_its_file_cannot_be_written()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var folder = Path.Combine(Path.GetTempPath(), $"catalogue-export-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var (missing, missingSays) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", Path.Combine(folder, "gone", "records.jsonl"));
            var (aFolder, aFolderSays) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", folder);

            Assert.True(missing == 73, missingSays);
            Assert.Contains("cannot be written", missingSays);
            Assert.True(aFolder == 73, aFolderSays);
            Assert.Contains("cannot be written", aFolderSays);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
            Assert.False(File.Exists(folder + ".partial"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Found from outside: an empty name crashed the verb; a device was replaced — the output is moved onto the name
    /// once whole, and run as root that made /dev/full a regular file for the whole machine. The device is reached here
    /// through a link of the test's own, so that, were it replaced again, the link would be, not the machine's device.
    /// </summary>
    [Theory]
    [InlineData("export", true)]
    [InlineData("export", false)]
    [InlineData("export-events", true)]
    public async Task the_command_line_writes_files_only_and_says_so_of_anything_else(string verb, bool toADevice)
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var link = Path.Combine(Path.GetTempPath(), $"catalogue-device-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(link, "/dev/null");
        try
        {
            var file = toADevice ? link : "";
            var (exit, says) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, verb == "export" ? ["export", "--out", file] : [verb, file]);

            Assert.True(exit == 73, says);
            Assert.Contains("cannot be written", says);
            Assert.Equal("/dev/null", File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName);
            Assert.False(File.Exists(link + ".partial"));
        }
        finally
        {
            File.Delete(link);
        }
    }

    /// <summary>
    /// Found from outside: <c>export-events /dev/stdout</c>, standard output redirected into a file, replaced the
    /// machine's /dev/stdout with a regular file — the link led through /proc/self/fd/1 to a regular file, and the check
    /// for devices looked only at the end of the links; then <c>export --out /tmp/d/null</c>, /tmp/d a link to /dev,
    /// replaced /dev/null — the folders' links were not followed. Links of the test's own stand in here, to /dev/stdout
    /// and to the folder /proc/self/fd, so that were one replaced again, it would be the test's, not the machine's.
    /// </summary>
    [Theory]
    [InlineData("export --out", "a link to /dev/stdout")]
    [InlineData("export-events", "a link to /dev/stdout")]
    [InlineData("export --out", "a name in a folder linked to /proc/self/fd")]
    public async Task standard_output_named_as_a_file_is_refused_and_left_as_it_is(string verb, string name)
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var link = Path.Combine(Path.GetTempPath(), $"catalogue-stdout-{Guid.NewGuid():N}");
        var redirected = link + ".out";
        var linksTo = name == "a link to /dev/stdout" ? "/dev/stdout" : "/proc/self/fd";
        File.CreateSymbolicLink(link, linksTo);
        try
        {
            var file = linksTo == "/dev/stdout" ? link : Path.Combine(link, "1");
            var (exit, said) = await CatalogueCli.RunInShellAsync(Service.Cluster.ConnectionString, $"catalogue {verb} \"$1\" > \"$2\"", file, redirected);

            Assert.True(exit == 73, said);
            Assert.Contains("a device, not a file", said);
            Assert.Contains("or - to stream to standard output", said);
            Assert.Equal(linksTo, File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName);
            Assert.Equal(0, new FileInfo(redirected).Length);
        }
        finally
        {
            File.Delete(link);
            File.Delete(redirected);
        }
    }

    /// <summary>Found from outside: <c>export --out FIFO</c> replaced the named pipe with a regular file; its reader never got a line.</summary>
    [Theory]
    [InlineData("export", "--out")]
    [InlineData("export-events")]
    public async Task a_named_pipe_is_refused_and_left_a_pipe(params string[] verb)
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var fifo = Path.Combine(Path.GetTempPath(), $"catalogue-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        try
        {
            var (exit, said) = await CatalogueCli.RunInProcessAsync(Service.Host.Services, [.. verb, fifo]);

            Assert.True(exit == 73, said);
            Assert.Contains($"{fifo}: cannot be written (a named pipe, not a file", said);
            Assert.Contains("or - to stream to standard output", said);
            Assert.Equal("named pipe", Catalogue.Api.Hosting.SpecialFiles.KindOf(fifo));
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    /// <summary>As the shell's <c>&gt;</c> writes: through a link to the file it names, the link left a link.</summary>
    [Fact]
    public async Task an_export_into_a_link_to_a_file_writes_the_file_and_keeps_the_link()
    {
        await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain");
        var folder = Directory.CreateTempSubdirectory("catalogue-linked-").FullName;
        try
        {
            var file = Path.Combine(folder, "records-2026-12.jsonl");
            var link = Path.Combine(folder, "latest.jsonl");
            await File.WriteAllTextAsync(file, "last month's export\n");
            File.CreateSymbolicLink(link, file);

            var (exit, said) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "export", "--out", link);

            Assert.True(exit == 0, said);
            Assert.Equal(file, File.ResolveLinkTarget(link, returnFinalTarget: false)?.FullName);
            var lines = await File.ReadAllLinesAsync(file);
            Assert.Single(lines);
            Assert.Equal(
                "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949",
                JsonNode.Parse(lines[0])!["title"]!.GetValue<string>());
            Assert.Equal(["latest.jsonl", "records-2026-12.jsonl"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("fond=0100", "fond")]
    [InlineData("repository=%00", "repository")]
    public async Task a_filter_that_cannot_be_is_refused_field_by_field(string query, string field)
    {
        var reply = (await Api.Get($"/api/exports/records?{query}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([field], reply.ErrorFields);
    }
}

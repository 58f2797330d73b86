using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Pages a hostile or broken source might send: a NUL byte inside the text, or a document address that is not the
/// archive's (a path climbing out of <c>/document/</c>, a negative number, SQL). The page is refused whole, saying
/// what is wrong and where — over HTTP, in a batch and on the command line — and nothing of it is stored.
/// </summary>
public sealed class when_a_hostile_page_is_imported(CatalogueService service) : CatalogueScenario(service)
{
    private static string SeedPage => when_the_seed_page_is_imported.SeedPage;

    /// <summary>The seed page with a NUL byte in its summary, and the line it is on.</summary>
    private static (string Page, int Line) WithNul()
    {
        var page = SeedPage.Replace("Chinese Premier Zhou Enlai.", "Chinese\0 Premier Zhou Enlai.");
        return (page, page[..page.IndexOf('\0')].Count(c => c == '\n') + 1);
    }

    private static string At(string address) =>
        SeedPage.Replace("https://wilson-center-digital-archive.dvincitest.com/document/117886", $"https://wilson-center-digital-archive.dvincitest.com/{address}");

    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    [Fact]
    public async Task a_nul_byte_refuses_the_page_naming_its_line()
    {
        var (page, line) = WithNul();

        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal([$"The page contains a NUL character at line {line}."], reply.Json["errors"]!["page"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(0, await RecordCount());
    }

    [Fact]
    public async Task another_control_character_refuses_the_page_too()
    {
        var page = SeedPage.Replace("Chinese Premier", "Chinese\u001b[2J Premier");

        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(reply.Json["errors"]!["page"]!.AsArray(), p => p!.GetValue<string>().StartsWith("The page contains the control character U+001B at line 13", StringComparison.Ordinal));
        Assert.Equal(0, await RecordCount());
    }

    /// <summary>
    /// Found from outside: the page's layout broke lines at U+2028 too, so the title was cut there — "From the" stored,
    /// the rest dropped, no word said — and the people it names were not read from it.
    /// </summary>
    [Fact]
    public async Task a_title_holding_a_line_separator_is_read_whole_with_the_people_it_names()
    {
        var page = SeedPage.Replace("# From the Diary", "# From the\u2028Diary", StringComparison.Ordinal);

        var id = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;

        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.StartsWith("From the Diary of N.V. Roshchin, Memorandum of Conversation", record["title"]!.GetValue<string>());
        Assert.Equal("N.V. Roshchin", record["creators"]![0]!["name"]!.GetValue<string>());
    }

    /// <summary>Found from outside: a date heading that is no date was passed over for the citation's without a word.</summary>
    [Fact]
    public async Task a_date_heading_that_is_no_date_is_left_out_saying_so()
    {
        var page = SeedPage.Replace("## **November 10, 1949**", "## **November 40, 1949**", StringComparison.Ordinal);

        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.Created);

        Assert.Equal(
            ["the date heading \"November 40, 1949\" does not read as a date: left out, and the citation's date \"November 10, 1949\" recorded as the date described"],
            reply.Json["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
        var described = (await Api.Get($"/api/records/{reply.Id}")).Json["dates"]!.AsArray().Single(d => d!["role"]!.GetValue<string>() == "described")!;
        Assert.Equal("1949-11-10", described["edtf"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_nul_byte_rejects_the_page_in_a_batch_and_the_others_go_in()
    {
        var (page, line) = WithNul();

        var reply = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(601), ("nul.txt", Encoding.UTF8.GetBytes(page)), PageBatches.Page(602))))
            .ShouldBe(HttpStatusCode.OK);

        var pages = reply.Json["pages"]!.AsArray();
        Assert.Equal(["created", "rejected", "created"], pages.Select(p => p!["status"]!.GetValue<string>()));
        Assert.Equal([$"The page contains a NUL character at line {line}."], pages[1]!["problems"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(2, await RecordCount());
    }

    [Fact]
    public async Task a_nul_byte_fails_the_command_line_import_with_the_same_message()
    {
        var (page, line) = WithNul();
        var file = Path.Combine(Path.GetTempPath(), $"nul-page-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, page);
        try
        {
            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file, file + ".missing");

            Assert.True(exit == 1, output);
            Assert.Contains($"not imported: The page contains a NUL character at line {line}.", output);
            Assert.Contains($"{file}.missing: no such file", output);
            Assert.Equal(0, await RecordCount());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task the_command_line_import_of_files_none_of_which_are_there_exits_as_the_other_imports_do()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"page-{Guid.NewGuid():N}.txt");
        var said = new StringWriter();

        // No file is there to read, so the verb neither opens a batch nor needs the service.
        var exit = await Catalogue.Api.Imports.ImportCommandLine.ImportAsync(
            new Catalogue.Api.Hosting.VerbRun([missing, Path.GetTempPath()], TextWriter.Null, said, services: null, CancellationToken.None));

        Assert.Equal(Catalogue.Api.Hosting.VerbRun.NoInput, exit);
        Assert.Equal([$"{missing}: no such file", $"{Path.GetTempPath()}: a directory, not a file"], said.ToString().ReplaceLineEndings("\n").TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task the_command_line_refuses_a_page_that_is_not_utf8_as_http_does()
    {
        // The seed saved as Latin-1 by an old editor: its "ü" is the single byte 0xFC, which is not UTF-8.
        var file = Path.Combine(Path.GetTempPath(), $"latin1-page-{Guid.NewGuid():N}.txt");
        await File.WriteAllBytesAsync(file, Encoding.Latin1.GetBytes(SeedPage.Replace("Moscow", "Moskau über Berlin")));
        try
        {
            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);

            Assert.True(exit == 1, output);
            Assert.Contains("not imported: The page is not UTF-8 text.", output);
            Assert.Equal(0, await RecordCount());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("document/../../etc/passwd")]
    [InlineData("document/..")]
    [InlineData("document/-5")]
    [InlineData("document/abc'--")]
    [InlineData("document/117886%2F..")]
    [InlineData("document/%31%31%37")]
    [InlineData("document/Ciphered-Telegram")]
    public async Task an_address_that_is_not_the_archives_refuses_the_page_naming_it(string address)
    {
        var reply = (await Api.PostRaw("/api/imports", At(address), "text/plain")).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        var problem = Assert.Single(reply.Json["errors"]!["page"]!.AsArray())!.GetValue<string>();
        // A citation's closing full stop is not part of its address, so trailing dots are not either.
        Assert.Contains($"the document address https://wilson-center-digital-archive.dvincitest.com/{address.TrimEnd('.')} is not", problem);
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("document/117886", "117886")]
    [InlineData("document/ciphered-telegram-no-25553-roshchin-filippov-stalin", "ciphered-telegram-no-25553-roshchin-filippov-stalin")]
    public async Task the_archives_own_addresses_are_imported(string address, string documentId)
    {
        var reply = (await Api.PostRaw("/api/imports", At(address), "text/plain")).ShouldBe(HttpStatusCode.Created);

        var record = (await Api.Get($"/api/records/{reply.Id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(documentId, record["externalIds"]![0]!["value"]!.GetValue<string>());
    }
}

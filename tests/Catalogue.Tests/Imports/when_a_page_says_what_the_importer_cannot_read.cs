using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Nothing a page says is dropped without a word: what cannot be read into locators is still recorded as provenance,
/// as written, and the answer — a single page, a page of a batch, the command line — says what was not understood.
/// </summary>
public sealed class when_a_page_says_what_the_importer_cannot_read(CatalogueService service) : CatalogueScenario(service)
{
    private const string Unreadable = "In the possession of the translator";
    private const string Unread = "and a second copy in the editor's papers";

    private static string[] Strings(System.Text.Json.Nodes.JsonNode? list) => [.. list!.AsArray().Select(item => item!.GetValue<string>())];

    [Fact]
    public async Task a_reference_without_locators_is_recorded_as_written_with_what_was_not_read_and_the_answer_warns()
    {
        var reply = (await Api.PostRaw("/api/imports", ArchiveLayoutPages.Citing(Unreadable, "Translated by David Wolff."), "text/plain"))
            .ShouldBe(HttpStatusCode.Created);

        var reference = Assert.Single((await Api.Get($"/api/records/{reply.Id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal(Unreadable, reference["citation"]!.GetValue<string>());
        Assert.Null(reference["repository"]);
        Assert.Contains(Strings(reference["unparsed"]), u => u.Contains(Unreadable, StringComparison.Ordinal));
        Assert.Contains(Strings(reply.Json["warnings"]), w => w.Contains(Unreadable, StringComparison.Ordinal));
    }

    [Fact]
    public async Task text_after_a_reference_is_kept_with_it_and_named_in_the_answer()
    {
        var reply = (await Api.PostRaw("/api/imports", ArchiveLayoutPages.Citing($"RGASPI, f. 558, op. 11, d. 342, ll. 92-93; {Unread}", "Translated by Mark Kramer."), "text/plain"))
            .ShouldBe(HttpStatusCode.Created);

        var reference = Assert.Single((await Api.Get($"/api/records/{reply.Id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("558", reference["fond"]!.GetValue<string>());
        Assert.Contains(Strings(reference["unparsed"]), u => u.Contains(Unread, StringComparison.Ordinal));
        var warning = Assert.Single(Strings(reply.Json["warnings"]));
        Assert.Contains(Unread, warning);
    }

    [Fact]
    public async Task a_credit_sentence_the_importer_does_not_read_is_named_too()
    {
        const string published = "Published as Document no. 123 in Kokurin and Morukov, Stalinskie stroiki GULAGa (Moscow: Materik, 2005), 464.";

        var reply = (await Api.PostRaw("/api/imports", ArchiveLayoutPages.Citing("GA RF, f. R-9401, op. 2, d. 65, l. 166", $"{published} Translated by Vadim J. Birstein."), "text/plain"))
            .ShouldBe(HttpStatusCode.Created);

        var record = (await Api.Get($"/api/records/{reply.Id}")).Json;
        Assert.Equal("R-9401", Assert.Single(record["provenance"]!.AsArray())!["fond"]!.GetValue<string>());
        Assert.Equal(["Vadim J. Birstein"], Strings(Assert.Single(record["translations"]!.AsArray())!["translators"]));
        Assert.Contains(Strings(reply.Json["warnings"]), w => w.Contains("Published as Document no. 123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_page_of_a_batch_carries_its_warnings_and_so_does_an_unchanged_page()
    {
        var page = Encoding.UTF8.GetBytes(ArchiveLayoutPages.Citing(Unreadable, "Translated by David Wolff.", documentId: 5001));
        var seed = Encoding.UTF8.GetBytes(when_the_seed_page_is_imported.SeedPage);

        var first = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(("unreadable.txt", page), ("seed.txt", seed)))).ShouldBe(HttpStatusCode.OK);
        var again = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(("unreadable.txt", page)))).ShouldBe(HttpStatusCode.OK);

        var pages = first.Json["pages"]!.AsArray();
        Assert.Equal("created", pages[0]!["status"]!.GetValue<string>());
        Assert.Contains(Strings(pages[0]!["warnings"]), w => w.Contains(Unreadable, StringComparison.Ordinal));
        Assert.Empty(pages[1]!["warnings"]!.AsArray());
        var unchanged = Assert.Single(again.Json["pages"]!.AsArray())!;
        Assert.Equal("unchanged", unchanged["status"]!.GetValue<string>());
        Assert.Contains(Strings(unchanged["warnings"]), w => w.Contains(Unreadable, StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_command_line_prints_the_warnings_under_the_page()
    {
        var file = Path.Combine(Path.GetTempPath(), $"unreadable-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, ArchiveLayoutPages.Citing(Unreadable, "Translated by David Wolff.", documentId: 5002));
        try
        {
            var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);

            Assert.True(exit == 0, output);
            Assert.Contains("created record", output);
            Assert.Contains(output.Split('\n'), line => line.Contains("warning", StringComparison.OrdinalIgnoreCase) && line.Contains(Unreadable, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task the_seed_page_imports_without_a_warning()
    {
        var reply = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created);

        Assert.Empty(reply.Json["warnings"]!.AsArray());
    }
}

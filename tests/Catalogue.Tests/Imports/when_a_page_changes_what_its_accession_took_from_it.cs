using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// The document type (read from the page's title) and the source address (the page's own) are taken at the page's
/// first import. A page that says otherwise later corrects them as it corrects the title, with the re-import's reason;
/// what an archivist corrected in between stays while the page still says what it said when last imported.
/// </summary>
public sealed class when_a_page_changes_what_its_accession_took_from_it(CatalogueService service) : CatalogueScenario(service)
{
    private const string MovedUrl = "https://digitalarchive.wilsoncenter.org/document/117886";

    private static string Seed => when_the_seed_page_is_imported.SeedPage;

    /// <summary>The seed page as the archive serves it from its own domain.</summary>
    private static string Moved => Seed.Replace("https://wilson-center-digital-archive.dvincitest.com/document/117886", MovedUrl);

    /// <summary>The seed page retitled as a record of conversation: the type read from the title is then that.</summary>
    private static string Retitled(string page) => page.Replace("Roshchin, Memorandum of Conversation with", "Roshchin, Record of Conversation with");

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private async Task<(Guid Id, long Version)> ImportTheSeed()
    {
        var reply = (await Api.PostRaw("/api/imports", Seed, "text/plain")).ShouldBe(HttpStatusCode.Created);
        return (reply.Id, reply.Version);
    }

    [Fact]
    public async Task a_page_that_moved_and_names_another_kind_of_document_corrects_both_with_the_reimports_reason()
    {
        var (id, _) = await ImportTheSeed();

        var reply = (await Api.PostRaw("/api/imports", Retitled(Moved), "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("updated", Text(reply, "status"));
        var changes = reply["changes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains("document_type_revised", changes);
        Assert.Contains("source_url_revised", changes);
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("Record of Conversation", MovedUrl), (Text(record, "documentType"), Text(record, "sourceUrl")));
        Assert.Equal(["wilson-center:117886"], record["externalIds"]!.AsArray().Select(x => $"{x!["scheme"]}:{x["value"]}"));
        var revised = (await Api.Get($"/api/records/{id}/history?type=source_url_revised")).Json["events"]!.AsArray().Single()!;
        Assert.Equal($"Re-imported from {MovedUrl}: the page has changed since it was last imported.", Text(revised, "reason"));
    }

    [Fact]
    public async Task what_an_archivist_corrected_stays_while_the_page_says_what_it_said_and_gives_way_when_it_changes_there()
    {
        var (id, version) = await ImportTheSeed();
        (await Api.Post($"/api/records/{id}/document-type", new { version, documentType = "Diary Entry", reason = "It is an entry of Roshchin's diary" })).ShouldBe(HttpStatusCode.OK);

        var same = (await Api.PostRaw("/api/imports", Seed, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;
        var moved = (await Api.PostRaw("/api/imports", Moved, "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("unchanged", Text(same, "status"));
        Assert.Equal(["source_url_revised", "source_citation_recorded"], moved["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal(("Diary Entry", MovedUrl), (Text(record, "documentType"), Text(record, "sourceUrl")));

        var retitled = (await Api.PostRaw("/api/imports", Retitled(Moved), "text/plain")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Contains("document_type_revised", retitled["changes"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("Record of Conversation", Text((await Api.Get($"/api/records/{id}")).Json, "documentType"));
    }
}

using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Interop;
using Catalogue.Tests.Search;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// The seed was accessioned as a "Memorandum of Conversation" at the test server's address, with the Wilson Center's
/// number. The archivist finds all three mistyped and corrects them, each with a reason: the record, its history, its
/// diff and blame, the record list, search, EAD and Dublin Core then say what she corrected. A correction without a
/// reason, an address the accession would refuse, or one made against an old version appends nothing.
/// </summary>
public sealed class when_an_archivist_corrects_what_the_accession_said(CatalogueService service) : CatalogueScenario(service)
{
    private const string MovedUrl = "https://digitalarchive.wilsoncenter.org/document/117886";

    [Fact]
    public async Task the_record_and_everything_read_from_it_say_what_she_corrected()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/document-type", new { version = 1, documentType = " Ciphered Telegram ", reason = "The heading reads «Шифртелеграмма»" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/source-url", new { version = 2, sourceUrl = MovedUrl, reason = "The archive moved to its own domain" }))
            .ShouldBe(HttpStatusCode.OK);
        var last = (await Api.Post($"/api/records/{id}/external-ids", new
        {
            version = 3,
            externalIds = new[] { new { scheme = "wilson-center", value = "117886" }, new { scheme = "cwihp-bulletin", value = "6-7/1995" } },
            reason = "Also printed in the CWIHP Bulletin",
        })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(4, last.Version);

        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("Ciphered Telegram", record["documentType"]!.GetValue<string>());
        Assert.Equal(MovedUrl, record["sourceUrl"]!.GetValue<string>());
        Assert.Equal(["wilson-center:117886", "cwihp-bulletin:6-7/1995"], record["externalIds"]!.AsArray().Select(x => $"{x!["scheme"]}:{x["value"]}"));

        var history = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal(
            [("document_type_revised", "The heading reads «Шифртелеграмма»"), ("source_url_revised", "The archive moved to its own domain"), ("external_identifiers_revised", "Also printed in the CWIHP Bulletin")],
            history.Skip(1).Select(e => (e!["type"]!.GetValue<string>(), e["reason"]!.GetValue<string>())));
        Assert.Equal("Ciphered Telegram", history[1]!["data"]!["documentType"]!.GetValue<string>());

        var changes = (await Api.Get($"/api/records/{id}/diff?from=1&to=4")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        var documentType = Assert.Single(changes, c => c!["path"]!.GetValue<string>() == "documentType")!;
        Assert.Equal(("Memorandum of Conversation", "Ciphered Telegram", "document_type_revised"),
            (documentType["old"]!.GetValue<string>(), documentType["new"]!.GetValue<string>(), documentType["event"]!["type"]!.GetValue<string>()));
        Assert.Contains(changes, c => c!["path"]!.GetValue<string>() == "sourceUrl" && c["new"]!.GetValue<string>() == MovedUrl);
        Assert.Contains(changes, c => c!["path"]!.GetValue<string>() == "externalIds[scheme=cwihp-bulletin,value=6-7/1995].value" && c["old"] is null && c["event"]!["type"]!.GetValue<string>() == "external_identifiers_revised");

        var blame = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
        Assert.Equal("The heading reads «Шифртелеграмма»", blame["documentType"]!["event"]!["reason"]!.GetValue<string>());
        Assert.Equal(3, blame["sourceUrl"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal(1, blame["externalIds[scheme=wilson-center,value=117886].value"]!["event"]!["version"]!.GetValue<long>());

        var dc = (await Api.Get($"/api/records/{id}/dublin-core")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["Text", "Ciphered Telegram"], dc["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains(MovedUrl, dc["identifier"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("cwihp-bulletin:6-7/1995", dc["identifier"]!.AsArray().Select(t => t!.GetValue<string>()));

        XNamespace ead = ArchiveSchemas.Ead3;
        var finding = ArchiveSchemas.ValidEad(await Service.XmlAsync("archivist", $"/api/records/{id}/ead"));
        Assert.Equal("Ciphered Telegram", finding.Descendants(ead + "genreform").Single().Value.Trim());
        Assert.Contains("6-7/1995", finding.Descendants(ead + "otherrecordid").Select(e => e.Value));
        Assert.Equal(MovedUrl, finding.Descendants(ead + "dao").Single().Attribute("href")!.Value);

        await Service.ProjectionsCaughtUp();
        var listed = (await Api.Get("/api/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Single(r => r!["id"]!.GetValue<Guid>() == id)!;
        Assert.Equal("Ciphered Telegram", listed["documentType"]!.GetValue<string>());
        Assert.Equal([id], (await Service.Search("q=ciphered")).Hits());
    }

    [Fact]
    public async Task a_source_address_and_the_identifiers_can_be_taken_away_and_the_citation_no_longer_gives_them()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/source-url", new { version = 1, sourceUrl = "", reason = "The address is of another document" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/external-ids", new { version = 2, externalIds = Array.Empty<object>(), reason = "The number is of another document" }))
            .ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Null(record["sourceUrl"]);
        Assert.Empty(record["externalIds"]!.AsArray());
        Assert.DoesNotContain("dvincitest", (await Api.Get($"/api/records/{id}/citation")).ShouldBe(HttpStatusCode.OK).Text);
        var removed = (await Api.Get($"/api/records/{id}/diff?from=1&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        Assert.Contains(removed, c => c!["path"]!.GetValue<string>() == "sourceUrl" && c["new"] is null);
    }

    /// <summary>
    /// Found from outside: identifiers were addressed by their place in the list, so the Bulletin's number put before the
    /// Wilson Center's blamed both on the revision that only reordered them, and a diff showed each as changed.
    /// </summary>
    [Fact]
    public async Task identifiers_put_in_another_order_are_blamed_on_the_events_that_gave_them()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        object Identifiers(params string[] schemes) =>
            schemes.Select(s => s == "wilson-center" ? new { scheme = s, value = "117886" } : new { scheme = s, value = "6-7/1995" }).ToArray();
        (await Api.Post($"/api/records/{id}/external-ids", new { version = 1, externalIds = Identifiers("wilson-center", "cwihp-bulletin"), reason = "Also printed in the CWIHP Bulletin" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/external-ids", new { version = 2, externalIds = Identifiers("cwihp-bulletin", "wilson-center"), reason = "The printed edition first" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Empty((await Api.Get($"/api/records/{id}/diff?from=2&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray());
        var blame = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
        Assert.Equal(1, blame["externalIds[scheme=wilson-center,value=117886].value"]!["event"]!["version"]!.GetValue<long>());
        Assert.Equal(2, blame["externalIds[scheme=cwihp-bulletin,value=6-7/1995].value"]!["event"]!["version"]!.GetValue<long>());
        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["cwihp-bulletin", "wilson-center"], record["externalIds"]!.AsArray().Select(x => x!["scheme"]!.GetValue<string>()));
    }

    /// <summary>
    /// Found from outside: "wilson-center" and "WILSON-CENTER" with the same number were kept as two identifiers, at the
    /// accession as in the correction; a scheme is one whatever its case, the first spelling kept.
    /// </summary>
    [Fact]
    public async Task an_identifier_given_again_with_its_scheme_in_capitals_is_kept_once()
    {
        var accessioned = (await Api.Post("/api/records", new
        {
            title = "Memorandum of Conversation with Zhou Enlai",
            externalIds = new[] { new { scheme = "wilson-center", value = "117886" }, new { scheme = "WILSON-CENTER", value = "117886" }, new { scheme = "Wilson-Center", value = "117887" } },
        })).ShouldBe(HttpStatusCode.Created);
        var id = accessioned.Id;
        Assert.Equal(["wilson-center:117886", "Wilson-Center:117887"], (await Api.Get($"/api/records/{id}")).Json["externalIds"]!.AsArray().Select(x => $"{x!["scheme"]}:{x["value"]}"));

        var same = (await Api.Post($"/api/records/{id}/external-ids", new
        {
            version = 1,
            externalIds = new[] { new { scheme = "wilson-center", value = "117886" }, new { scheme = "Wilson-Center", value = "117887" }, new { scheme = "Wilson-center", value = "117886" } },
        })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, same.Version);
    }

    /// <summary>
    /// Found from outside: a scheme or value holding a comma and an equals sign made two identifiers one path — one was
    /// missing from blame, and putting them in another order showed as a change of both.
    /// </summary>
    [Fact]
    public async Task identifiers_whose_words_look_like_a_key_are_told_apart()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        object[] lookalikes = [new { scheme = "a,value=b", value = "c" }, new { scheme = "a", value = "b,value=c" }];
        (await Api.Post($"/api/records/{id}/external-ids", new { version = 1, externalIds = lookalikes, reason = "Two look-alikes" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/external-ids", new { version = 2, externalIds = lookalikes.Reverse().ToArray(), reason = "Reordered" })).ShouldBe(HttpStatusCode.OK);

        Assert.Empty((await Api.Get($"/api/records/{id}/diff?from=2&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray());
        var blame = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>());
        Assert.Equal("a,value=b", blame[@"externalIds[scheme=a\,value\=b,value=c].scheme"]!["value"]!.GetValue<string>());
        Assert.Equal("b,value=c", blame[@"externalIds[scheme=a,value=b\,value\=c].value"]!["value"]!.GetValue<string>());
        Assert.All(blame.Where(f => f.Key.StartsWith("externalIds", StringComparison.Ordinal)), f => Assert.Equal(2, f.Value!["event"]!["version"]!.GetValue<long>()));
    }

    [Fact]
    public async Task a_correction_without_a_reason_is_refused_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/document-type", new { version = 1, documentType = "Ciphered Telegram" })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["reason"], reply.ErrorFields);
        Assert.Contains("document type", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    /// <summary>The address is published with the record: a correction obeys the accession's rules for it.</summary>
    [Theory]
    [InlineData("https://archivist:secret@digitalarchive.wilsoncenter.org/document/117886", "user name or password")]
    [InlineData("digitalarchive.wilsoncenter.org/document/117886", "absolute http(s) URL")]
    [InlineData("https://digitalarchive.wilsoncenter.org/document/117886\u200B", "U+200B")]
    public async Task an_address_the_accession_would_refuse_is_refused_by_its_field_and_appends_nothing(string sourceUrl, string said)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/source-url", new { version = 1, sourceUrl, reason = "Moved" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["sourceUrl"], reply.ErrorFields);
        Assert.Contains(said, reply.Json["errors"]!["sourceUrl"]![0]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_body_that_forgets_the_field_never_takes_the_value_away()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/document-type", new { version = 1, reason = "Forgot the type" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["documentType"], reply.ErrorFields);
        Assert.Equal("Memorandum of Conversation", (await Api.Get($"/api/records/{id}")).Json["documentType"]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_correction_made_against_an_old_version_conflicts_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/document-type", new { version = 1, documentType = "Ciphered Telegram", reason = "The heading" })).ShouldBe(HttpStatusCode.OK);

        var reply = (await Api.Post($"/api/records/{id}/source-url", new { version = 1, sourceUrl = MovedUrl, reason = "Moved" })).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal(2, reply.Json["currentVersion"]!.GetValue<long>());
        Assert.Equal(2, await Api.EventCount(id));
        Assert.Equal("https://wilson-center-digital-archive.dvincitest.com/document/117886", (await Api.Get($"/api/records/{id}")).Json["sourceUrl"]!.GetValue<string>());
    }
}

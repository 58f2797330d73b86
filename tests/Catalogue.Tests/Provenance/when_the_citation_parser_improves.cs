using System.Net;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Provenance;

public sealed class when_the_citation_parser_improves(CatalogueService service) : CatalogueScenario(service)
{
    private const string Citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92-93 ob.";

    /// <summary>As an older parser stored it: the verso and the delo were missed.</summary>
    private Task<Guid> ARecordParsedByAnOlderParser(string? accessionNumber = null) =>
        ARecordParsedByAnOlderParser(Api, Service.Host.Services.GetRequiredService<IDocumentStore>(), accessionNumber);

    private static async Task<Guid> ARecordParsedByAnOlderParser(Support.Api api, IDocumentStore store, string? accessionNumber = null)
    {
        var id = (await api.AccessionTheSeed(accessionNumber)).Id;
        await using var session = store.LightweightSession();
        session.LastModifiedBy = "archivist";
        session.Events.Append(id, 2, new ProvenanceRecorded(2, new ArchivalReference
        {
            Repository = "RGASPI",
            RepositoryAsWritten = "RGASPI",
            RepositoryKnown = true,
            Fond = "558",
            Opis = "11",
            Folios = "92-93",
            Citation = Citation,
            Raw = Citation,
            ParserVersion = "0.9.0",
        }));
        await session.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task reparse_appends_what_the_new_parser_reads_differently_with_a_reason()
    {
        var id = await ARecordParsedByAnOlderParser();

        var summary = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, summary["recordsChanged"]!.GetValue<int>());
        Assert.Empty(summary["notReparsed"]!.AsArray());
        var change = Assert.Single(summary["changes"]!.AsArray())!;
        Assert.Equal(id, change["recordId"]!.GetValue<Guid>());
        Assert.Equal("92-93", change["before"]!["folios"]!.GetValue<string>());
        Assert.Equal("92-93ob", change["after"]!["folios"]!.GetValue<string>());

        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("342", reference["delo"]!.GetValue<string>());
        Assert.Equal("92-93ob", reference["folios"]!.GetValue<string>());
        Assert.NotEqual("0.9.0", reference["parserVersion"]!.GetValue<string>());

        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("provenance_reparsed", last["type"]!.GetValue<string>());
        Assert.Contains("parser", last["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task running_it_a_second_time_changes_nothing()
    {
        var id = await ARecordParsedByAnOlderParser();
        await Api.Post("/api/admin/reparse", new { });
        var version = await Api.CurrentVersion(id);

        var second = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(0, second["recordsChanged"]!.GetValue<int>());
        Assert.Empty(second["changes"]!.AsArray());
        Assert.Equal(version, await Api.CurrentVersion(id));
    }

    [Fact]
    public async Task a_withdrawn_record_is_left_as_it_is_until_it_is_reinstated()
    {
        var id = await ARecordParsedByAnOlderParser();
        (await Api.Post($"/api/records/{id}/withdraw", new { version = 2, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);

        var whileWithdrawn = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(0, whileWithdrawn["recordsChanged"]!.GetValue<int>());
        Assert.Equal(3, await Api.CurrentVersion(id));

        (await Api.Post($"/api/records/{id}/reinstatement", new { version = 3, reason = "Withdrawn in error" })).ShouldBe(HttpStatusCode.OK);
        var reinstated = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, reinstated["recordsChanged"]!.GetValue<int>());
        Assert.Equal("92-93ob", Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!["folios"]!.GetValue<string>());
    }

    /// <summary>
    /// Found from outside: a JSON-lines import before this version stored a reference given as its citation alone
    /// unread, and the re-parse read again only what the parser had read, so nothing ever read it. It is read now, once.
    /// </summary>
    [Fact]
    public async Task a_citation_an_earlier_import_stored_unread_is_read()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await using (var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.LastModifiedBy = "archivist";
            session.Events.Append(id, 2, new ProvenanceRecorded(2, new ArchivalReference { Citation = "AVPRF, f. 0100, op. 42, d. 19, ll. 81-85" }));
            await session.SaveChangesAsync();
        }

        var summary = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;
        var second = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((1, 0), (summary["recordsChanged"]!.GetValue<int>(), second["recordsChanged"]!.GetValue<int>()));
        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal(
            ("AVPRF", "0100", "42", "19", "81-85"),
            (reference["repository"]!.GetValue<string>(), reference["fond"]!.GetValue<string>(), reference["opis"]!.GetValue<string>(),
             reference["delo"]!.GetValue<string>(), reference["folios"]!.GetValue<string>()));
        Assert.NotNull(reference["parserVersion"]);
    }

    [Fact]
    public async Task references_given_as_fields_are_left_alone()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));

        var summary = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(0, summary["recordsChanged"]!.GetValue<int>());
        Assert.Equal(2, await Api.CurrentVersion(id));
    }

    [Fact]
    public async Task a_record_archivists_keep_changing_is_named_and_the_others_are_reparsed()
    {
        var archivist = new AnArchivistWritingMeanwhile(appending: e => e.Data is ProvenanceReparsed);
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "reparse_contended", services: services => services.ConfigureMarten(options => options.Listeners.Add(archivist)));
        var store = catalogue.Services.GetRequiredService<IDocumentStore>();
        var busy = await ARecordParsedByAnOlderParser(catalogue.Admin, store, "WCDA-BUSY");
        var quiet = await ARecordParsedByAnOlderParser(catalogue.Admin, store, "WCDA-QUIET");
        archivist.Watch(busy, store);

        var summary = (await catalogue.Admin.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        var notReparsed = Assert.Single(summary["notReparsed"]!.AsArray())!;
        Assert.Equal(busy, notReparsed["recordId"]!.GetValue<Guid>());
        Assert.Contains("run the re-parse again", notReparsed["reason"]!.GetValue<string>());
        Assert.Equal(quiet, Assert.Single(summary["changes"]!.AsArray())!["recordId"]!.GetValue<Guid>());
        Assert.Equal(3, archivist.Edits);
        Assert.Equal(2 + 3, await catalogue.Admin.CurrentVersion(busy));
        Assert.Equal("92-93", FoliosOf((await catalogue.Admin.Get($"/api/records/{busy}")).Json));

        archivist.Stop();
        var again = (await catalogue.Admin.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Empty(again["notReparsed"]!.AsArray());
        Assert.Equal(busy, Assert.Single(again["changes"]!.AsArray())!["recordId"]!.GetValue<Guid>());
        Assert.Equal("92-93ob", FoliosOf((await catalogue.Admin.Get($"/api/records/{busy}")).Json));
    }

    private static string FoliosOf(System.Text.Json.Nodes.JsonNode record) =>
        Assert.Single(record["provenance"]!.AsArray())!["folios"]!.GetValue<string>();
}

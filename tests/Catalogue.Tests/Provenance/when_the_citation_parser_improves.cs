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
    private async Task<Guid> ARecordParsedByAnOlderParser()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.LastModifiedBy = "archivist";
        session.Events.Append(id, new ProvenanceRecorded(2, new ArchivalReference
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

    [Fact]
    public async Task references_given_as_fields_are_left_alone()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));

        var summary = (await Api.Post("/api/admin/reparse", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(0, summary["recordsChanged"]!.GetValue<int>());
        Assert.Equal(2, await Api.CurrentVersion(id));
    }
}

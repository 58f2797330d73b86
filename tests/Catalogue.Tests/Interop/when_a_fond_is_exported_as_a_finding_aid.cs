using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A finding aid for fond 0100 of the Foreign Policy Archive: its opisi, their papki, and in each the catalogued
/// documents in folio order, as a reading room would shelve them. Drafts are in it for staff only.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_fond_is_exported_as_a_finding_aid(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly XNamespace Ead = ArchiveSchemas.Ead3;

    private async Task<Guid> Catalogued(string title, string citation, bool published = true)
    {
        var id = (await Api.Post("/api/records", new { title })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/dates", new { version = 2, role = "created", asWritten = title[^4..], edtf = title[^4..] })).ShouldBe(HttpStatusCode.OK);
        if (published) (await Api.Post($"/api/records/{id}/publish", new { version = 3 })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    /// <summary>Five documents of fond 0100 in two opisi, one of them still a draft, and one of another fond.</summary>
    private async Task FondZeroOneHundred()
    {
        await Catalogued("Memorandum of conversation with Zhou Enlai, 1949", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85");
        await Catalogued("Telegram from Beijing, 1949", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        await Catalogued("Draft note on the treaty, 1950", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, l. 12 ob.", published: false);
        await Catalogued("Record of a meeting with Kim Il Sung, 1950", "AVPRF, f. 0100, op. 43, por. 2, pap. 302, ll. 1-2");
        await Catalogued("Report on the embassy's work, 1951", "AVPRF, f. 0100, op. 43, por. 2, pap. 9, ll. 5-7");
        await Catalogued("Cable on the armistice talks, 1951", "AVPRF, f. 059a, op. 5a, d. 5, l. 3");
        await Service.ProjectionsCaughtUp();
    }

    private static IReadOnlyList<string> Titles(XElement component) =>
        [.. component.Descendants(Ead + "c").Where(c => c.Attribute("level")!.Value == "item").Select(c => c.Element(Ead + "did")!.Element(Ead + "unittitle")!.Value)];

    [Fact]
    public async Task the_fond_lists_its_opisi_papki_and_documents_in_folio_order()
    {
        await FondZeroOneHundred();

        var ead = ArchiveSchemas.ValidEad(await Service.XmlAsync("reader", "/api/repositories/AVPRF/fonds/0100/ead"));

        var archdesc = ead.Root!.Element(Ead + "archdesc")!;
        Assert.Equal("fonds", archdesc.Attribute("level")!.Value);
        Assert.Equal("AVPRF, f. 0100", archdesc.Element(Ead + "did")!.Element(Ead + "unitid")!.Value);
        var opisi = archdesc.Element(Ead + "dsc")!.Elements(Ead + "c").ToList();
        Assert.Equal(["Opis 42", "Opis 43"], opisi.Select(o => o.Element(Ead + "did")!.Element(Ead + "unittitle")!.Value));
        Assert.Equal(["Papka 288"], opisi[0].Elements(Ead + "c").Select(f => f.Element(Ead + "did")!.Element(Ead + "unittitle")!.Value));
        Assert.Equal(["Telegram from Beijing, 1949", "Memorandum of conversation with Zhou Enlai, 1949"], Titles(opisi[0]));
        Assert.Equal(["Papka 9", "Papka 302"], opisi[1].Elements(Ead + "c").Select(f => f.Element(Ead + "did")!.Element(Ead + "unittitle")!.Value));
        Assert.Equal(["Report on the embassy's work, 1951", "Record of a meeting with Kim Il Sung, 1950"], Titles(opisi[1]));
        var span = archdesc.Element(Ead + "did")!.Element(Ead + "unitdatestructured")!.Element(Ead + "daterange")!;
        Assert.Equal(("1949", "1951"), (span.Element(Ead + "fromdate")!.Attribute("standarddate")!.Value, span.Element(Ead + "todate")!.Attribute("standarddate")!.Value));
    }

    [Fact]
    public async Task staff_see_the_draft_in_its_place_among_the_folios()
    {
        await FondZeroOneHundred();

        var ead = ArchiveSchemas.ValidEad(await Service.XmlAsync("archivist", "/api/repositories/AVPRF/fonds/0100/ead"));

        var opis42 = ead.Root!.Element(Ead + "archdesc")!.Element(Ead + "dsc")!.Elements(Ead + "c").First();
        Assert.Equal(["Draft note on the treaty, 1950", "Telegram from Beijing, 1949", "Memorandum of conversation with Zhou Enlai, 1949"], Titles(opis42));
    }

    [Fact]
    public async Task one_papka_is_a_finding_aid_of_its_own()
    {
        await FondZeroOneHundred();

        var ead = ArchiveSchemas.ValidEad(await Service.XmlAsync("reader", "/api/repositories/AVPRF/fonds/0100/opisi/42/files/288/ead"));

        var archdesc = ead.Root!.Element(Ead + "archdesc")!;
        Assert.Equal("file", archdesc.Attribute("level")!.Value);
        Assert.Equal("AVPRF, f. 0100, op. 42, pap. 288", archdesc.Element(Ead + "did")!.Element(Ead + "unitid")!.Value);
        Assert.Equal(["Telegram from Beijing, 1949", "Memorandum of conversation with Zhou Enlai, 1949"], Titles(archdesc));
        Assert.Equal(["ll. 32-33", "ll. 81-85"], archdesc.Descendants(Ead + "physloc").Select(p => p.Value));
    }

    [Fact]
    public async Task a_repository_is_found_by_its_alias_and_a_fond_pasted_with_a_space_as_in_the_browse_tree()
    {
        await FondZeroOneHundred();

        var ead = ArchiveSchemas.ValidEad(await Service.XmlAsync("reader", "/api/repositories/AVP%20RF/fonds/059a%20/ead"));

        Assert.Equal(["Cable on the armistice talks, 1951"], Titles(ead.Root!.Element(Ead + "archdesc")!));
    }

    [Theory]
    [InlineData("/api/repositories/AVPRF/fonds/0101/ead")]
    [InlineData("/api/repositories/NOWHERE/fonds/0100/ead")]
    [InlineData("/api/repositories/AVPRF/fonds/0100/opisi/42/files/999/ead")]
    public async Task a_fond_or_file_with_nothing_catalogued_is_404(string url)
    {
        await FondZeroOneHundred();

        var reply = (await Service.As("reader").Get(url)).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_papka_holding_only_drafts_does_not_exist_for_a_reader()
    {
        await Catalogued("Draft note on the treaty, 1950", "AVPRF, f. 0100, op. 44, por. 1, pap. 1, l. 12 ob.", published: false);
        await Service.ProjectionsCaughtUp();

        (await Service.As("reader").Get("/api/repositories/AVPRF/fonds/0100/opisi/44/files/1/ead")).ShouldBe(HttpStatusCode.NotFound);
        (await Service.As("reader").Get("/api/repositories/AVPRF/fonds/0100/ead")).ShouldBe(HttpStatusCode.NotFound);
        (await Service.As("archivist").Get("/api/repositories/AVPRF/fonds/0100/opisi/44/files/1/ead")).ShouldBe(HttpStatusCode.OK);
    }
}

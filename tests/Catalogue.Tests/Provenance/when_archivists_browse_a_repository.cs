using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Provenance;

/// <summary>
/// Roshchin's memoranda of autumn 1949 sit side by side in AVPRF f. 0100, op. 42, papka 288;
/// a Stalin cable sits in RGASPI. The browse tree and the same-file links must show exactly that. The tree is an async
/// read model: the archivist who catalogues asks to read her own writes (<c>Prefer: wait-for-projections</c>).
/// </summary>
public sealed class when_archivists_browse_a_repository(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly (string, string) ReadYourWrites = ("Prefer", "wait-for-projections=10");

    private async Task<Guid> Catalogued(string title, string citation)
    {
        var id = (await Api.Post("/api/records", new { title })).ShouldBe(HttpStatusCode.Created).Id;
        var placed = (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation }, ReadYourWrites)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("wait-for-projections=10", placed.Headers.GetValues("Preference-Applied").Single());
        return id;
    }

    private async Task<(Guid Seed, Guid Mao, Guid Liu)> RoshchinsPapka()
    {
        var seed = await Catalogued("Memorandum of Conversation with Zhou Enlai, 10 November 1949", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85");
        var mao = await Catalogued("Memorandum of Conversation with Mao Zedong, 20 October 1949", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        var liu = await Catalogued("Memorandum of Conversation with Liu Shaoqi, October 1949", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 28-31");
        await Catalogued("Another AVPRF file", "AVPRF, f. 0100, op. 43, por. 2, pap. 302, d. 10, ll. 5-7");
        await Catalogued("Cable, Filippov (Stalin) to Mao Zedong", "RGASPI, F. 558, Op. 11, D. 342, L. 92");
        return (seed, mao, liu);
    }

    [Fact]
    public async Task the_tree_goes_from_repository_to_fond_to_opis_to_file_with_record_counts()
    {
        await RoshchinsPapka();

        var fonds = (await Api.Get("/api/repositories/AVPRF/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        var fond = Assert.Single(fonds)!;
        Assert.Equal("0100", fond["name"]!.GetValue<string>());
        Assert.Equal(4, fond["records"]!.GetValue<long>());

        var opisi = (await Api.Get("/api/repositories/AVPRF/fonds/0100/opisi")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(["42", "43"], opisi.Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal([3L, 1L], opisi.Select(o => o!["records"]!.GetValue<long>()));

        var files = (await Api.Get("/api/repositories/AVPRF/fonds/0100/opisi/42/files")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        var papka = Assert.Single(files)!;
        Assert.Equal("288", papka["name"]!.GetValue<string>());
        Assert.Equal(3, papka["records"]!.GetValue<long>());

        var rgaspi = (await Api.Get("/api/repositories/rgaspi/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal("558", Assert.Single(rgaspi)!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_records_of_one_papka_come_in_folio_order()
    {
        var (seed, mao, liu) = await RoshchinsPapka();

        var file = (await Api.Get("/api/repositories/AVPRF/fonds/0100/opisi/42/files/288")).ShouldBe(HttpStatusCode.OK).Json;

        var records = file["records"]!.AsArray();
        Assert.Equal([liu, mao, seed], records.Select(r => r!["recordId"]!.GetValue<Guid>()));
        Assert.Equal(["28-31", "32-33", "81-85"], records.Select(r => r!["folios"]!.GetValue<string>()));
        Assert.Equal("Memorandum of Conversation with Liu Shaoqi, October 1949", records[0]!["title"]!.GetValue<string>());
    }

    /// <summary>Found from outside: a delo "12/3" was listed in its opis but answered 404 at its own link (files/12%2F3).</summary>
    [Fact]
    public async Task a_level_whose_name_holds_a_slash_opens_at_its_link()
    {
        var cable = await Catalogued("Politburo decision, 1949", "RGASPI, f. 17, op. 162, d. 12/3, ll. 5-6");
        var papers = (await Api.Post("/api/records", new { title = "Letter from the family papers" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{papers}/provenance", new { version = 1, repository = "Papers A/B", fond = "1/2", opis = "1", delo = "7" }, ReadYourWrites))
            .ShouldBe(HttpStatusCode.OK);

        var files = (await Api.Get("/api/repositories/RGASPI/fonds/17/opisi/162/files")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.Contains("12/3", files.Select(f => f!["name"]!.GetValue<string>()));
        var file = (await Api.Get("/api/repositories/RGASPI/fonds/17/opisi/162/files/12%2F3")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("12/3", file["file"]!.GetValue<string>());
        Assert.Equal([cable], file["records"]!.AsArray().Select(r => r!["recordId"]!.GetValue<Guid>()));
        (await Api.Get("/api/repositories/RGASPI/fonds/17/opisi/162/files/12%2f3/ead")).ShouldBe(HttpStatusCode.OK);

        var fonds = (await Api.Get("/api/repositories/Papers%20A%2FB/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal(["1/2"], fonds.Select(f => f!["name"]!.GetValue<string>()));
        var theFile = (await Api.Get("/api/repositories/Papers%20A%2FB/fonds/1%2F2/opisi/1/files/7")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("Papers A/B", "1/2"), (theFile["repository"]!.GetValue<string>(), theFile["fond"]!.GetValue<string>()));
        (await Api.Get("/api/repositories/Papers%20A%2FB/fonds/1%2F2/ead")).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Found from outside: a fond ".." (or "." or "%2F") was recorded and listed, and its link and finding aid answered a
    /// bare 404 — a path reads them as the level above, the level itself and a slash. They are refused where they are typed.
    /// </summary>
    [Theory]
    [InlineData("fond", "..")]
    [InlineData("opis", ".")]
    [InlineData("delo", "%2F")]
    [InlineData("repository", " .. ")]
    public async Task a_level_no_path_can_name_is_refused_where_it_is_typed(string field, string name)
    {
        var id = (await Api.Post("/api/records", new { title = "Letter from the family papers" })).ShouldBe(HttpStatusCode.Created).Id;
        var fields = new Dictionary<string, object> { ["version"] = 1, ["repository"] = "Family papers", ["fond"] = "1", ["opis"] = "2", ["delo"] = "3" };
        fields[field] = name;

        var refused = (await Api.Post($"/api/records/{id}/provenance", fields)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([field], refused.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_level_pasted_with_spaces_around_it_names_the_level_within()
    {
        var (seed, mao, liu) = await RoshchinsPapka();

        var file = (await Api.Get("/api/repositories/AVPRF%20/fonds/0100%20/opisi/%2042/files/288%20")).ShouldBe(HttpStatusCode.OK).Json;
        var opisi = (await Api.Get("/api/repositories/AVPRF/fonds/%200100/opisi")).ShouldBe(HttpStatusCode.OK).Json.AsArray();

        Assert.Equal(("AVPRF", "0100", "42", "288"), (file["repository"]!.GetValue<string>(), file["fond"]!.GetValue<string>(), file["opis"]!.GetValue<string>(), file["file"]!.GetValue<string>()));
        Assert.Equal([liu, mao, seed], file["records"]!.AsArray().Select(r => r!["recordId"]!.GetValue<Guid>()));
        Assert.Contains("42", opisi.Select(o => o!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_record_shows_its_neighbours_in_the_same_papka_with_the_folio_gaps()
    {
        var (seed, mao, liu) = await RoshchinsPapka();

        var related = (await Api.Get($"/api/records/{seed}/related")).ShouldBe(HttpStatusCode.OK).Json;

        var file = Assert.Single(related["files"]!.AsArray())!;
        Assert.Equal("AVPRF", file["repository"]!.GetValue<string>());
        Assert.Equal("288", file["file"]!.GetValue<string>());
        Assert.Equal("papka", file["fileKind"]!.GetValue<string>());
        var neighbours = file["records"]!.AsArray();
        Assert.Equal([liu, mao, seed], neighbours.Select(n => n!["recordId"]!.GetValue<Guid>()));
        Assert.Null(neighbours[0]!["folioGapFromPrevious"]);
        Assert.Equal(0, neighbours[1]!["folioGapFromPrevious"]!.GetValue<int>());
        Assert.Equal(47, neighbours[2]!["folioGapFromPrevious"]!.GetValue<int>());
        Assert.Equal([false, false, true], neighbours.Select(n => n!["isThisRecord"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task a_corrected_reference_moves_in_the_tree()
    {
        var (seed, _, _) = await RoshchinsPapka();
        var number = (await Api.Get($"/api/records/{seed}")).Json["provenance"]![0]!["number"]!.GetValue<int>();

        (await Api.Post($"/api/records/{seed}/provenance/{number}/corrections",
            new { version = 2, reason = "Re-checked: the memorandum is filed in papka 289", citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 289, ll. 1-5" }, ReadYourWrites))
            .ShouldBe(HttpStatusCode.OK);

        var files = (await Api.Get("/api/repositories/AVPRF/fonds/0100/opisi/42/files")).Json.AsArray();
        Assert.Equal(["288", "289"], files.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal([2L, 1L], files.Select(f => f!["records"]!.GetValue<long>()));
    }

    [Fact]
    public async Task a_repository_neither_in_the_authority_list_nor_catalogued_is_not_found()
    {
        await RoshchinsPapka();

        var refused = (await Api.Get("/api/repositories/NOPE/fonds")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("Repository not found", refused.Json["title"]!.GetValue<string>());
        Assert.Equal("No repository NOPE is in the authority list or named by a catalogued reference.", refused.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_repository_with_nothing_catalogued_yet_has_no_fonds()
    {
        await RoshchinsPapka();
        await Catalogued("Papers of a family", "Fooarchive, box 3, folder 7");
        await Catalogued("A file in an archive not in the list", "Central State Archive of Somewhere, f. 1, op. 2, d. 3, l. 4");

        Assert.Empty((await Api.Get("/api/repositories/GARF/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray());
        Assert.Empty((await Api.Get("/api/repositories/Fooarchive/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray());
        var somewhere = (await Api.Get($"/api/repositories/{Uri.EscapeDataString("Central State Archive of Somewhere")}/fonds")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.Equal("1", Assert.Single(somewhere)!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/repositories/AVPRF/fonds/9999/opisi", "Fond not found", "AVPRF has no fond 9999 in the catalogue.")]
    [InlineData("/api/repositories/avp%20rf/fonds/9999/opisi", "Fond not found", "AVPRF has no fond 9999 in the catalogue.")]
    [InlineData("/api/repositories/GARF/fonds/1/opisi", "Fond not found", "GARF has no fond 1 in the catalogue.")]
    [InlineData("/api/repositories/AVPRF/fonds/0100/opisi/99/files", "Opis not found", "AVPRF has no opis 99 in fond 0100 in the catalogue.")]
    [InlineData("/api/repositories/AVPRF/fonds/0100/opisi/42/files/999", "File not found", "AVPRF has no file 999 in fond 0100, opis 42 in the catalogue.")]
    [InlineData("/api/repositories/AVPRF/fonds/100/opisi/42/files/288", "Fond not found", "AVPRF has no fond 100 in the catalogue.")]
    [InlineData("/api/repositories/NOPE/fonds/0100/opisi/42/files", "Repository not found", "No repository NOPE is in the authority list or named by a catalogued reference.")]
    public async Task a_level_with_nothing_catalogued_under_it_is_not_found_by_name(string url, string title, string detail)
    {
        await RoshchinsPapka();

        var refused = (await Api.Get(url)).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal((title, detail), (refused.Json["title"]!.GetValue<string>(), refused.Json["detail"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_fond_catalogued_without_an_opis_has_no_opisi()
    {
        await Catalogued("A cable cited without its opis", "RGASPI, f. 17, d. 5, l. 1");

        Assert.Empty((await Api.Get("/api/repositories/RGASPI/fonds/17/opisi")).ShouldBe(HttpStatusCode.OK).Json.AsArray());
    }

    [Fact]
    public async Task the_neighbours_of_an_unknown_record_are_not_found()
    {
        (await Api.Get($"/api/records/{Guid.NewGuid()}/related")).ShouldBe(HttpStatusCode.NotFound);
    }
}

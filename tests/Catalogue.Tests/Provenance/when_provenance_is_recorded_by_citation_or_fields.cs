using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Provenance;

public sealed class when_provenance_is_recorded_by_citation_or_fields(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_citation_naming_two_archives_records_two_references_read_on_the_server()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        const string citation = "APRF, Fond 45, Opis 1, Delo 336, List 122 and AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13";

        var reply = (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(3, reply.Version);
        var provenance = (await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray();
        Assert.Equal(2, provenance.Count);
        Assert.Equal("APRF", provenance[0]!["repository"]!.GetValue<string>());
        Assert.Equal("336", provenance[0]!["delo"]!.GetValue<string>());
        Assert.Equal("AVPRF", provenance[1]!["repository"]!.GetValue<string>());
        Assert.Equal("059a", provenance[1]!["fond"]!.GetValue<string>());
        Assert.Equal("5a", provenance[1]!["opis"]!.GetValue<string>());
        Assert.Equal("11", provenance[1]!["papka"]!.GetValue<string>());
        Assert.All(provenance, p => Assert.Equal(citation, p!["citation"]!.GetValue<string>()));
        Assert.All(provenance, p => Assert.False(string.IsNullOrEmpty(p!["parserVersion"]!.GetValue<string>())));
        Assert.All(provenance, p => Assert.Contains(p!["raw"]!.GetValue<string>(), citation));

        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.All(history.Skip(1), e => Assert.False(string.IsNullOrEmpty(e!["data"]!["reference"]!["parserVersion"]!.GetValue<string>())));
    }

    [Fact]
    public async Task recording_the_same_citation_again_adds_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92" });

        var again = (await Api.Post($"/api/records/{id}/provenance", new { version = 2, citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, again.Version);
    }

    [Fact]
    public async Task fields_naming_a_repository_by_an_alias_resolve_to_its_authority()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository = "AVP RF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-85" });

        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("AVPRF", reference["repository"]!.GetValue<string>());
        Assert.Equal("AVP RF", reference["repositoryAsWritten"]!.GetValue<string>());
        Assert.True(reference["repositoryKnown"]!.GetValue<bool>());
        Assert.Null(reference["parserVersion"]);
    }

    /// <summary>
    /// Found from outside: folios typed as every Russian citation writes them were kept with their abbreviation, and the
    /// record's citation then gave it twice ("ll. ll. 81-85", "l. l. 12 ob.").
    /// </summary>
    [Fact]
    public async Task folios_typed_with_their_abbreviation_are_kept_as_a_citations_are_and_cited_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "ll. 81-85" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/provenance", new { version = 2, repository = "RGASPI", fond = "558", opis = "11", delo = "342", folios = "ll. 1-5 (copy)" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/provenance/3/corrections", new { version = 3, reason = "Checked against the scan", folios = "l. 12 ob." }))
            .ShouldBe(HttpStatusCode.OK);

        var provenance = (await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray();
        Assert.Equal(["81-85", "12ob"], provenance.Select(p => p!["folios"]!.GetValue<string>()));
        var location = Assert.Single((await Api.Get($"/api/records/{id}/citation", ("Accept", "application/vnd.citationstyles.csl+json"))).Json.AsArray())!["archive_location"]!.GetValue<string>();
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85; RGASPI, f. 558, op. 11, d. 342, l. 12ob", location);

        (await Api.Post($"/api/records/{id}/provenance/3/corrections", new { version = 4, reason = "A copy", folios = "ll. 1-5 (copy)" })).ShouldBe(HttpStatusCode.OK);
        location = Assert.Single((await Api.Get($"/api/records/{id}/citation", ("Accept", "application/vnd.citationstyles.csl+json"))).Json.AsArray())!["archive_location"]!.GetValue<string>();
        Assert.EndsWith("d. 342, ll. 1-5 (copy)", location);
    }

    /// <summary>
    /// Found from outside: a reference of one stray locator ("year" alone, "country" alone, folios without an archive) was
    /// recorded for good and let the record publish.
    /// </summary>
    [Theory]
    [InlineData("{\"year\":\"1950\"}")]
    [InlineData("{\"country\":\"USSR\"}")]
    [InlineData("{\"poryadok\":\"1\"}")]
    [InlineData("{\"folios\":\"1-2\",\"fond\":\"558\"}")]
    public async Task locators_without_the_archive_they_are_in_are_refused(string locators)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var body = System.Text.Json.Nodes.JsonNode.Parse(locators)!.AsObject();
        body["version"] = 1;

        var refused = (await Api.Post($"/api/records/{id}/provenance", body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["citation"], refused.ErrorFields);
        Assert.Equal(1, await Api.CurrentVersion(id));
        (await Api.Post($"/api/records/{id}/publish", new { version = 1 })).ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task a_correction_may_not_take_away_the_archive_a_typed_reference_names()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository = "RGASPI", fond = "558" })).ShouldBe(HttpStatusCode.OK);

        var refused = (await Api.Post($"/api/records/{id}/provenance/2/corrections", new { version = 2, reason = "No archive", repository = "" })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("repository", refused.Json["detail"]!.GetValue<string>());
        Assert.Equal(2, await Api.CurrentVersion(id));
    }

    [Fact]
    public async Task an_unknown_repository_is_kept_as_written_and_flagged()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository = "Family papers of A. N. Other", folios = "3" })).ShouldBe(HttpStatusCode.OK);

        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("Family papers of A. N. Other", reference["repository"]!.GetValue<string>());
        Assert.False(reference["repositoryKnown"]!.GetValue<bool>());
    }

    [Fact]
    public async Task the_repository_authority_list_names_the_archives_and_their_aliases()
    {
        var repositories = (await Api.Get("/api/repositories")).ShouldBe(HttpStatusCode.OK).Json.AsArray();

        var codes = repositories.Select(r => r!["code"]!.GetValue<string>()).ToList();
        Assert.Contains("AVPRF", codes);
        Assert.Contains("RGASPI", codes);
        Assert.Contains("GARF", codes);
        var rgaspi = repositories.Single(r => r!["code"]!.GetValue<string>() == "RGASPI")!;
        Assert.Contains("RTsKhIDNI", rgaspi["aliases"]!.AsArray().Concat(rgaspi["formerNames"]!.AsArray()).Select(a => a!.GetValue<string>()));
    }
}

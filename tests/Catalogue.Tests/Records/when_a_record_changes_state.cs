using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>Rules that depend on what the record already says.</summary>
public sealed class when_a_record_changes_state(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_record_without_provenance_cannot_be_published()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/publish", new { version = 1 })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("provenance", reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task publishing_a_published_record_again_appends_nothing_and_answers_the_current_version()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));
        (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);

        var again = (await Api.Post($"/api/records/{id}/publish", new { version = 3 })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(3, again.Version);
        Assert.Equal("\"3\"", again.ETag);
        Assert.Equal("published", (await Api.Get($"/api/records/{id}")).Json["status"]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task withdrawing_a_withdrawn_record_again_appends_nothing_and_answers_the_current_version()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/withdraw", new { version = 1, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);

        var again = (await Api.Post($"/api/records/{id}/withdraw", new { version = 2, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, again.Version);
        Assert.Equal("withdrawn", (await Api.Get($"/api/records/{id}")).Json["status"]!.GetValue<string>());
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task revising_the_title_is_a_correction_that_needs_a_reason()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/title", new { version = 1, title = "Another title" })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("reason", reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_date_already_recorded_can_be_revised_only_with_a_reason()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/dates", new { version = 1, role = "described", asWritten = "November 10, 1949", edtf = "1949-11-10" });

        (await Api.Post($"/api/records/{id}/dates", new { version = 2, role = "described", asWritten = "autumn 1949", edtf = "1949-23" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Api.Post($"/api/records/{id}/dates", new { version = 2, role = "described", asWritten = "autumn 1949", edtf = "1949-23", reason = "Only the season is certain" }))
            .ShouldBe(HttpStatusCode.OK);

        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("date_revised", history[2]!["type"]!.GetValue<string>());
        Assert.Equal("Only the season is certain", history[2]!["reason"]!.GetValue<string>());
        var dates = (await Api.Get($"/api/records/{id}")).Json["dates"]!.AsArray();
        Assert.Equal("1949-23", Assert.Single(dates)!["edtf"]!.GetValue<string>());
    }

    [Fact]
    public async Task correcting_a_provenance_reference_that_does_not_exist_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/provenance/7/corrections", new { version = 1, reason = "typo", folios = "81" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("number 7", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_provenance_correction_keeps_the_old_reference_in_history()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));

        (await Api.Post($"/api/records/{id}/provenance/2/corrections", new { version = 2, reason = "Folio range checked against the scan", repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-86" }))
            .ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal("81-86", Assert.Single(record["provenance"]!.AsArray())!["folios"]!.GetValue<string>());
        var history = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("81-85", history[1]!["data"]!["reference"]!["folios"]!.GetValue<string>());
        Assert.Equal("provenance_corrected", history[2]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_provenance_citation_alone_is_read_into_locators_and_kept_as_written()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation = "AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33" })).ShouldBe(HttpStatusCode.OK);

        var reference = Assert.Single((await Api.Get($"/api/records/{id}")).Json["provenance"]!.AsArray())!;
        Assert.Equal("AVPRF", reference["repository"]!.GetValue<string>());
        Assert.Equal("0100", reference["fond"]!.GetValue<string>());
        Assert.Equal("288", reference["papka"]!.GetValue<string>());
        Assert.Equal("32-33", reference["folios"]!.GetValue<string>());
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap.288, ll. 32-33", reference["citation"]!.GetValue<string>());
    }

    [Fact]
    public async Task sending_what_the_record_already_says_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Sino-Soviet relations" } });

        var reply = (await Api.Post($"/api/records/{id}/subjects", new { version = 2, subjects = new[] { "sino-soviet relations" } })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, reply.Version);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_malformed_if_match_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/subjects", new { subjects = new[] { "Korea" } }, ("If-Match", "\"abc\""))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("If-Match", reply.ErrorFields);
    }
}

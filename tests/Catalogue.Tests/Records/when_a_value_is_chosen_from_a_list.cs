using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A value chosen from a fixed list (a date's role, a text's kind, an acquisition's role) is read in any letter case, as
/// a JSON-lines import and a query read it, and is kept as the list spells it.
/// </summary>
public sealed class when_a_value_is_chosen_from_a_list(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_text_of_kind_Original_is_attached_as_original()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = "Zhou Enlai said…", language = "EN", kind = "Original" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("original", (await LastEventData(id))["kind"]!.GetValue<string>());
        Assert.Equal("original", (await Api.Get($"/api/records/{id}")).Json["fullTexts"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_date_in_the_role_Described_is_recorded_as_described()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/dates", new { version = 1, role = "Described", asWritten = "10 November 1949", edtf = "1949-11-10" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("described", (await LastEventData(id))["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_acquisition_in_the_role_Obtained_is_credited_as_obtained()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/acquisition-credits", new { version = 1, role = "OBTAINED", people = new[] { "A. N. Other" }, credit = "Obtained for CWIHP by A. N. Other" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal("obtained", (await LastEventData(id))["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_word_that_is_on_no_list_is_refused_naming_the_field()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var refused = (await Api.Post($"/api/records/{id}/dates", new { version = 1, role = "written", asWritten = "1949", edtf = "1949" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("role", refused.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    private async Task<JsonNode> LastEventData(Guid id) =>
        (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray().Last()!["data"]!;
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Credits;

/// <summary>
/// A list of people names each person once: names that differ only in letter case, surrounding space or Unicode form
/// are one person, spelled as first typed. Found from outside: "David Wolff" and "david wolff" were kept as two
/// translators, and the translators report counted the record under both.
/// </summary>
public sealed class when_a_person_is_named_twice_in_one_list(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_translator_typed_in_another_letter_case_is_credited_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/translations", new { version = 1, language = "en", translators = new[] { "David Wolff", " David Wolff ", "david wolff" }, credit = "Translated by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);

        var translators = (await Api.Get($"/api/records/{id}")).Json["translations"]![0]!["translators"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(["David Wolff"], translators);
    }

    [Fact]
    public async Task the_people_of_an_acquisition_credit_are_each_credited_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/acquisition-credits", new { version = 1, role = "obtained", people = new[] { "Kathryn Weathersby", "KATHRYN WEATHERSBY" }, credit = "Obtained for CWIHP by Kathryn Weathersby" }))
            .ShouldBe(HttpStatusCode.OK);

        var people = (await Api.Get($"/api/records/{id}")).Json["acquisitionCredits"]![0]!["people"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.Equal(["Kathryn Weathersby"], people);
    }

    [Fact]
    public async Task a_creator_typed_in_another_letter_case_is_recorded_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/creators", new { version = 1, creators = new[] { new { name = "N.V. Roshchin", role = "author" }, new { name = "n.v. roshchin", role = "Author" } } }))
            .ShouldBe(HttpStatusCode.OK);

        var creators = (await Api.Get($"/api/records/{id}")).Json["creators"]!.AsArray();
        Assert.Equal("N.V. Roshchin", Assert.Single(creators)!["name"]!.GetValue<string>());
        Assert.Equal("author", creators[0]!["role"]!.GetValue<string>());
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Credits;

/// <summary>A correction of a translation credit names what it changes; what it does not name stays.</summary>
public sealed class when_a_translation_credit_is_corrected(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<Guid> TheSeedTranslatedByDavidWolff()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/translations", new { version = 1, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task<System.Text.Json.Nodes.JsonNode> TranslationTwo(Guid id) =>
        (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["translations"]!.AsArray().Single(t => t!["number"]!.GetValue<int>() == 2)!;

    [Fact]
    public async Task correcting_the_credit_line_alone_keeps_language_and_translators()
    {
        var id = await TheSeedTranslatedByDavidWolff();

        (await Api.Post($"/api/records/{id}/translations/2/corrections", new { version = 2, reason = "As printed", credit = "Translated for CWIHP by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);

        var translation = await TranslationTwo(id);
        Assert.Equal("Translated for CWIHP by David Wolff", translation["credit"]!.GetValue<string>());
        Assert.Equal("en", translation["language"]!.GetValue<string>());
        Assert.Equal("David Wolff", Assert.Single(translation["translators"]!.AsArray())!.GetValue<string>());
    }

    [Fact]
    public async Task correcting_the_translators_alone_keeps_the_credit_line()
    {
        var id = await TheSeedTranslatedByDavidWolff();

        (await Api.Post($"/api/records/{id}/translations/2/corrections", new { version = 2, reason = "Second translator", translators = new[] { "David Wolff", "Sergey Radchenko" } }))
            .ShouldBe(HttpStatusCode.OK);

        var translation = await TranslationTwo(id);
        Assert.Equal(2, translation["translators"]!.AsArray().Count);
        Assert.Equal("Translated by David Wolff", translation["credit"]!.GetValue<string>());
    }

    /// <summary>Found from outside: <c>"translators": null</c> was refused as naming nothing, by the field "credit".</summary>
    [Fact]
    public async Task translators_or_a_credit_line_sent_as_null_are_refused_by_their_names_and_nothing_is_appended()
    {
        var id = await TheSeedTranslatedByDavidWolff();

        var refused = (await Api.Post($"/api/records/{id}/translations/2/corrections", new { version = 2, reason = "checked", translators = (string[]?)null, credit = (string?)null, language = "ru" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["credit", "translators"], refused.ErrorFields.Order());
        Assert.Equal(2, await Api.EventCount(id));
        Assert.Equal("en", (await TranslationTwo(id))["language"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_correction_that_names_nothing_to_correct_is_refused()
    {
        var id = await TheSeedTranslatedByDavidWolff();

        var refused = (await Api.Post($"/api/records/{id}/translations/2/corrections", new { version = 2, reason = "checked" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.NotEmpty(refused.ErrorFields);
        Assert.Equal(2, await Api.EventCount(id));
    }
}

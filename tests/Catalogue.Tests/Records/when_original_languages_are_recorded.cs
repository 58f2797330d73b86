using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A language is recorded by one code. Found from outside: "ru" twice under two names, or "ru" and "rus", were kept as
/// two languages of one code.
/// </summary>
public sealed class when_original_languages_are_recorded(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("ru", "ru")]
    [InlineData("ru", "rus")]
    [InlineData("RU", "ru")]
    public async Task one_code_under_two_names_is_refused_naming_the_code(string first, string second)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var refused = (await Api.Post($"/api/records/{id}/original-languages", new { version = 1, languages = new[] { new { code = first, name = "Russian" }, new { code = second, name = "Русский" } } }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["languages"], refused.ErrorFields);
        Assert.Contains("'ru' twice", refused.Json["errors"]!["languages"]![0]!.GetValue<string>());
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task one_language_given_twice_alike_is_recorded_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/original-languages", new { version = 1, languages = new[] { new { code = "ru", name = "Russian" }, new { code = "rus", name = "Russian" } } }))
            .ShouldBe(HttpStatusCode.OK);

        var languages = (await Api.Get($"/api/records/{id}")).Json["originalLanguages"]!.AsArray();
        Assert.Equal("ru", Assert.Single(languages)!["code"]!.GetValue<string>());
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// A limit on text counts characters as a reader counts them: an emoji, or a CJK ideograph of Extension B as Chinese
/// personal names hold, is one character though .NET holds it in two UTF-16 units.
/// </summary>
public sealed class when_text_is_counted_in_characters(CatalogueService service) : CatalogueScenario(service)
{
    private const string Ideograph = "\U00020000"; // 𠀀, CJK Unified Ideographs Extension B

    /// <summary>Found from outside: 600 emoji in a title were refused as "1200 characters" against a limit of 1,000.</summary>
    [Fact]
    public async Task a_title_of_characters_past_the_basic_plane_has_the_whole_limit()
    {
        var id = (await Api.Post("/api/records", new { title = string.Concat(Enumerable.Repeat("📜", 600)) })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { string.Concat(Enumerable.Repeat(Ideograph, 150)) } })).ShouldBe(HttpStatusCode.OK);

        var refused = (await Api.Post($"/api/records/{id}/title", new { version = 2, title = string.Concat(Enumerable.Repeat("📜", 1_001)), reason = "Too long" }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["title"], refused.ErrorFields);
        Assert.Contains("at most 1,000 characters; it holds 1,001", refused.Json["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal(2, await Api.CurrentVersion(id));
    }
}

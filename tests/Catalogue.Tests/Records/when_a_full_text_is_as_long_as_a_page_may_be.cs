using System.Net;
using System.Text;
using Catalogue.Api.Imports;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// One limit, in one unit: a page may be 4 MiB (4,194,304 bytes of UTF-8), and a full text as many characters, which
/// no page that fits can exceed — so a page is never refused for the length of its text.
/// </summary>
public sealed class when_a_full_text_is_as_long_as_a_page_may_be(CatalogueService service) : CatalogueScenario(service)
{
    private const int PageLimit = ImportEndpoint.MaxPageBytes;

    /// <summary>The seed page, its contents lengthened with paragraphs of the diary until it is just under the limit.</summary>
    private static string APageJustUnderTheLimit()
    {
        var seed = when_the_seed_page_is_imported.SeedPage.TrimEnd();
        var page = new StringBuilder(seed, PageLimit);
        const string paragraph = "\n\nZhou Enlai repeated that Mao Zedong wished to travel to Moscow in December, and the Ambassador promised to inform Moscow at once.";
        for (var bytes = Encoding.UTF8.GetByteCount(seed); bytes + paragraph.Length < PageLimit - 64; bytes += paragraph.Length) page.Append(paragraph);
        return page.Append("\n\nEnd of the diary entry.\n").ToString();
    }

    [Fact]
    public async Task a_page_just_under_4_mib_is_imported_with_its_whole_text()
    {
        var page = APageJustUnderTheLimit();
        Assert.InRange(Encoding.UTF8.GetByteCount(page), PageLimit - 200, PageLimit);

        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.Created);

        var entry = Assert.Single((await Api.Get($"/api/records/{reply.Id}")).Json["fullTexts"]!.AsArray())!;
        var text = (await Api.Get(entry["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text;
        Assert.True(text.Length > 4_000_000, $"the text kept {text.Length} characters");
        Assert.EndsWith("End of the diary entry.", text);
    }

    [Fact]
    public async Task a_full_text_of_as_many_characters_as_a_page_holds_bytes_is_attached_and_one_more_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var tooLong = await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = new string('a', PageLimit + 1), language = "en", kind = "translation" });
        Assert.Contains("text", tooLong.ShouldBe(HttpStatusCode.BadRequest).ErrorFields);

        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text = new string('a', PageLimit), language = "en", kind = "translation" }))
            .ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, await Api.EventCount(id));
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// A client's serializer that writes a missing entry as <c>null</c> (<c>"creators": [null]</c>): every command that
/// takes a list refuses it as malformed input naming the item, and appends nothing.
/// </summary>
public sealed class when_a_list_holds_a_null(CatalogueService service) : CatalogueScenario(service)
{
    public static TheoryData<string, string> Lists => new()
    {
        { "creators", "creators" },
        { "participants", "participants" },
        { "original-languages", "languages" },
        { "subjects", "subjects" },
        { "translations", "translators" },
        { "translations/3/corrections", "translators" },
    };

    /// <summary>The command with the list holding a null, and only the fields its endpoint takes: any other is refused first.</summary>
    private static object Body(string path, string field, long version)
    {
        var body = new Dictionary<string, object?> { ["version"] = version, [field] = new object?[] { null } };
        if (path.StartsWith("translations", StringComparison.Ordinal))
        {
            body["language"] = "en";
            body["credit"] = "Translated by David Wolff";
            if (path.EndsWith("corrections", StringComparison.Ordinal)) body["reason"] = "Checked against the scan";
        }

        return body;
    }

    [Theory, MemberData(nameof(Lists))]
    public async Task the_command_is_refused_naming_the_item(string path, string field)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/translations", new { version = 2, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);

        var reply = (await Api.Post($"/api/records/{id}/{path}", Body(path, field, 3))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains($"{field}[0]", reply.ErrorFields);
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task an_accession_with_a_null_external_id_is_refused_and_no_record_appears()
    {
        var reply = (await Api.Post("/api/records", new { title = "Telegram from Shtykov to Vyshinsky", externalIds = new object?[] { new { scheme = "wilson-center", value = "1" }, null } }))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(["externalIds[1]"], reply.ErrorFields);
        Assert.Equal(0, await Service.ListedRecordCount());
    }
}

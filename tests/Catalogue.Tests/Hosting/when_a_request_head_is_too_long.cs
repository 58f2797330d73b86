using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Found from outside: a request whose headers passed Kestrel's 32 KiB (a bearer token carrying thousands of roles) or
/// its 100 lines, or whose path and query passed its 8 KiB was answered 431 or 414 with no body at all, before any of the service ran: the
/// client was never told which limit it had passed. Only the real server applies those limits, so this runs the service
/// as its own process.
/// </summary>
public sealed class when_a_request_head_is_too_long(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "request-head-admin-key";

    [Fact]
    public async Task the_client_is_told_which_limit_it_passed_and_the_command_appends_nothing()
    {
        using var catalogue = await CatalogueCli.StartServiceAsync(await Service.NewDatabaseAsync("catalogue_request_head"), AdminKey);
        var admin = new Support.Api(new HttpClient { BaseAddress = catalogue.Address }, AdminKey);
        var id = (await admin.Post("/api/records", new { title = "Memorandum of conversation with Zhou Enlai" })).ShouldBe(HttpStatusCode.Created).Id;

        var headers = await admin.Post(
            $"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Sino-Soviet relations" } }, ("X-Archivist-Note", new string('n', 40_000)));

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, headers.Status);
        Assert.Equal("application/problem+json", headers.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("The request's headers are too large", headers.Json["title"]!.GetValue<string>());
        Assert.Contains("at most 32,768 bytes together", headers.Json["detail"]!.GetValue<string>());
        Assert.Contains("'X-Archivist-Note' has 40,020", headers.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await admin.CurrentVersion(id));

        var query = await admin.Get($"/api/search?q={new string('q', 10_000)}");
        Assert.Equal(HttpStatusCode.RequestUriTooLong, query.Status);
        Assert.Equal("The request's path and query are too long", query.Json["title"]!.GetValue<string>());
        Assert.Contains("at most 8,192 bytes", query.Json["detail"]!.GetValue<string>());

        var manyHeaders = await admin.Get($"/api/records/{id}", Enumerable.Range(1, 150).Select(n => ($"X-Note-{n}", "n")).ToArray());
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, manyHeaders.Status);
        Assert.Equal("The request has too many headers", manyHeaders.Json["title"]!.GetValue<string>());

        // Within the limits, as before.
        (await admin.Get($"/api/records/{id}", ("X-Archivist-Note", new string('n', 30_000)))).ShouldBe(HttpStatusCode.OK);
    }
}

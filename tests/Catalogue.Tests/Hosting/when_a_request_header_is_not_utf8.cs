using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// Found from outside: a header value holding bytes that are not UTF-8 (a key pasted from a Latin-1 file, an
/// Idempotency-Key made by a client that writes headers in Windows-1251) was refused by Kestrel with a bare 400 and no
/// body, before any of the service ran. Only the real server reads header bytes, so this runs the service as its own
/// process, and a client that writes header values byte for byte (Latin-1) sends them.
/// </summary>
public sealed class when_a_request_header_is_not_utf8(CatalogueService service) : CatalogueScenario(service)
{
    private const string AdminKey = "header-bytes-admin-key";

    [Fact]
    public async Task the_client_is_told_which_header_and_the_command_appends_nothing()
    {
        using var catalogue = await CatalogueCli.StartServiceAsync(await Service.NewDatabaseAsync("catalogue_header_bytes"), AdminKey);
        var bytewise = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 };
        var admin = new Support.Api(new HttpClient(bytewise) { BaseAddress = catalogue.Address }, AdminKey);
        var id = (await admin.Post("/api/records", new { title = "Memorandum of conversation with Zhou Enlai" })).ShouldBe(HttpStatusCode.Created).Id;

        // «Запись» in Windows-1251: bytes past ASCII that are not UTF-8.
        var windows1251 = Encoding.Latin1.GetString([0xC7, 0xE0, 0xEF, 0xE8, 0xF1, 0xFC]);
        var refused = await admin.Post(
            $"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Sino-Soviet relations" } }, ("Idempotency-Key", windows1251));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("A request header is not UTF-8 text", refused.Json["title"]!.GetValue<string>());
        Assert.Contains("The header 'Idempotency-Key' holds bytes that are not UTF-8", refused.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await admin.CurrentVersion(id));

        // A lone byte of a broken UTF-8 sequence in a read's header is refused the same way.
        var read = await admin.Get($"/api/records/{id}", ("X-Archivist-Note", Encoding.Latin1.GetString([0x61, 0xD0]))); // "a" and half of «И»
        Assert.Equal(HttpStatusCode.BadRequest, read.Status);
        Assert.Contains("'X-Archivist-Note'", read.Json["detail"]!.GetValue<string>());

        // UTF-8 that is whole goes through, as before: «Исправление» in a header the service does not read.
        var utf8 = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Исправление"));
        (await admin.Get($"/api/records/{id}", ("X-Archivist-Note", utf8))).ShouldBe(HttpStatusCode.OK);

        // Its letters are counted as the bytes they take: 20,000 Cyrillic letters are 40,000 bytes, past the 32 KiB.
        var cyrillic = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(new string('я', 20_000)));
        var tooLarge = await admin.Get($"/api/records/{id}", ("X-Archivist-Note", cyrillic));
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooLarge.Status);
        Assert.Contains("'X-Archivist-Note' has 40,020", tooLarge.Json["detail"]!.GetValue<string>());
    }
}

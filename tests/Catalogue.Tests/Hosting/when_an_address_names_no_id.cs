using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// An address whose id is not one names nothing, and answers 404 — saying why. Found from outside: the problem said only
/// "Not Found", where a number in the path that does not read is a 400 naming it.
/// </summary>
public sealed class when_an_address_names_no_id(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("GET", "/api/records/not-a-guid", "id")]
    [InlineData("POST", "/api/records/not-a-guid/title", "id")]
    [InlineData("POST", "/api/people/not-a-guid/merge", "id")]
    [InlineData("GET", "/api/records/0190c5e4-1b2a-7c3d-8e4f/history", "id")]
    public async Task the_404_says_the_id_is_none_and_what_one_looks_like(string method, string path, string name)
    {
        var reply = method == "GET" ? await Api.Get(path) : await Api.Post(path, new { title = "Memorandum", reason = "x", version = 1 });

        reply.ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        var detail = reply.Json["detail"]!.GetValue<string>();
        Assert.Contains($"' is not an id. The '{name}' in this address is a UUID", detail);
        Assert.Contains(path.Split('/')[3], detail);
    }

    /// <summary>
    /// Found from outside: an id in braces, without its hyphens, or with a space around it was read as the id it spells,
    /// so one record had as many addresses; it is found at the one the service gives.
    /// </summary>
    [Theory]
    [InlineData("{{{0}}}")]
    [InlineData("({0})")]
    [InlineData("{0:N}")]
    [InlineData("%20{0}")]
    public async Task an_id_written_otherwise_than_the_service_writes_ids_names_nothing(string written)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var otherwise = string.Format(System.Globalization.CultureInfo.InvariantCulture, written, id);

        var reply = (await Api.Get($"/api/records/{otherwise}")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Contains("' is not an id. The 'id' in this address is a UUID", reply.Json["detail"]!.GetValue<string>());
        (await Api.Get($"/api/records/{id.ToString().ToUpperInvariant()}")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task an_id_that_reads_but_names_no_record_and_an_address_that_is_none_keep_their_own_answers()
    {
        var noRecord = (await Api.Get($"/api/records/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
        var noAddress = (await Api.Get("/api/nothing-here")).ShouldBe(HttpStatusCode.NotFound);

        Assert.DoesNotContain("is not an id", noRecord.Text);
        Assert.DoesNotContain("is not an id", noAddress.Text);
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Security;

/// <summary>
/// An archive that publishes its catalogue turns on public reads: anyone may read published records and their
/// citations without credentials; nothing else opens.
/// </summary>
public sealed class when_the_catalogue_is_open_to_the_public(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>A service of its own (its own database in the shared cluster) with public reads on.</summary>
    private Task<OwnCatalogue> APublicCatalogue() =>
        Service.StartOwnCatalogueAsync("catalogue_public", new Dictionary<string, string> { ["Catalogue:Security:PublicReads"] = "true" });

    [Fact]
    public async Task anyone_reads_published_records_and_nothing_more()
    {
        await using var catalogue = await APublicCatalogue();
        var admin = catalogue.Admin;
        var anyone = catalogue.Anonymous;
        var published = (await admin.AccessionTheSeed("PUB-1")).Id;
        await admin.Post($"/api/records/{published}/provenance", Support.Catalogue.SeedProvenance(1));
        (await admin.Post($"/api/records/{published}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        var draft = (await admin.AccessionTheSeed("DRAFT-1")).Id;

        (await anyone.Get($"/api/records/{published}")).ShouldBe(HttpStatusCode.OK);
        (await anyone.Get($"/api/records/{published}/citation")).ShouldBe(HttpStatusCode.OK);
        (await anyone.Get($"/api/records/{draft}")).ShouldBe(HttpStatusCode.NotFound);
        // The record list is an async read model: read it once it holds the publication.
        await Projections.CaughtUpAsync(catalogue.Services);
        Assert.Equal([published], (await anyone.Get("/api/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));

        (await anyone.Get($"/api/records/{published}?version=1")).ShouldBe(HttpStatusCode.Unauthorized);
        (await anyone.Get($"/api/records/{published}/history")).ShouldBe(HttpStatusCode.Unauthorized);
        (await anyone.Post($"/api/records/{published}/subjects", new { version = 3, subjects = new[] { "Korea" } })).ShouldBe(HttpStatusCode.Unauthorized);
        (await anyone.Post("/api/records", new { title = "Anonymous accession" })).ShouldBe(HttpStatusCode.Unauthorized);
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Security;

public sealed class when_a_reader_reads_the_catalogue(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task only_published_records_exist_for_a_reader()
    {
        var draft = (await Api.AccessionTheSeed("DRAFT-1")).Id;
        var published = (await Api.AccessionTheSeed("PUB-1")).Id;
        await Api.Post($"/api/records/{published}/provenance", Support.Catalogue.SeedProvenance(1));
        await Api.Post($"/api/records/{published}/publish", new { version = 2 });
        var reader = Service.As("reader");

        (await reader.Get($"/api/records/{draft}")).ShouldBe(HttpStatusCode.NotFound);
        (await reader.Get($"/api/records/{draft}/citation")).ShouldBe(HttpStatusCode.NotFound);
        (await reader.Get($"/api/records/{published}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal([published], (await Service.ListedRecords(reader)).Select(r => r["id"]!.GetValue<Guid>()));
        Assert.Equal(2, await Service.ListedRecordCount(Service.As("archivist")));
    }

    [Fact]
    public async Task past_versions_are_for_auditors()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));
        await Api.Post($"/api/records/{id}/publish", new { version = 2 });

        (await Service.As("reader").Get($"/api/records/{id}?version=1")).ShouldBe(HttpStatusCode.Forbidden);
        (await Service.As("archivist").Get($"/api/records/{id}?version=1")).ShouldBe(HttpStatusCode.Forbidden);
        (await Service.As("auditor").Get($"/api/records/{id}?version=1")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_actor_is_the_key_that_made_the_change_whatever_the_body_says()
    {
        var archivist = Service.As("archivist");
        Assert.Contains("actor", (await archivist.Post("/api/records", new { title = "A memorandum", actor = "somebody-else" })).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        var id = (await archivist.Post("/api/records", new { title = "A memorandum" }, ("X-Actor", "somebody-else"))).ShouldBe(HttpStatusCode.Created).Id;

        var events = (await Service.As("auditor").Get($"/api/records/{id}/history")).Json["events"]!.AsArray();
        Assert.Equal("key:archivist-client", Assert.Single(events)!["actor"]!.GetValue<string>());
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// Places are access points on the record, added and removed like subjects, seen in its history and diff; the places and
/// subjects authorities count the records that carry each, and link to them.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_places_are_recorded(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_record_holds_them_and_its_diff_shows_them()
    {
        var (id, version) = await Api.ARecordNaming("Memorandum", places: ["Moscow", "Beijing"]);
        (await Api.Post($"/api/records/{id}/places/removal", new { version, places = new[] { "beijing" }, reason = "Written in Moscow only" })).ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        var diff = (await Api.Get($"/api/records/{id}/diff?from=1&to=3")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        var history = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

        Assert.Equal(["Moscow"], record["places"].Strings());
        var removed = Assert.Single(diff, c => c!["path"]!.GetValue<string>().StartsWith("places", StringComparison.Ordinal) && c["new"] is null)!;
        Assert.Equal(("places[Beijing]", "places_removed"), (removed["path"]!.GetValue<string>(), removed["event"]!["type"]!.GetValue<string>()));
        Assert.Contains(diff, c => c!["path"]!.GetValue<string>() == "places[Moscow]" && c["old"] is null);
        Assert.Equal(["places_added", "places_removed"], history.Skip(1).Select(e => e!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task the_places_authority_counts_each_place_s_records_and_links_to_them()
    {
        var (id, version) = await Api.ARecordNaming("Memorandum", places: ["Moscow", "Beijing"]);
        await Api.ARecordNaming("Telegram", places: ["MOSCOW"]);
        await Service.ProjectionsCaughtUp();

        var moscow = Assert.Single((await Api.Get("/api/places?q=mosc")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray())!;
        Assert.Equal(("Moscow", 2), (moscow.Name(), moscow.Records()));
        var link = moscow["recordsHref"]!.GetValue<string>();
        Assert.Equal(2, (await Api.Get(link)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
        Assert.Equal(2, (await Api.Get($"/api/places/{moscow.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Records());

        (await Api.Post($"/api/records/{id}/places/removal", new { version, places = new[] { "Moscow" }, reason = "Written in Beijing" })).ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();

        Assert.Equal(1, (await Api.Get($"/api/places/{moscow.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Records());
        Assert.Equal(2, (await Api.Get("/api/places")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task the_subjects_authority_counts_each_subject_s_records()
    {
        var (id, _) = await Api.ARecordNaming("Memorandum");
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Sino-Soviet relations", "Korean War" } })).ShouldBe(HttpStatusCode.OK);
        var (other, _) = await Api.ARecordNaming("Telegram");
        (await Api.Post($"/api/records/{other}/subjects", new { version = 1, subjects = new[] { "sino-soviet relations" } })).ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();

        var subjects = (await Api.Get("/api/subjects")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();

        Assert.Equal([("Korean War", 1), ("Sino-Soviet relations", 2)], subjects.Select(s => (s.Name(), s.Records())));
        Assert.Empty((await Service.As("reader").Get("/api/subjects")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
    }

    /// <summary>
    /// Found from outside: a reader asking for the records of a subject only a draft carries got an empty page, and a 404
    /// for a subject nothing carries — telling from its name alone (ids are derived from names) what drafts are about.
    /// </summary>
    [Fact]
    public async Task a_reader_is_told_of_a_subject_or_place_only_drafts_carry_as_of_one_no_record_carries()
    {
        var (id, _) = await Api.ARecordNaming("Memorandum", places: ["Pyongyang"]);
        (await Api.Post($"/api/records/{id}/subjects", new { version = 2, subjects = new[] { "Nuclear weapons" } })).ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();
        var subject = Assert.Single((await Api.Get("/api/subjects?q=nuclear")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray())!;
        var place = Assert.Single((await Api.Get("/api/places?q=pyongyang")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray())!;
        var reader = Service.As("reader");

        foreach (var link in new[] { subject["recordsHref"]!.GetValue<string>(), place["recordsHref"]!.GetValue<string>() })
        {
            Assert.Single((await Api.Get(link)).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
            var hidden = (await reader.Get(link)).ShouldBe(HttpStatusCode.NotFound);
            var nothing = (await reader.Get(link.Replace(link.Split('/')[3], Guid.NewGuid().ToString()))).ShouldBe(HttpStatusCode.NotFound);
            Assert.Equal(nothing.Json["title"]!.GetValue<string>(), hidden.Json["title"]!.GetValue<string>());
        }

        await Api.Publish(id, 3);
        await Service.ProjectionsCaughtUp();

        Assert.Single((await reader.Get(subject["recordsHref"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
    }
}

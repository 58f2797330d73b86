using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Authorities;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// Readers and the public see published records only, and a name only drafts carry does not exist for them. Found from
/// outside: once an archivist recorded such a name as an alias of a person on published records, or merged people so,
/// readers were told it — as an alias, as the heading of a merged person, as the name that matched what they typed, and
/// by the person's id, derived from a name. They are now shown a person by the names a published record carries (or no
/// record: an alias recorded as a spelling met elsewhere), and staff by every name.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_name_only_drafts_carry_is_given_to_a_published_person(CatalogueService service) : CatalogueScenario(service)
{
    private static Guid IdOf(string name) => AccessPointKeys.PersonIdOf(name);

    /// <summary>A published memorandum naming Kim Philby, and a draft naming him "Agent Stanley", the name only it carries.</summary>
    private async Task<(Guid Draft, long DraftVersion)> ACodeNameOnADraft()
    {
        var (published, version) = await Api.ARecordNaming("Memorandum on the Cambridge group", participants: ["Kim Philby"]);
        await Api.Publish(published, version);
        var draft = await Api.ARecordNaming("Draft report of the residency", participants: ["Agent Stanley"]);
        // The authority decides about names the catalogue has met: once the directory of names holds them.
        await Service.ProjectionsCaughtUp();
        return draft;
    }

    private static void Shows(JsonNode? entry, string name, params string[] aliases)
    {
        Assert.Equal(name, entry.Name());
        Assert.Equal(IdOf(name), entry.Id());
        Assert.Equal(aliases, entry!["aliases"].Strings());
        Assert.Equal($"/api/people/{IdOf(name)}/records", entry["recordsHref"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_alias_only_drafts_carry_is_not_shown_to_a_reader_until_a_published_record_carries_it()
    {
        var (draft, draftVersion) = await ACodeNameOnADraft();
        (await Api.Post($"/api/people/{IdOf("Kim Philby")}/aliases", new { alias = "Agent Stanley", version = 0, reason = "His code name" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/people/{IdOf("Kim Philby")}/aliases", new { alias = "H.A.R. Philby", version = 2, reason = "Initials met in British files" })).ShouldBe(HttpStatusCode.OK);
        var reader = Service.As("reader");

        Shows(Assert.Single(await Service.PeopleFor("philby", reader)), "Kim Philby", "H.A.R. Philby");
        Shows(await Service.ThePersonFor("philby"), "Kim Philby", "Agent Stanley", "H.A.R. Philby");
        Assert.Empty(await Service.PeopleFor("agent st", reader));
        Assert.Equal("Agent Stanley", (await Service.ThePersonFor("agent st"))["matched"]!.GetValue<string>());
        Assert.DoesNotContain(await Service.PeopleFor("", reader), p => p!["aliases"].Strings().Contains("Agent Stanley"));
        (await reader.Get($"/api/people/{IdOf("Agent Stanley")}")).ShouldBe(HttpStatusCode.NotFound);
        (await reader.Get($"/api/people/{IdOf("Agent Stanley")}/records")).ShouldBe(HttpStatusCode.NotFound);
        Shows((await reader.Get($"/api/people/{IdOf("Kim Philby")}")).ShouldBe(HttpStatusCode.OK).Json, "Kim Philby", "H.A.R. Philby");
        Assert.Equal(1, (await reader.Get($"/api/people/{IdOf("H.A.R. Philby")}")).ShouldBe(HttpStatusCode.OK).Json.Records());

        await Api.Publish(draft, draftVersion);

        Shows(Assert.Single(await Service.PeopleFor("agent st", reader)), "Kim Philby", "Agent Stanley", "H.A.R. Philby");
        Assert.Equal(2, (await reader.Get($"/api/people/{IdOf("Agent Stanley")}")).ShouldBe(HttpStatusCode.OK).Json.Records());
    }

    [Fact]
    public async Task a_person_merged_into_one_only_drafts_name_is_shown_to_a_reader_under_the_published_name()
    {
        await ACodeNameOnADraft();
        (await Api.Post($"/api/people/{IdOf("Agent Stanley")}/merge", new { person = IdOf("Kim Philby"), version = 0, reason = "One man" })).ShouldBe(HttpStatusCode.OK);
        var reader = Service.As("reader");

        var survivor = Assert.Single(await Service.PeopleFor("philby", reader));
        Shows(survivor, "Kim Philby");
        Assert.Empty(survivor!["merged"]!.AsArray());
        Assert.Equal(1, survivor.Records());
        Assert.Single((await reader.Get(survivor["recordsHref"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
        Shows((await reader.Get($"/api/people/{IdOf("Kim Philby")}")).ShouldBe(HttpStatusCode.OK).Json, "Kim Philby");
        (await reader.Get($"/api/people/{IdOf("Agent Stanley")}")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Empty(await Service.PeopleFor("agent", reader));
        var staff = await Service.ThePersonFor("philby");
        Shows(staff, "Agent Stanley", "Kim Philby");
        Assert.Equal(2, staff.Records());
    }

    [Fact]
    public async Task a_person_only_drafts_name_merged_into_a_published_one_is_not_among_the_merged_a_reader_sees()
    {
        await ACodeNameOnADraft();
        (await Api.Post($"/api/people/{IdOf("Kim Philby")}/merge", new { person = IdOf("Agent Stanley"), version = 0, reason = "One man" })).ShouldBe(HttpStatusCode.OK);
        var reader = Service.As("reader");

        var survivor = Assert.Single(await Service.PeopleFor("philby", reader));

        Shows(survivor, "Kim Philby");
        Assert.Empty(survivor!["merged"]!.AsArray());
        Assert.Equal("Agent Stanley", Assert.Single((await Service.ThePersonFor("philby"))["merged"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Empty(await Service.PeopleFor("stanley", reader));
    }

    [Fact]
    public async Task the_public_is_told_no_more_than_a_reader()
    {
        await using var open = await Service.StartOwnCatalogueAsync("people_public", new Dictionary<string, string> { ["Catalogue:Security:PublicReads"] = "true" });
        var (published, version) = await open.Admin.ARecordNaming("Memorandum on the Cambridge group", participants: ["Kim Philby"]);
        await open.Admin.Publish(published, version);
        await open.Admin.ARecordNaming("Draft report of the residency", participants: ["Agent Stanley"]);
        await Projections.CaughtUpAsync(open.Services);
        (await open.Admin.Post($"/api/people/{IdOf("Kim Philby")}/aliases", new { alias = "Agent Stanley", version = 0, reason = "His code name" })).ShouldBe(HttpStatusCode.OK);
        await Projections.CaughtUpAsync(open.Services);

        var suggested = (await open.Anonymous.Get("/api/people?q=philby")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();

        Shows(Assert.Single(suggested), "Kim Philby");
        Assert.Empty((await open.Anonymous.Get("/api/people?q=stanley")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
        (await open.Anonymous.Get($"/api/people/{IdOf("Agent Stanley")}")).ShouldBe(HttpStatusCode.NotFound);
        Shows((await open.Admin.Get("/api/people?q=philby")).ShouldBe(HttpStatusCode.OK).Json["items"]![0], "Kim Philby", "Agent Stanley");
    }
}

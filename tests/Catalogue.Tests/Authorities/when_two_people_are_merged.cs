using System.Net;
using Catalogue.Api.Authorities.People;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// Two people in the authority turn out to be one: the archivist merges the one into the other, saying why. The
/// survivor takes the other's names as aliases and their records; the merge is itself an event on both, with who and why.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_two_people_are_merged(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_survivor_carries_both_names_and_both_people_s_records()
    {
        await Api.ARecordNaming("Memorandum of Conversation", participants: ["Zhou Enlai"]);
        await Api.ARecordNaming("Telegram", creators: ["Chou En-lai"]);
        await Api.ARecordNaming("Note", translators: ["Chou En-lai"], participants: ["Mao Zedong"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        Assert.Equal((1, 2), (zhou.Records(), chou.Records()));

        var merged = (await Service.As("archivist").Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "The same premier, in Wade-Giles" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, merged.Version);
        var survivor = await Service.ThePersonFor("chou");
        Assert.Equal((zhou.Id(), "Zhou Enlai", 3), (survivor.Id(), survivor.Name(), survivor.Records()));
        Assert.Equal(["Chou En-lai"], survivor["aliases"].Strings());
        Assert.Equal(["creator", "participant", "translator"], survivor["roles"].Strings());
        Assert.Equal(zhou.Id(), (await Api.Get($"/api/people/{chou.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Id());
        Assert.Equal(3, (await Api.Get($"/api/people/{chou.Id()}/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
        Assert.Single(await Service.PeopleFor("Mao"));
    }

    [Fact]
    public async Task a_person_whose_name_was_just_given_to_another_as_an_alias_cannot_be_merged_into_a_third()
    {
        await Api.ARecordNaming("Telegram", participants: ["Zhou Enlai", "Chou En-lai", "Mao Zedong"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        var mao = await Service.ThePersonFor("Mao Zedong");

        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.OK);
        var merge = (await Api.Post($"/api/people/{mao.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Misread" })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["person"], merge.ErrorFields);
        Assert.Equal("The name is another person's", merge.Json["title"]!.GetValue<string>());
        Assert.Equal(zhou.Id(), (await Service.ThePersonFor("Chou En-lai")).Id());
        Assert.Equal(0, (await Api.Get($"/api/people/{mao.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Version());
    }

    /// <summary>
    /// Found from outside: X merged into Y, Y into Z; removing X's name from Z's aliases left X suggested as a person of
    /// its own, whose id led to Z and whose every command was refused as merged.
    /// </summary>
    [Fact]
    public async Task a_name_that_came_with_a_merge_of_a_merge_stays_with_the_survivor()
    {
        await Api.ARecordNaming("Telegram", participants: ["Chinese Embassy in Pyongyang", "Chinese Embassy in Moscow", "Chinese Embassy in Warsaw"]);
        var pyongyang = await Service.ThePersonFor("Chinese Embassy in Pyongyang");
        var moscow = await Service.ThePersonFor("Chinese Embassy in Moscow");
        var warsaw = await Service.ThePersonFor("Chinese Embassy in Warsaw");
        (await Api.Post($"/api/people/{moscow.Id()}/merge", new { person = pyongyang.Id(), version = 0, reason = "One embassy, misread" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/people/{warsaw.Id()}/merge", new { person = moscow.Id(), version = 0, reason = "One embassy, misread" })).ShouldBe(HttpStatusCode.OK);

        var refused = (await Api.Post($"/api/people/{warsaw.Id()}/aliases/removal", new { alias = "Chinese Embassy in Pyongyang", version = 2, reason = "Not the same" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["alias"], refused.ErrorFields);
        Assert.Equal("The name came with a merge", refused.Json["title"]!.GetValue<string>());
        Assert.Equal(warsaw.Id(), (await Service.ThePersonFor("Chinese Embassy in Pyongyang")).Id());
        Assert.Equal(2, (await Api.Get($"/api/people/{warsaw.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Version());
    }

    /// <summary>
    /// Found from outside: a command about a person merged into one who was merged in turn was refused naming the first
    /// survivor, whom a client following the answer was refused for again.
    /// </summary>
    [Fact]
    public async Task a_command_about_a_person_merged_twice_over_names_the_person_who_decides_now()
    {
        await Api.ARecordNaming("Telegram", participants: ["American Embassy in Harbin", "American Embassy in Beijing", "American Embassy in Berlin"]);
        var harbin = await Service.ThePersonFor("American Embassy in Harbin");
        var beijing = await Service.ThePersonFor("American Embassy in Beijing");
        var berlin = await Service.ThePersonFor("American Embassy in Berlin");
        (await Api.Post($"/api/people/{beijing.Id()}/merge", new { person = harbin.Id(), version = 0, reason = "One embassy, misread" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/people/{berlin.Id()}/merge", new { person = beijing.Id(), version = 0, reason = "One embassy, misread" })).ShouldBe(HttpStatusCode.OK);

        var refused = (await Api.Post($"/api/people/{harbin.Id()}/aliases", new { alias = "Harbin consulate", version = 2, reason = "Its other name" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        var detail = refused.Json["detail"]!.GetValue<string>();
        Assert.Contains($"was merged into person {berlin.Id()} (American Embassy in Berlin) (through person {beijing.Id()}, merged in turn)", detail);
    }

    [Fact]
    public async Task the_merge_is_an_event_on_both_people_with_who_and_why()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai", "Chou En-lai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");

        (await Service.As("archivist").Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Same person" })).ShouldBe(HttpStatusCode.OK);

        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var survivorEvents = await session.Events.FetchStreamAsync(zhou.Id());
        var mergedEvents = await session.Events.FetchStreamAsync(chou.Id());
        Assert.Equal(["person_authority_established", "person_merged_in"], survivorEvents.Select(e => e.EventTypeName));
        Assert.Equal(["person_authority_established", "person_merged_into"], mergedEvents.Select(e => e.EventTypeName));
        var merge = Assert.IsType<PersonMergedIn>(survivorEvents[^1].Data);
        Assert.Equal((chou.Id(), "Chou En-lai"), (merge.PersonId, merge.Name));
        Assert.All(survivorEvents.Concat(mergedEvents), e =>
        {
            Assert.Equal("key:archivist-client", e.UserName);
            Assert.Equal("Same person", e.Headers!["reason"]!.ToString());
        });
    }

    [Fact]
    public async Task a_merge_without_a_reason_into_themselves_or_of_a_merged_person_appends_nothing()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai", "Chou En-lai", "Mao Zedong"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        var mao = await Service.ThePersonFor("Mao Zedong");

        var unexplained = (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0 })).ShouldBe(HttpStatusCode.BadRequest);
        var nobody = (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = Guid.Empty, version = 0, reason = "x" })).ShouldBe(HttpStatusCode.BadRequest);
        var missing = (await Api.Post($"/api/people/{zhou.Id()}/merge", new { version = 0, reason = "x" })).ShouldBe(HttpStatusCode.BadRequest);
        var self = (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = zhou.Id(), version = 0, reason = "x" })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var unknown = (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = Guid.NewGuid(), version = 0, reason = "x" })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Same person" })).ShouldBe(HttpStatusCode.OK);
        var again = (await Api.Post($"/api/people/{mao.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Wrong" })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var fromMerged = (await Api.Post($"/api/people/{chou.Id()}/aliases", new { alias = "Chou", version = 2 })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["reason"], unexplained.ErrorFields);
        Assert.Equal(["person"], nobody.ErrorFields);
        Assert.Equal(["person"], missing.ErrorFields);
        Assert.Equal(["person"], self.ErrorFields);
        Assert.Equal(["person"], unknown.ErrorFields);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.21", unknown.Json["type"]!.GetValue<string>());
        Assert.Equal(["person"], again.ErrorFields);
        Assert.NotNull(fromMerged.Json["detail"]);
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Empty(await session.Events.FetchStreamAsync(mao.Id()));
    }

    [Fact]
    public async Task counts_after_a_merge_equal_a_rebuild_of_the_read_models()
    {
        var (withdrawn, version) = await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"], places: ["Moscow"]);
        await Api.ARecordNaming("Telegram", creators: ["Chou En-lai"], places: ["Moscow"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Same person" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{withdrawn}/withdraw", new { version, reason = "Duplicate" })).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (await Service.ThePersonFor("Zhou")).Records());

        await Service.ProjectionsCaughtUp();
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        Assert.Contains(check["readModels"]!.AsArray(), r => r!["readModel"]!.GetValue<string>() == "PersonAuthority");
        Assert.Contains(check["readModels"]!.AsArray(), r => r!["readModel"]!.GetValue<string>() == "RecordAccessPoints");
        Assert.Contains(check["readModels"]!.AsArray(), r => r!["readModel"]!.GetValue<string>() == "AuthorityName");
        Assert.Equal(1, (await Service.ThePersonFor("Zhou")).Records());
    }

    /// <summary>
    /// Rebuilt alone, the people's authorities are built from the people's events only (not every event of every record,
    /// which made the first start after an upgrade keep person commands waiting): the same documents as those kept.
    /// </summary>
    [Fact]
    public async Task the_peoples_authorities_rebuilt_alone_are_the_ones_kept()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"], places: ["Moscow"]);
        await Api.ARecordNaming("Telegram", creators: ["Chou En-lai"], translators: ["G. Goldberg"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "Same person" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Zhou En-lai", version = 2, reason = "Spelling in the telegrams" })).ShouldBe(HttpStatusCode.OK);

        var rebuilt = (await Api.Post("/api/admin/projections/PersonAuthority/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray().Single()!;

        Assert.Equal(("PersonAuthority", 0), (rebuilt["readModel"]!.GetValue<string>(), rebuilt["changed"]!.GetValue<int>()));
        Assert.True(rebuilt["documents"]!.GetValue<int>() >= 2, rebuilt.ToJsonString());
        var survivor = await Service.ThePersonFor("Zhou En-lai");
        Assert.Equal((zhou.Id(), 2), (survivor.Id(), survivor.Records()));
    }
}

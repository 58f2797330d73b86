using System.Net;
using Catalogue.Api.Authorities.People;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// One person is written several ways: "Zhou Enlai" in one record, "Chou En-lai" in another. Once an archivist records
/// the one as an alias of the other, both records are the person's, and typing either name finds them.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_archivist_records_an_alias(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task records_written_under_the_alias_count_for_the_person()
    {
        await Api.ARecordNaming("Memorandum of Conversation with Zhou Enlai", participants: ["Zhou Enlai", "N.V. Roshchin"]);
        await Api.ARecordNaming("Telegram from Chou En-lai", creators: ["Chou En-lai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        Assert.Equal((1, 0L), (zhou.Records(), zhou.Version()));
        Assert.Single(await Service.PeopleFor("Chou"));

        var recorded = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles spelling" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal((zhou.Id(), 2L, "\"2\""), (recorded.Id, recorded.Version, recorded.ETag));
        var found = await Service.ThePersonFor("chou en");
        Assert.Equal(("Zhou Enlai", "Chou En-lai", 2), (found.Name(), found!["matched"]!.GetValue<string>(), found.Records()));
        Assert.Equal(["Chou En-lai"], found["aliases"].Strings());
        Assert.Equal(["creator", "participant"], found["roles"].Strings());
        Assert.Equal(zhou.Id(), (await Service.ThePersonFor("Zhou")).Id());
        var records = (await Api.Get($"/api/people/{zhou.Id()}/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public async Task the_search_can_ask_for_every_name_of_the_same_person()
    {
        await Api.ARecordNaming("Memorandum of Conversation with Zhou Enlai", participants: ["Zhou Enlai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        Assert.Equal(["Chou En-lai"], await PeopleAuthority.NamesOfTheSamePersonAsync(session, "Chou En-lai"));

        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();

        Assert.Equal(["Zhou Enlai", "Chou En-lai"], await PeopleAuthority.NamesOfTheSamePersonAsync(session, "CHOU EN LAI"));
        Assert.Equal(["Zhou Enlai", "Chou En-lai"], await PeopleAuthority.NamesOfTheSamePersonAsync(session, "Zhou Enlai"));
        Assert.Empty(await PeopleAuthority.NamesOfTheSamePersonAsync(session, " -- "));
    }

    [Fact]
    public async Task recording_it_twice_changes_nothing_and_a_stale_version_is_refused()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.OK);

        var again = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "chou en lai" }, ("If-Match", "\"2\""))).ShouldBe(HttpStatusCode.OK);
        var stale = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Zhou En-lai", version = 0 })).ShouldBe(HttpStatusCode.Conflict);
        var unversioned = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Zhou En-lai" })).ShouldBe(HttpStatusCode.PreconditionRequired);

        await Service.ProjectionsCaughtUp();
        Assert.Equal(2, again.Version);
        Assert.Equal(2, stale.Json["currentVersion"]!.GetValue<long>());
        Assert.Equal(2, (await Api.Get($"/api/people/{zhou.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Version());
        Assert.NotNull(unversioned.Json["detail"]);
    }

    [Fact]
    public async Task a_name_that_is_another_person_s_is_refused_and_nothing_is_appended()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai", "Mao Zedong"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var mao = await Service.ThePersonFor("Mao Zedong");
        (await Api.Post($"/api/people/{mao.Id()}/aliases", new { alias = "Mao Tse-tung", version = 0 })).ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();

        var taken = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "MAO TSE TUNG", version = 0 })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var heading = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Zhōu Ēnlái", version = 0 })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        var blank = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "", version = 0 })).ShouldBe(HttpStatusCode.BadRequest);
        var hidden = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou\u0000En-lai", version = 0 })).ShouldBe(HttpStatusCode.BadRequest);
        var punctuation = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "--", version = 0 })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["alias"], taken.ErrorFields);
        Assert.Contains("merge", taken.Json["detail"]!.GetValue<string>());
        Assert.Equal(["alias"], heading.ErrorFields);
        Assert.Equal(["alias"], blank.ErrorFields);
        Assert.Equal(["alias"], hidden.ErrorFields);
        Assert.Equal(["alias"], punctuation.ErrorFields);
        Assert.Equal(0, (await Api.Get($"/api/people/{zhou.Id()}")).ShouldBe(HttpStatusCode.OK).Json.Version());
    }

    [Fact]
    public async Task a_name_just_given_to_one_person_is_refused_to_another_without_waiting_for_anything()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Richard Helms", "Robert S. McNamara", "McGeorge Bundy"]);
        var helms = await Service.ThePersonFor("Richard Helms");
        var mcnamara = await Service.ThePersonFor("Robert S. McNamara");

        (await Api.Post($"/api/people/{helms.Id()}/aliases", new { alias = "McGeorge Bundy", version = 0, reason = "Read as one man" })).ShouldBe(HttpStatusCode.OK);
        var second = (await Api.Post($"/api/people/{mcnamara.Id()}/aliases", new { alias = "McGeorge Bundy", version = 0, reason = "Read as one man" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["alias"], second.ErrorFields);
        Assert.Contains(helms.Id().ToString(), second.Json["detail"]!.GetValue<string>());
        Assert.Empty((await Api.Get($"/api/people/{mcnamara.Id()}")).ShouldBe(HttpStatusCode.OK).Json["aliases"]!.AsArray());
    }

    [Fact]
    public async Task of_archivists_giving_one_name_to_four_people_at_once_one_is_heard()
    {
        string[] people = ["Liu Shaoqi", "Peng Dehuai", "Zhu De", "Chen Yun"];
        await Api.ARecordNaming("Minutes of the Politburo", participants: [.. people, "Kim Il Sung"]);
        var ids = new List<Guid>();
        foreach (var person in people) ids.Add((await Service.ThePersonFor(person)).Id());

        var answers = await Task.WhenAll(ids.Select(id => Api.Post($"/api/people/{id}/aliases", new { alias = "Kim Il Sung", version = 0, reason = "The same man?" })));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.Status));
        var holders = new List<Guid>();
        foreach (var id in ids)
        {
            if ((await Api.Get($"/api/people/{id}")).ShouldBe(HttpStatusCode.OK).Json["aliases"]!.AsArray().Count > 0) holders.Add(id);
        }

        Assert.Equal([answers.Single(a => a.Status == HttpStatusCode.OK).Id], holders);
        Assert.Equal(holders.Single(), (await Service.ThePersonFor("Kim Il Sung")).Id());
    }

    [Fact]
    public async Task a_removed_alias_no_longer_finds_the_person_and_the_removal_says_why()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.OK);

        var unexplained = (await Api.Post($"/api/people/{zhou.Id()}/aliases/removal", new { alias = "Chou En-lai", version = 2 })).ShouldBe(HttpStatusCode.BadRequest);
        var unknown = (await Api.Post($"/api/people/{zhou.Id()}/aliases/removal", new { alias = "Chou Enlai Jr", version = 2, reason = "Typo" })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Api.Post($"/api/people/{zhou.Id()}/aliases/removal", new { alias = "chou en-lai", version = 2, reason = "Recorded on the wrong person" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(["reason"], unexplained.ErrorFields);
        Assert.Equal(["alias"], unknown.ErrorFields);
        Assert.Empty(await Service.PeopleFor("Chou"));
        Assert.Empty((await Service.ThePersonFor("Zhou"))["aliases"]!.AsArray());
    }

    [Fact]
    public async Task a_person_no_record_names_is_not_found()
    {
        (await Api.Post($"/api/people/{Guid.NewGuid()}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Post($"/api/people/{Guid.Empty}/aliases", new { alias = "Chou En-lai", version = 0 })).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/people/{Guid.Empty}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/people/{Guid.NewGuid()}/records")).ShouldBe(HttpStatusCode.NotFound);
    }
}

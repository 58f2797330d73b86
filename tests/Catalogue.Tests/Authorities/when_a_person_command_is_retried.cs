using System.Net;
using Catalogue.Api.Records.Writing.Idempotency;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// An archivist's client that lost the answer to an alias or a merge sends it again under the same Idempotency-Key, as
/// it would a record's command: it gets the first answer, and the person gets nothing twice. Found from outside: the key
/// was ignored, so a retried alias answered 409 and a retried merge 422 "the person was merged".
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_person_command_is_retried(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<int> EventsOf(Guid person)
    {
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(person)).Count;
    }

    [Fact]
    public async Task an_alias_retried_under_its_key_answers_the_first_answer_and_is_recorded_once()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var alias = new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles" };

        var first = (await Api.Post($"/api/people/{zhou.Id()}/aliases", alias, (IdempotencyKeys.Header, "alias-1"))).ShouldBe(HttpStatusCode.OK);
        var retry = (await Api.Post($"/api/people/{zhou.Id()}/aliases", alias, (IdempotencyKeys.Header, "alias-1"))).ShouldBe(HttpStatusCode.OK);
        var other = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Zhou En-lai", version = 2 }, (IdempotencyKeys.Header, "alias-1")))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal((first.Text, first.ETag), (retry.Text, retry.ETag));
        Assert.Equal("true", retry.Headers.GetValues(CommandReply.ReplayedHeader).Single());
        Assert.Equal(2, await EventsOf(zhou.Id()));
        Assert.Equal([IdempotencyKeys.Header], other.ErrorFields);
    }

    [Fact]
    public async Task a_merge_retried_at_once_is_carried_out_once()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai", "Chou En-lai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        var merge = new { person = chou.Id(), version = 0, reason = "The same premier" };

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Api.Post($"/api/people/{zhou.Id()}/merge", merge, (IdempotencyKeys.Header, "merge-1"))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => a.Text).Distinct());
        Assert.Equal(2, answers.Count(a => a.Headers.Contains(CommandReply.ReplayedHeader)));
        Assert.Equal((2, 2), (await EventsOf(zhou.Id()), await EventsOf(chou.Id())));
    }

    [Fact]
    public async Task a_key_that_is_not_one_is_refused_before_anything_is_decided()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);
        var zhou = await Service.ThePersonFor("Zhou Enlai");

        var refused = (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0 }, (IdempotencyKeys.Header, new string('k', 300))))
            .ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([IdempotencyKeys.Header], refused.ErrorFields);
        Assert.Equal(0, await EventsOf(zhou.Id()));
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A withdrawn record accepts nothing but its reinstatement, which returns it to draft: publishing it again is a
/// deliberate step of its own. (Every command's refusal on a withdrawn record is in <see cref="every_record_command"/>.)
/// </summary>
public sealed class when_a_record_is_withdrawn_and_reinstated(CatalogueService service) : CatalogueScenario(service)
{
    private const string NewTitle = "Memorandum of Conversation with Zhou Enlai, 10 November 1949";

    /// <summary>The seed with its provenance, published (v3), then withdrawn (v4).</summary>
    private async Task<Guid> AWithdrawnRecord()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/withdraw", new { version = 3, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task a_title_revision_is_refused_naming_how_to_reinstate_the_record()
    {
        var id = await AWithdrawnRecord();

        var reply = (await Api.Post($"/api/records/{id}/title", new { version = 4, title = NewTitle, reason = "House style" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("The record is withdrawn", reply.Json["title"]!.GetValue<string>());
        Assert.Contains($"POST /api/records/{id}/reinstatement", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(4, await Api.EventCount(id));
        Assert.NotEqual(NewTitle, (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task what_it_already_says_still_answers_with_the_current_version()
    {
        var id = await AWithdrawnRecord();
        var title = (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>();

        var reply = (await Api.Post($"/api/records/{id}/title", new { version = 4, title })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(4, reply.Version);
        Assert.Equal(4, await Api.EventCount(id));
    }

    [Fact]
    public async Task reinstating_it_returns_it_to_draft_and_the_history_says_who_and_why()
    {
        var id = await AWithdrawnRecord();

        var reply = (await Api.Post($"/api/records/{id}/reinstatement", new { version = 4, reason = "Withdrawn in error: not a duplicate" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal(5, reply.Version);
        Assert.Equal("draft", (await Api.Get($"/api/records/{id}")).Json["status"]!.GetValue<string>());
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("record_reinstated", last["type"]!.GetValue<string>());
        Assert.Equal("key:admin-client", last["actor"]!.GetValue<string>());
        Assert.Equal("Withdrawn in error: not a duplicate", last["reason"]!.GetValue<string>());
        var reinstated = (await Api.Get($"/api/records/{id}/history?type=record_reinstated")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal(5, Assert.Single(reinstated)!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task once_reinstated_it_takes_changes_and_is_published_again_only_when_asked()
    {
        var id = await AWithdrawnRecord();
        (await Api.Post($"/api/records/{id}/reinstatement", new { version = 4, reason = "Withdrawn in error" })).ShouldBe(HttpStatusCode.OK);

        (await Api.Post($"/api/records/{id}/title", new { version = 5, title = NewTitle, reason = "House style" })).ShouldBe(HttpStatusCode.OK);
        (await Service.As("reader").Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Post($"/api/records/{id}/publish", new { version = 6 })).ShouldBe(HttpStatusCode.OK);

        var record = (await Service.As("reader").Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(NewTitle, record["title"]!.GetValue<string>());
        Assert.Equal("published", record["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task a_record_that_is_not_withdrawn_cannot_be_reinstated(bool published)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        if (published) (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        var version = published ? 3 : 2;

        var reply = (await Api.Post($"/api/records/{id}/reinstatement", new { version, reason = "Just in case" })).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(published ? "published" : "draft", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(version, await Api.EventCount(id));
        Assert.Equal(published ? "published" : "draft", (await Api.Get($"/api/records/{id}")).Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_reinstatement_without_a_reason_is_refused()
    {
        var id = await AWithdrawnRecord();

        var reply = (await Api.Post($"/api/records/{id}/reinstatement", new { version = 4 })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("reason", reply.ErrorFields);
        Assert.Equal(4, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_past_version_diff_and_blame_show_the_withdrawal_and_the_reinstatement()
    {
        var id = await AWithdrawnRecord();
        (await Api.Post($"/api/records/{id}/reinstatement", new { version = 4, reason = "Withdrawn in error" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("withdrawn", (await Api.Get($"/api/records/{id}?version=4")).ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>());
        Assert.Equal("draft", (await Api.Get($"/api/records/{id}?version=5")).ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>());

        var status = Assert.Single((await Api.Get($"/api/records/{id}/diff?from=4&to=5")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray())!;
        Assert.Equal("status", status["path"]!.GetValue<string>());
        Assert.Equal("withdrawn", status["old"]!.GetValue<string>());
        Assert.Equal("draft", status["new"]!.GetValue<string>());
        Assert.Equal("record_reinstated", status["event"]!["type"]!.GetValue<string>());
        Assert.Equal("Withdrawn in error", status["event"]!["reason"]!.GetValue<string>());

        var blamed = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray()
            .Single(f => f!["path"]!.GetValue<string>() == "status")!;
        Assert.Equal("record_reinstated", blamed["event"]!["type"]!.GetValue<string>());
    }
}

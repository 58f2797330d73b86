using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>A subject tagged or a text attached in error can be taken off again; the history keeps both acts and why.</summary>
public sealed class when_subjects_or_full_texts_are_removed(CatalogueService service) : CatalogueScenario(service)
{
    private const string RussianOriginal = "Из дневника Н.В. Рощина. Совершенно секретно, экз. 4";

    /// <summary>The seed tagged "Korean War", "Sino-Soviet relations", "Mao Zedong" (v2), with a Russian original (v3).</summary>
    private async Task<Guid> ATaggedRecordWithItsText()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korean War", "Sino-Soviet relations", "Mao Zedong" } }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = RussianOriginal, language = "ru", kind = "original" }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task<IReadOnlyList<string>> SubjectsOf(Guid id) =>
        [.. (await Api.Get($"/api/records/{id}")).Json["subjects"]!.AsArray().Select(s => s!.GetValue<string>())];

    [Fact]
    public async Task removed_subjects_leave_the_record_and_the_history_says_who_and_why()
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 3, subjects = new[] { "korean war", "Mao Zedong" }, reason = "The conversation is not about Korea" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal(4, reply.Version);
        Assert.Equal(["Sino-Soviet relations"], await SubjectsOf(id));
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("subjects_removed", last["type"]!.GetValue<string>());
        Assert.Equal("key:admin-client", last["actor"]!.GetValue<string>());
        Assert.Equal("The conversation is not about Korea", last["reason"]!.GetValue<string>());
        Assert.Equal(["Korean War", "Mao Zedong"], last["data"]!["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task replacing_a_text_without_a_reason_is_refused_in_plain_words_and_replaces_nothing()
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/full-texts", new { version = 3, text = "Из дневника Н.В. Рощина", language = "ru", kind = "original" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["reason"], reply.ErrorFields);
        Assert.Equal("The record already has an original text in 'ru'; changing it is a correction and needs a reason.", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task removing_a_subject_the_record_does_not_have_is_refused_naming_it_and_removes_nothing()
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 3, subjects = new[] { "Korean War", "Cuban Missile Crisis" }, reason = "Wrong subjects" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("subjects", reply.ErrorFields);
        Assert.Contains("'Cuban Missile Crisis'", reply.Json["detail"]!.GetValue<string>());
        Assert.DoesNotContain("'Korean War'", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
        Assert.Contains("Korean War", await SubjectsOf(id));
    }

    [Fact]
    public async Task a_subject_removal_without_a_reason_is_refused()
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 3, subjects = new[] { "Korean War" } })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("reason", reply.ErrorFields);
        Assert.Equal(3, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_removed_full_text_leaves_the_record_and_the_history_says_who_and_why()
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = 3, language = "ru", kind = "original", reason = "The text is of another document" }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal(4, reply.Version);
        Assert.Empty((await Api.Get($"/api/records/{id}")).Json["fullTexts"]!.AsArray());
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("full_text_removed", last["type"]!.GetValue<string>());
        Assert.Equal("key:admin-client", last["actor"]!.GetValue<string>());
        Assert.Equal("The text is of another document", last["reason"]!.GetValue<string>());
        Assert.Equal("ru", last["data"]!["language"]!.GetValue<string>());
        Assert.Equal("original", last["data"]!["kind"]!.GetValue<string>());
        // The text itself stays where it was attached.
        Assert.Equal(RussianOriginal, (await Api.Get($"/api/records/{id}/history/3/full-text")).ShouldBe(HttpStatusCode.OK).Text);
    }

    [Theory]
    [InlineData("ru", "translation")]
    [InlineData("en", "original")]
    public async Task removing_a_full_text_the_record_does_not_have_is_refused_and_removes_nothing(string language, string kind)
    {
        var id = await ATaggedRecordWithItsText();

        var reply = (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = 3, language, kind, reason = "Wrong text" }))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Contains($"{kind} text in '{language}'", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(3, await Api.EventCount(id));
        Assert.Single((await Api.Get($"/api/records/{id}")).Json["fullTexts"]!.AsArray());
    }

    [Fact]
    public async Task a_past_version_still_has_what_was_removed_and_a_diff_names_the_removals()
    {
        var id = await ATaggedRecordWithItsText();
        (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 3, subjects = new[] { "Korean War" }, reason = "Not about Korea" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = 4, language = "ru", kind = "original", reason = "Another document's text" })).ShouldBe(HttpStatusCode.OK);

        var before = (await Api.Get($"/api/records/{id}?version=3")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Contains("Korean War", before["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        // A past version names its text as attached: the text may since have been removed, as here.
        var removedText = Assert.Single(before["fullTexts"]!.AsArray())!["href"]!.GetValue<string>();
        Assert.Equal($"/api/records/{id}/history/3/full-text", removedText);
        Assert.Equal(RussianOriginal, (await Api.Get(removedText)).ShouldBe(HttpStatusCode.OK).Text);
        var now = (await Api.Get($"/api/records/{id}?version=5")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(["Sino-Soviet relations", "Mao Zedong"], now["subjects"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Empty(now["fullTexts"]!.AsArray());

        var changes = (await Api.Get($"/api/records/{id}/diff?from=3&to=5")).ShouldBe(HttpStatusCode.OK).Json["changes"]!.AsArray();
        // Each subject is a field of its own: the one taken off, and no other.
        var subjects = Assert.Single(changes, c => c!["path"]!.GetValue<string>().StartsWith("subjects", StringComparison.Ordinal))!;
        Assert.Equal("subjects[Korean War]", subjects["path"]!.GetValue<string>());
        Assert.Equal(("Korean War", (JsonNode?)null), (subjects["old"]!.GetValue<string>(), subjects["new"]));
        Assert.Equal("subjects_removed", subjects["event"]!["type"]!.GetValue<string>());
        Assert.Equal("Not about Korea", subjects["event"]!["reason"]!.GetValue<string>());
        var text = Assert.Single(changes, c => c!["path"]!.GetValue<string>() == "fullTexts[language=ru,kind=original].text")!;
        Assert.Equal($"/api/records/{id}/history/3/full-text", text["old"]!["href"]!.GetValue<string>());
        Assert.Null(text["new"]);
        Assert.Equal("full_text_removed", text["event"]!["type"]!.GetValue<string>());
        Assert.Equal(5, text["event"]!["version"]!.GetValue<long>());

        // Who tagged each subject still there, not who last took one off.
        var blamed = (await Api.Get($"/api/records/{id}/blame")).ShouldBe(HttpStatusCode.OK).Json["fields"]!.AsArray()
            .Where(f => f!["path"]!.GetValue<string>().StartsWith("subjects", StringComparison.Ordinal))
            .ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["event"]!["type"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["subjects[Sino-Soviet relations]"] = "subjects_tagged", ["subjects[Mao Zedong]"] = "subjects_tagged" }, blamed);
    }

    [Fact]
    public async Task replaying_every_event_gives_exactly_the_current_read_model()
    {
        var id = await ATaggedRecordWithItsText();
        (await Api.Post($"/api/records/{id}/subjects/removal", new { version = 3, subjects = new[] { "Korean War" }, reason = "Not about Korea" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = 4, language = "ru", kind = "original", reason = "Another document's text" })).ShouldBe(HttpStatusCode.OK);

        var replayed = (await Api.Get($"/api/records/{id}?version=5")).ShouldBe(HttpStatusCode.OK).Json.AsObject();
        replayed.Remove("asOf");
        replayed.Remove("permalink");
        var current = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(current, replayed), $"{current.ToJsonString()}\n!=\n{replayed.ToJsonString()}");
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Records;

/// <summary>
/// The record is answered from its stored document as it is stored, not read into an object and written out again.
/// What a client receives is what the read model says, exactly as before: the same members and values, the same
/// ETag, 304 for a current copy, 404 for a record a reader may not see.
/// </summary>
public sealed class when_a_record_is_read_from_its_stored_document(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>The imported seed, published, with a correction and a text of its own beside the page's.</summary>
    private async Task<Guid> APublishedRecordWithSomethingOfEverything()
    {
        var id = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        var version = await Api.CurrentVersion(id);
        (await Api.Post($"/api/records/{id}/full-texts", new { version, text = "Из дневника Н.В. Рощина", language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/subjects", new { version = version + 1, subjects = new[] { "Sino-Soviet relations" } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = version + 2 })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    /// <summary>The read model as the record endpoint used to answer it: loaded into its type, written with the web defaults.</summary>
    private async Task<JsonNode> TheReadModelSerialised(Guid id)
    {
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return JsonSerializer.SerializeToNode(await session.LoadAsync<CatalogueRecord>(id), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task the_answer_is_the_read_model_member_for_member()
    {
        var id = await APublishedRecordWithSomethingOfEverything();

        var reply = (await Service.As("reader").Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("application/json; charset=utf-8", reply.ContentHeaders!.ContentType!.ToString());
        var expected = await TheReadModelSerialised(id);
        Assert.True(JsonNode.DeepEquals(expected, reply.Json), $"{reply.Text}\n!=\n{expected.ToJsonString()}");
        Assert.Equal(2, reply.Json["fullTexts"]!.AsArray().Count);
        Assert.Equal("published", reply.Json["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task text_in_any_script_is_answered_as_written_and_the_answer_is_never_taken_for_a_page()
    {
        const string title = "Приём у Чжоу Эньлая 周恩来 𠀀 <script>alert('x')</script> & \"quoted\" \\ end";
        var id = (await Api.Post("/api/records", new { title })).ShouldBe(HttpStatusCode.Created).Id;

        var reply = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(title, reply.Json["title"]!.GetValue<string>());
        Assert.Contains("Приём у Чжоу Эньлая 周恩来 𠀀 <script>", reply.Text, StringComparison.Ordinal);
        Assert.Equal("nosniff", reply.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task its_etag_is_its_version_and_a_current_copy_is_not_sent_again()
    {
        var id = await APublishedRecordWithSomethingOfEverything();
        var version = await Api.CurrentVersion(id);
        var reader = Service.As("reader");

        var reply = (await reader.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);
        var unchanged = (await reader.Get($"/api/records/{id}", ("If-None-Match", $"W/\"{version}\""))).ShouldBe(HttpStatusCode.NotModified);

        Assert.Equal($"\"{version}\"", reply.ETag);
        Assert.Equal(version, reply.Version);
        Assert.Equal($"\"{version}\"", unchanged.ETag);
        Assert.Equal("", unchanged.Text);
        Assert.Equal($"</api/records/{id}?version={version}>; rel=\"permalink\"", reply.Headers.GetValues("Link").Single());
        (await reader.Get($"/api/records/{id}", ("If-None-Match", $"\"{version - 1}\""))).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_reader_is_told_a_draft_does_not_exist_and_staff_read_it()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var hidden = (await Service.As("reader").Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.NotFound);
        var shown = (await Service.As("archivist").Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("Record not found", hidden.Json["title"]!.GetValue<string>());
        Assert.Equal(id, shown.Id);
        Assert.Equal("draft", shown.Json["status"]!.GetValue<string>());
        (await Service.As("reader").Get($"/api/records/{Guid.NewGuid()}")).ShouldBe(HttpStatusCode.NotFound);
    }
}

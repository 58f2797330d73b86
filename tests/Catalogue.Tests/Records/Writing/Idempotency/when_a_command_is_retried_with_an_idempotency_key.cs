using System.Net;
using Catalogue.Api.Records.Writing.Idempotency;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Records.Writing.Idempotency;

/// <summary>
/// A client that lost a response sends the same request again under the same Idempotency-Key: it gets the
/// original response and the record gets nothing twice.
/// </summary>
public sealed class when_a_command_is_retried_with_an_idempotency_key(CatalogueService service) : CatalogueScenario(service)
{
    private const string Key = IdempotencyKeys.Header;
    private const string SeedTitle = "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949";

    private static (string, string) KeyOf(string key) => (Key, key);

    private IDocumentStore Store => Service.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<long> RecordCount() =>
        await Service.ListedRecordCount();

    private static object NewTitle(long version, string title = "Memorandum of Conversation with Zhou Enlai, 10 November 1949") =>
        new { version, title, reason = "Shorter title agreed by the editors" };

    [Fact]
    public async Task an_accession_retried_answers_the_same_201_and_accessions_once()
    {
        var first = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("accession-1"))).ShouldBe(HttpStatusCode.Created);
        var retry = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("accession-1"))).ShouldBe(HttpStatusCode.Created);

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal($"/api/records/{first.Id}", first.Headers.Location?.ToString());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("\"1\"", retry.ETag);
        Assert.Equal("true", retry.Headers.GetValues(CommandReply.ReplayedHeader).Single());
        Assert.False(first.Headers.Contains(CommandReply.ReplayedHeader));
        Assert.Equal(1, await RecordCount());
        Assert.Equal(1, await Api.EventCount(first.Id));
    }

    [Fact]
    public async Task a_retried_accession_draws_no_accession_number_of_its_own()
    {
        var first = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("accession-2"))).ShouldBe(HttpStatusCode.Created);
        (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("accession-2"))).ShouldBe(HttpStatusCode.Created);
        (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("accession-2"))).ShouldBe(HttpStatusCode.Created);
        var next = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession())).ShouldBe(HttpStatusCode.Created);

        long NumberOf(Reply record) => long.Parse(record.Json["accessionNumber"]!.GetValue<string>().Split('-')[^1]);
        var firstNumber = NumberOf((await Api.Get($"/api/records/{first.Id}")).ShouldBe(HttpStatusCode.OK));
        var nextNumber = NumberOf((await Api.Get($"/api/records/{next.Id}")).ShouldBe(HttpStatusCode.OK));
        Assert.Equal(firstNumber + 1, nextNumber);
    }

    [Fact]
    public async Task a_command_retried_answers_the_original_version_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var first = (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("title-1"))).ShouldBe(HttpStatusCode.OK);
        var retry = (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("title-1"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, first.Version);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal("\"2\"", retry.ETag);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_command_that_changed_nothing_answers_the_same_even_after_the_record_moves_on()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var sameTitle = new { version = 1, title = SeedTitle };

        var first = (await Api.Post($"/api/records/{id}/title", sameTitle, KeyOf("same-title"))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary = "A conversation." })).ShouldBe(HttpStatusCode.OK);
        var retry = (await Api.Post($"/api/records/{id}/title", sameTitle, KeyOf("same-title"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(1, first.Version);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task the_same_key_with_a_different_body_is_refused_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("title-2"))).ShouldBe(HttpStatusCode.OK);

        var reused = (await Api.Post($"/api/records/{id}/title", NewTitle(2, "Another title"), KeyOf("title-2")))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("application/problem+json", reused.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains("different request", reused.Json["detail"]!.GetValue<string>());
        Assert.Contains(Key, reused.ErrorFields);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task the_same_key_on_another_path_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary = "A conversation." }, KeyOf("shared"))).ShouldBe(HttpStatusCode.OK);

        (await Api.Post($"/api/records/{id}/classification", new { version = 2, marks = "Top Secret" }, KeyOf("shared")))
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_refused_command_can_be_corrected_and_sent_again_under_the_same_key()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Post($"/api/records/{id}/title", new { version = 1, title = "" }, KeyOf("fix-me"))).ShouldBe(HttpStatusCode.BadRequest);
        (await Api.Post($"/api/records/{id}/title", new { version = 1, title = "Another title" }, KeyOf("fix-me"))).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Api.Post($"/api/records/{id}/title", NewTitle(7), KeyOf("fix-me"))).ShouldBe(HttpStatusCode.Conflict);
        var fixedReply = (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("fix-me"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(2, fixedReply.Version);
        Assert.Equal(2, await Api.EventCount(id));
    }

    public static TheoryData<string> MalformedKeys => [new string('k', 201), "ключ", "tab\there"];

    [Theory, MemberData(nameof(MalformedKeys))]
    public async Task a_malformed_key_is_refused_field_by_field(string key)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf(key))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains(Key, reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    [Fact]
    public async Task a_key_of_200_printable_characters_is_accepted()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var key = string.Concat(Enumerable.Range(0, 200).Select(i => (char)(' ' + (i % 95))));

        (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf(key))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf(key))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task twenty_concurrent_copies_of_a_command_append_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var replies = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("burst")))));

        Assert.All(replies, r => Assert.True(
            r.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)r.Status}: {r.Text}"));
        Assert.All(replies.Where(r => r.Status == HttpStatusCode.OK), r => Assert.Equal(2, r.Version));
        Assert.Contains(replies, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task twenty_concurrent_copies_of_an_accession_accession_once()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("burst-accession")))));

        Assert.All(replies, r => Assert.True(
            r.Status is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)r.Status}: {r.Text}"));
        Assert.Single(replies.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Id).Distinct());
        Assert.Equal(1, await RecordCount());
    }

    [Fact]
    public async Task an_import_retried_answers_the_same_201_and_imports_once()
    {
        var page = when_the_seed_page_is_imported.SeedPage;

        var first = (await Api.PostRaw("/api/imports", page, "text/plain", KeyOf("import-1"))).ShouldBe(HttpStatusCode.Created);
        var retry = (await Api.PostRaw("/api/imports", page, "text/plain", KeyOf("import-1"))).ShouldBe(HttpStatusCode.Created);

        Assert.Equal(first.Text, retry.Text);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.ETag, retry.ETag);
        Assert.Equal(first.Version, await Api.EventCount(first.Id));

        // Without the key the same page is simply unchanged; with the key and another page it is refused.
        Assert.Equal("unchanged", (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>());
        (await Api.PostRaw("/api/imports", page + "\n", "text/plain", KeyOf("import-1"))).ShouldBe(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(first.Version, await Api.EventCount(first.Id));
    }

    [Fact]
    public async Task an_expired_key_behaves_as_new()
    {
        var first = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("old-key"))).ShouldBe(HttpStatusCode.Created);
        await ExpireAsync("old-key");

        var again = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("old-key"))).ShouldBe(HttpStatusCode.Created);

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal(2, await RecordCount());
        var retry = (await Api.Post("/api/records", Catalogue.Tests.Support.Catalogue.SeedAccession(), KeyOf("old-key"))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(again.Id, retry.Id);
    }

    [Fact]
    public async Task the_sweep_deletes_expired_keys_only()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/title", NewTitle(1), KeyOf("sweep-me"))).ShouldBe(HttpStatusCode.OK);
        var sweep = Service.Host.Services.GetRequiredService<ExpiredIdempotencyKeys>();

        await sweep.DeleteExpiredAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.NotNull(await LoadAsync("sweep-me"));

        await sweep.DeleteExpiredAsync(DateTimeOffset.UtcNow.AddHours(25), CancellationToken.None);
        Assert.Null(await LoadAsync("sweep-me"));
    }

    private async Task<IdempotentResponse?> LoadAsync(string key)
    {
        await using var session = Store.QuerySession();
        return await session.LoadAsync<IdempotentResponse>(IdempotencyKeys.IdFor("key:admin-client", key));
    }

    private async Task ExpireAsync(string key)
    {
        var kept = await LoadAsync(key) ?? throw new InvalidOperationException($"no response kept under {key}");
        await using var session = Store.LightweightSession();
        session.Update(kept with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        await session.SaveChangesAsync();
    }
}

/// <summary>A key is the client's own: another client choosing the same key is a different request.</summary>
public sealed class when_two_clients_choose_the_same_idempotency_key(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task each_gets_its_own_answer()
    {
        var first = (await Service.As("archivist").Post("/api/records", new { title = "One" }, ("Idempotency-Key", "batch-1"))).ShouldBe(System.Net.HttpStatusCode.Created);
        var second = (await Service.As("admin").Post("/api/records", new { title = "Two" }, ("Idempotency-Key", "batch-1"))).ShouldBe(System.Net.HttpStatusCode.Created);

        Assert.NotEqual(first.Id, second.Id);
    }
}

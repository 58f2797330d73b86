using System.Diagnostics;
using System.Net;
using Catalogue.Api.Records;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Records.Writing;

/// <summary>
/// The record list is an async read model: a moment after a command, not in its transaction. A client that must see
/// its own change there sends <c>Prefer: wait-for-projections=N</c>; the answer then comes once every async read model
/// has processed the command's events, and says so — or, after N seconds, says which are still behind. The command
/// took effect either way.
/// </summary>
public sealed class when_a_client_reads_its_own_writes(CatalogueService service) : CatalogueScenario(service)
{
    private static (string, string) Waiting(string seconds) => ("Prefer", $"wait-for-projections={seconds}");

    private async Task<RecordListing?> ListingOf(Guid id)
    {
        await using var session = Service.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<RecordListing>(id);
    }

    private static string? Header(Reply reply, string name) => reply.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

    [Fact]
    public async Task a_command_that_asks_is_answered_once_the_record_list_has_it()
    {
        var accessioned = (await Api.Post("/api/records", Support.Catalogue.SeedAccession("ACC-1"), Waiting("5"))).ShouldBe(HttpStatusCode.Created);

        Assert.Equal("wait-for-projections=5", Header(accessioned, "Preference-Applied"));
        Assert.Null(Header(accessioned, "Projections-Behind"));
        Assert.Equal("ACC-1", (await ListingOf(accessioned.Id))?.AccessionNumber);

        var retitled = (await Api.Post($"/api/records/{accessioned.Id}/title", new { version = 1, title = "Memorandum of Conversation with Zhou Enlai", reason = "House style" }, Waiting("5")))
            .ShouldBe(HttpStatusCode.OK);

        Assert.Equal("wait-for-projections=5", Header(retitled, "Preference-Applied"));
        var listed = await ListingOf(accessioned.Id);
        Assert.Equal(("Memorandum of Conversation with Zhou Enlai", 2L), (listed?.Title, listed?.Version));
    }

    [Fact]
    public async Task the_record_list_read_right_after_the_answer_has_the_change()
    {
        for (var round = 0; round < 5; round++)
        {
            var accessioned = (await Api.Post("/api/records", Support.Catalogue.SeedAccession($"ACC-{round}"), Waiting("5"))).ShouldBe(HttpStatusCode.Created);

            var first = (await Api.Get("/api/records?pageSize=1")).ShouldBe(HttpStatusCode.OK).Json["items"]![0]!;
            Assert.Equal(accessioned.Id, first["id"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task an_import_honours_it_too()
    {
        var imported = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain", Waiting("5"))).ShouldBe(HttpStatusCode.Created);

        Assert.Equal("wait-for-projections=5", Header(imported, "Preference-Applied"));
        var listed = await ListingOf(imported.Id);
        Assert.Equal(imported.Json["version"]!.GetValue<long>(), listed?.Version);
        Assert.Equal("1949-11-10", listed?.Date?.Edtf);
        Assert.Equal("AVPRF", listed?.Repository);
    }

    [Fact]
    public async Task a_command_that_does_not_ask_is_answered_without_waiting_or_saying_anything_of_it()
    {
        var accessioned = (await Api.Post("/api/records", Support.Catalogue.SeedAccession("ACC-1"))).ShouldBe(HttpStatusCode.Created);

        Assert.Null(Header(accessioned, "Preference-Applied"));
        Assert.Null(Header(accessioned, "Projections-Behind"));
    }

    [Fact]
    public async Task when_the_read_models_do_not_catch_up_in_time_the_command_still_stands_and_the_answer_says_which_are_behind()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        Reply tagged;
        var clock = Stopwatch.StartNew();
        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            tagged = await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } }, Waiting("1"));
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }

        tagged.ShouldBe(HttpStatusCode.OK);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), $"answered after {clock.Elapsed.TotalSeconds:F2} s");
        Assert.Null(Header(tagged, "Preference-Applied"));
        Assert.Equal("RecordListing, ProvenancePlacement, RecordSearch, RecordAccessPoints, AuthorityName, OaiEntry, ReportTally, RecordSnapshot", Header(tagged, "Projections-Behind"));
        Assert.Equal(2, tagged.Version);
        Assert.Equal(2, await Api.CurrentVersion(id));
        await Service.ProjectionsCaughtUp();
        Assert.Equal(2, (await ListingOf(id))?.Version);
    }

    [Theory]
    [InlineData("wait-for-projections=3600", "wait-for-projections=30")]
    [InlineData("respond-async, Wait-For-Projections=\"2\"; note=x", "wait-for-projections=2")]
    [InlineData("wait-for-projections=0", "wait-for-projections=0")]
    [InlineData("wait-for-projections=2.5", "wait-for-projections=2.5")]
    [InlineData("wait-for-projections=99999999999999999999999999999999.5", "wait-for-projections=30")]
    public async Task the_wait_is_bounded_and_the_preference_read_as_rfc_7240_writes_it(string prefer, string applied)
    {
        var accessioned = (await Api.Post("/api/records", Support.Catalogue.SeedAccession("ACC-1"), ("Prefer", prefer))).ShouldBe(HttpStatusCode.Created);

        var answer = Header(accessioned, "Preference-Applied") ?? $"behind: {Header(accessioned, "Projections-Behind")}";
        // With no wait at all the async read models may or may not have the record yet; either answer is honest.
        if (prefer.EndsWith("=0", StringComparison.Ordinal)) Assert.True(answer == applied || answer.StartsWith("behind: ", StringComparison.Ordinal), answer);
        else Assert.Equal(applied, answer);
    }

    [Theory]
    [InlineData("wait-for-projections=soon")]
    [InlineData("wait-for-projections=-1")]
    [InlineData("wait-for-projections=1e3")]
    [InlineData("wait-for-projections=.5")]
    [InlineData("wait-for-projections=5.")]
    [InlineData("wait-for-projections")]
    [InlineData("wait=5")]
    public async Task a_preference_it_cannot_read_is_ignored(string prefer)
    {
        var accessioned = (await Api.Post("/api/records", Support.Catalogue.SeedAccession("ACC-1"), ("Prefer", prefer))).ShouldBe(HttpStatusCode.Created);

        Assert.Null(Header(accessioned, "Preference-Applied"));
        Assert.Null(Header(accessioned, "Projections-Behind"));
    }

    [Fact]
    public async Task a_refused_command_waits_for_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var refused = (await Api.Post($"/api/records/{id}/publish", new { version = 1 }, Waiting("5"))).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Null(Header(refused, "Preference-Applied"));
        Assert.Null(Header(refused, "Projections-Behind"));
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.History;

/// <summary>
/// An event type has one name wherever a client meets it — the name it is stored under: what an import says it
/// changed is what the history lists and what a filter takes.
/// </summary>
public sealed class when_a_client_names_an_event_type(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<IReadOnlyList<string>> HistoryTypes(Guid id) =>
        [.. (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>())];

    [Fact]
    public async Task an_import_names_its_changes_as_the_history_does()
    {
        var reply = (await Api.PostRaw("/api/imports", Imports.when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created);

        var changes = reply.Json["changes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(await HistoryTypes(reply.Id), changes);
        Assert.Contains("date_recorded", changes);
    }

    [Fact]
    public async Task a_batch_names_each_page_s_changes_as_the_history_does()
    {
        var reply = (await Api.PostContent(PageBatches.Route, PageBatches.Batch(PageBatches.Page(601)))).ShouldBe(HttpStatusCode.OK);

        var page = reply.Json["pages"]![0]!;
        var changes = page["changes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(await HistoryTypes(page["id"]!.GetValue<Guid>()), changes);
    }

    [Theory]
    [InlineData("DateRecorded")]
    [InlineData("no_such_event")]
    public async Task a_history_refuses_a_type_it_does_not_know_and_lists_the_ones_it_does(string type)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}/history?type={type}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        var error = Assert.Single(reply.Json["errors"]!["type"]!.AsArray())!.GetValue<string>();
        Assert.Contains(type, error);
        Assert.Contains("date_recorded", error);
        Assert.Contains("record_accessioned", error);
        Assert.Contains("subjects_tagged", error);
    }

    [Fact]
    public async Task the_audit_sweep_refuses_a_type_it_does_not_know_and_lists_the_ones_it_does()
    {
        await Api.AccessionTheSeed();

        var reply = (await Api.Get("/api/audit/events?type=DateRecorded")).ShouldBe(HttpStatusCode.BadRequest);

        var error = Assert.Single(reply.Json["errors"]!["type"]!.AsArray())!.GetValue<string>();
        Assert.Contains("date_recorded", error);
        Assert.DoesNotContain("tombstone", error);
    }

    [Fact]
    public async Task a_known_type_that_never_happened_to_the_record_is_simply_absent()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var events = (await Api.Get($"/api/records/{id}/history?type=date_recorded")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        var sweep = (await Api.Get("/api/audit/events?type=date_recorded")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

        Assert.Empty(events);
        Assert.Empty(sweep);
    }

    [Fact]
    public async Task a_type_is_named_in_any_case()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var events = (await Api.Get($"/api/records/{id}/history?type=RECORD_ACCESSIONED")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        var sweep = (await Api.Get("/api/audit/events?type=Record_Accessioned")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

        Assert.Equal("record_accessioned", Assert.Single(events)!["type"]!.GetValue<string>());
        Assert.NotEmpty(sweep);
        Assert.All(sweep, e => Assert.Equal("record_accessioned", e!["type"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xml")]
    public async Task a_history_refuses_a_format_it_does_not_know_and_lists_the_ones_it_does(string format)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}/history?format={format}")).ShouldBe(HttpStatusCode.BadRequest);

        var error = Assert.Single(reply.Json["errors"]!["format"]!.AsArray())!.GetValue<string>();
        Assert.Contains(format, error);
        Assert.Contains("json, jsonl", error);
    }

    [Fact]
    public async Task a_history_asked_for_json_by_name_is_json()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Get($"/api/records/{id}/history?format=json")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("application/json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("record_accessioned", reply.Json["events"]![0]!["type"]!.GetValue<string>());
    }
}

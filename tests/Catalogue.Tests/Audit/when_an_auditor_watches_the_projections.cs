using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;
using Marten;

namespace Catalogue.Tests.Audit;

/// <summary>
/// An auditor (or an admin) asks how far each read model and the event chain's sealer have come through the events:
/// the inline read models are written with every append; the async ones, and the sealer, a moment after — and when
/// they fall behind, the auditor sees by how many events and for how long, and sees the gap close.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_auditor_watches_the_projections(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<JsonNode> Progress() => (await Service.As("auditor").Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json;

    private static JsonNode Named(JsonNode progress, string name) =>
        Assert.Single(progress["projections"]!.AsArray(), p => p!["name"]!.GetValue<string>() == name)!;

    [Fact]
    public async Task every_read_model_and_the_sealer_is_listed_with_where_it_stands()
    {
        for (var i = 0; i < 3; i++) await Api.AccessionTheSeed($"ACC-{i}");
        await Service.ProjectionsCaughtUp();
        await EventChain.WaitUntilSealedAsync(Service.Host.Services, TimeSpan.FromSeconds(30));

        var progress = await Progress();

        Assert.Equal(3, progress["lastSequence"]!.GetValue<long>());
        Assert.Equal(
            ["CatalogueRecord", "RecordFullText", "PersonAuthority", "RecordListing", "ProvenancePlacement", "RecordSearch", "RecordAccessPoints", "AuthorityName", "OaiEntry", "ReportTally", "RecordSnapshot", "event_chain_sealer"],
            progress["projections"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        var record = Named(progress, "CatalogueRecord");
        Assert.Equal("inline", record["lifecycle"]!.GetValue<string>());
        Assert.Null(record["position"]);
        Assert.True(record["caughtUp"]!.GetValue<bool>());
        var listing = Named(progress, "RecordListing");
        Assert.Equal(["projection", "async", "running"], new[] { "kind", "lifecycle", "state" }.Select(k => listing[k]!.GetValue<string>()));
        Assert.Equal(3, listing["position"]!.GetValue<long>());
        Assert.Equal(0, listing["lagEvents"]!.GetValue<long>());
        Assert.Equal(0, listing["lagSeconds"]!.GetValue<double>());
        var sealer = Named(progress, "event_chain_sealer");
        Assert.Equal("subscription", sealer["kind"]!.GetValue<string>());
        Assert.Equal(3, sealer["position"]!.GetValue<long>());
        Assert.True(sealer["caughtUp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_held_daemon_shows_the_events_waiting_and_how_long_and_then_the_lag_closes()
    {
        await Api.AccessionTheSeed("ACC-0");
        await Service.ProjectionsCaughtUp();

        JsonNode held;
        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            for (var i = 1; i <= 3; i++) await Api.AccessionTheSeed($"ACC-{i}");
            // The oldest waiting event must have waited a measurable moment.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            held = await Progress();
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }

        var listing = Named(held, "RecordListing");
        Assert.Equal(1, listing["position"]!.GetValue<long>());
        Assert.Equal(3, listing["lagEvents"]!.GetValue<long>());
        Assert.True(listing["lagSeconds"]!.GetValue<double>() >= 0.3, listing.ToJsonString());
        Assert.False(listing["caughtUp"]!.GetValue<bool>());
        Assert.NotEqual("running", listing["state"]!.GetValue<string>());
        Assert.Equal(3, Named(held, "event_chain_sealer")["lagEvents"]!.GetValue<long>());

        var caughtUp = await Eventually.Until(
            Progress, p => Named(p, "RecordListing") is var l && l["lagEvents"]!.GetValue<long>() == 0 && l["state"]!.GetValue<string>() == "running",
            "the record list to catch up once the daemon resumed");
        Assert.Equal(4, Named(caughtUp, "RecordListing")["position"]!.GetValue<long>());
        Assert.Equal(4, caughtUp["lastSequence"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("auditor", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("archivist", HttpStatusCode.Forbidden)]
    [InlineData("reader", HttpStatusCode.Forbidden)]
    public async Task it_is_for_auditors_and_admins(string role, HttpStatusCode answer) =>
        (await Service.As(role).Get("/api/projections")).ShouldBe(answer);
}

using System.Net;
using System.Xml.Linq;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Audit;

[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_auditor_sweeps_the_event_store(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Two records by the admin test client with a title revision each, and the seed imported by a named CLI user.</summary>
    private async Task<(Guid First, Guid Second, Guid Imported)> ThreeRecords()
    {
        var first = (await Api.AccessionTheSeed("ACC-1")).Id;
        var second = (await Api.AccessionTheSeed("ACC-2")).Id;
        await Api.Post($"/api/records/{first}/title", new { version = 1, title = "Revised one", reason = "typo" });
        await Api.Post($"/api/records/{second}/title", new { version = 1, title = "Revised two", reason = "typo" });

        await using var scope = Service.Host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<Catalogue.Api.Imports.ArchivePageImporter>();
        var outcome = await importer.ImportAsync(Imports.when_the_seed_page_is_imported.SeedPage,
            new ChangeContext("cli:ekaterina", "run-1", "cli import seed-117886.txt", null, "file:/data/seed-117886.txt"), CancellationToken.None);
        return (first, second, outcome.RecordId!.Value);
    }

    [Fact]
    public async Task events_across_records_come_in_global_sequence_order_a_page_at_a_time()
    {
        await ThreeRecords();

        var sequences = new List<long>();
        long? after = 0;
        var pages = 0;
        while (after is not null)
        {
            var page = (await Api.Get($"/api/audit/events?after={after}&limit=5")).ShouldBe(HttpStatusCode.OK).Json;
            sequences.AddRange(page["events"]!.AsArray().Select(e => e!["sequence"]!.GetValue<long>()));
            after = page["nextAfter"]?.GetValue<long>();
            pages++;
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Distinct().Count(), sequences.Count);
        Assert.True(pages > 2);
        Assert.Equal(sequences.Count, (await Api.Get("/api/audit/events?limit=1000")).Json["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task a_rejected_accession_leaves_nothing_in_the_sweep()
    {
        await Api.AccessionTheSeed("ACC-1");
        (await Api.Post("/api/records", Support.Catalogue.SeedAccession("ACC-1"))).ShouldBe(HttpStatusCode.Conflict);

        // The clash is found before the append: no event number is drawn, so Marten has no filler to write either.
        var events = (await Api.Get("/api/audit/events")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        var only = Assert.Single(events);
        Assert.Equal("record_accessioned", only!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_sweep_filters_by_actor_type_and_time()
    {
        var (first, second, imported) = await ThreeRecords();

        var revisions = (await Api.Get("/api/audit/events?type=title_revised")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal([first, second], revisions.Select(e => e!["recordId"]!.GetValue<Guid>()));

        var byEkaterina = (await Api.Get("/api/audit/events?actor=cli:ekaterina&limit=1000")).Json["events"]!.AsArray();
        Assert.NotEmpty(byEkaterina);
        Assert.All(byEkaterina, e => Assert.Equal(imported, e!["recordId"]!.GetValue<Guid>()));
        Assert.All(byEkaterina, e => Assert.Equal("file:/data/seed-117886.txt", e!["causationId"]!.GetValue<string>()));
        // Found from outside: an actor typed in another letter case (key:ADMIN for the key admin) found nothing.
        Assert.Equal(byEkaterina.Count, (await Api.Get("/api/audit/events?actor=CLI:Ekaterina&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Count);
        Assert.Equal(byEkaterina.Count, (await Api.Get($"/api/records/{imported}/history?actor=CLI:EKATERINA")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Count);

        var all = (await Api.Get("/api/audit/events?limit=1000")).Json["events"]!.AsArray();
        var cut = all[3]!["timestamp"]!.GetValue<DateTimeOffset>();
        var upToCut = (await Api.Get($"/api/audit/events?to={Uri.EscapeDataString(cut.ToString("O"))}&limit=1000")).Json["events"]!.AsArray();
        Assert.Equal(4, upToCut.Count);
        var fromCut = (await Api.Get($"/api/audit/events?from={Uri.EscapeDataString(cut.ToString("O"))}&limit=1000")).Json["events"]!.AsArray();
        Assert.Equal(all.Count - 3, fromCut.Count);

        // The same cut written in Kiribati's time and in Baker Island's: the same events.
        var kiribati = Uri.EscapeDataString(cut.ToOffset(TimeSpan.FromHours(14)).ToString("O"));
        var bakerIsland = Uri.EscapeDataString(cut.ToOffset(TimeSpan.FromHours(-12)).ToString("O"));
        Assert.Equal(4, (await Api.Get($"/api/audit/events?to={kiribati}&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Count);
        Assert.Equal(all.Count - 3, (await Api.Get($"/api/audit/events?from={bakerIsland}&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Count);
    }

    /// <summary>Found from outside: <c>to=2026-12-05</c> ended at the day's first moment, leaving out the day it names.</summary>
    [Fact]
    public async Task a_day_alone_bounds_a_sweep_and_a_history_by_the_whole_day_in_utc()
    {
        var (first, _, _) = await ThreeRecords();
        var all = (await Api.Get("/api/audit/events?limit=1000")).Json["events"]!.AsArray();
        var day = all[0]!["timestamp"]!.GetValue<DateTimeOffset>().UtcDateTime.Date;
        var made = all.Count(e => e!["timestamp"]!.GetValue<DateTimeOffset>().UtcDateTime.Date == day);
        string Day(int offset) => day.AddDays(offset).ToString("yyyy-MM-dd");

        Assert.Equal(made, (await Api.Get($"/api/audit/events?from={Day(0)}&to={Day(0)}&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray().Count);
        Assert.Empty((await Api.Get($"/api/audit/events?to={Day(-1)}&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray());
        Assert.Empty((await Api.Get($"/api/audit/events?from={Day(1)}&limit=1000")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray());
        var history = (await Api.Get($"/api/records/{first}/history")).Json["events"]!.AsArray();
        var historyThatDay = (await Api.Get($"/api/records/{first}/history?to={Day(0)}")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.Equal(history.Count(e => e!["timestamp"]!.GetValue<DateTimeOffset>().UtcDateTime.Date == day), historyThatDay.Count);

        // A day written in a local order is no instant: 05.12.2026 or 12/05/2026 named a day only by a guess.
        var local = (await Api.Get($"/api/audit/events?from={day:dd.MM.yyyy}")).ShouldBe(HttpStatusCode.BadRequest);
        Assert.Equal(["from"], local.ErrorFields);
        Assert.Contains("or a day alone (2026-11-28, from its start in UTC)", local.Text);
        Assert.Equal(["to"], (await Api.Get($"/api/records/{first}/history?to={day:MM/dd/yyyy}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
    }

    [Fact]
    public async Task a_record_history_filters_the_same_way()
    {
        var (first, _, _) = await ThreeRecords();

        var revisions = (await Api.Get($"/api/records/{first}/history?type=title_revised")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        var nobody = (await Api.Get($"/api/records/{first}/history?actor=someone-else")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

        Assert.Equal("Revised one", Assert.Single(revisions)!["data"]!["title"]!.GetValue<string>());
        Assert.Empty(nobody);
        Assert.StartsWith("http-request:", revisions[0]!["causationId"]!.GetValue<string>());
        (await Api.Get($"/api/records/{first}/history?from=yesterday")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_history_exports_as_json_lines_and_as_premis_with_actor_and_reason()
    {
        var (first, _, _) = await ThreeRecords();

        var lines = (await Api.Get($"/api/records/{first}/history?format=jsonl")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/x-ndjson", lines.ContentHeaders?.ContentType?.MediaType);
        var events = lines.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("typo", events[1]["reason"]!.GetValue<string>());

        var premis = (await Api.Get($"/api/records/{first}/history/premis")).ShouldBe(HttpStatusCode.OK);
        XNamespace p = "http://www.loc.gov/premis/v3";
        var xml = XDocument.Parse(premis.Text);
        var premisEvents = xml.Root!.Elements(p + "event").ToList();
        Assert.Equal(2, premisEvents.Count);
        Assert.Equal("creation", premisEvents[0].Element(p + "eventType")!.Value);
        Assert.Equal($"{first}/2", premisEvents[1].Element(p + "eventIdentifier")!.Element(p + "eventIdentifierValue")!.Value);
        Assert.Contains("reason: typo", premisEvents[1].Elements(p + "eventDetailInformation").Select(d => d.Element(p + "eventDetail")!.Value));
        Assert.Equal("key:admin-client", premisEvents[1].Element(p + "linkingAgentIdentifier")!.Element(p + "linkingAgentIdentifierValue")!.Value);
        Assert.Equal(first.ToString(), premisEvents[1].Element(p + "linkingObjectIdentifier")!.Element(p + "linkingObjectIdentifierValue")!.Value);
        Assert.NotNull(premisEvents[1].Element(p + "eventDateTime"));
        Assert.Single(xml.Root!.Elements(p + "agent"));
    }
}

using System.Net;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.History;

public sealed class when_an_auditor_reads_a_record_history(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task every_event_is_listed_in_order_with_who_when_why_and_correlation()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1), ("X-Correlation-Id", "batch-7"));
        await Api.Post($"/api/records/{id}/title", new { version = 2, title = "Memorandum of Conversation with Zhou Enlai", reason = "Title shortened per house style" });

        var history = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(3, history["version"]!.GetValue<long>());
        var events = history["events"]!.AsArray();
        Assert.Equal(["record_accessioned", "provenance_recorded", "title_revised"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e!["version"]!.GetValue<long>()));
        var sequences = events.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.All(events, e => Assert.Equal("key:admin-client", e!["actor"]!.GetValue<string>()));
        Assert.All(events, e => Assert.True(e!["timestamp"]!.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal("batch-7", events[1]!["correlationId"]!.GetValue<string>());
        Assert.Null(events[1]!["reason"]);
        Assert.Equal("Title shortened per house style", events[2]!["reason"]!.GetValue<string>());
        Assert.Equal("Memorandum of Conversation with Zhou Enlai", events[2]!["data"]!["title"]!.GetValue<string>());
        Assert.StartsWith("http POST /api/records/", events[2]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_history_of_an_unknown_record_is_not_found()
    {
        (await Api.Get($"/api/records/{Guid.NewGuid()}/history")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_correlation_id_is_echoed_to_the_client()
    {
        var reply = await Api.Post("/api/records", Support.Catalogue.SeedAccession(), ("X-Correlation-Id", "import-2026-11-28"));

        Assert.Equal("import-2026-11-28", reply.Headers.GetValues("X-Correlation-Id").Single());
    }
}

/// <summary>The actor is whoever made the change: here an import run from the command line by a named user.</summary>
public sealed class when_a_change_is_made_outside_http(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_history_names_that_actor_and_source()
    {
        await using var scope = Service.Host.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<Catalogue.Api.Imports.ArchivePageImporter>();
        var context = new Catalogue.Api.Records.Writing.ChangeContext("cli:ekaterina", "import-run-1", "cli import seed-117886.txt", Reason: null);

        var outcome = await importer.ImportAsync(Imports.when_the_seed_page_is_imported.SeedPage, context, CancellationToken.None);

        var events = (await Api.Get($"/api/records/{outcome.RecordId}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.All(events, e => Assert.Equal("cli:ekaterina", e!["actor"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("cli import seed-117886.txt", e!["source"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("import-run-1", e!["correlationId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task the_command_line_credits_the_operating_system_user_as_the_readme_says()
    {
        var file = RepositoryFiles.PathOf("tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt");
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "import", file);
        Assert.True(exit == 0, output);

        // The record list is an async read model: read it once it holds the import.
        var id = (await Service.ListedRecords()).Single()["id"]!.GetValue<Guid>();
        var events = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        Assert.All(events, e => Assert.Equal($"cli:{Environment.UserName}", e!["actor"]!.GetValue<string>()));

        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var metadata = readme[readme.IndexOf("- **Metadata.**", StringComparison.Ordinal)..];
        Assert.Contains("`cli:USER` for a change made on the command line", metadata[..metadata.IndexOf("\n- **", StringComparison.Ordinal)]);
    }
}

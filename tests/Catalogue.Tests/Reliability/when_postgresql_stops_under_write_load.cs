using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// PostgreSQL goes away for a while in the middle of a working day. Archivists get a clear "try again" instead of
/// a hang or a 500, nothing that was acknowledged is lost, and the service picks up again by itself.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_postgresql_stops_under_write_load(CatalogueService service) : CatalogueScenario(service)
{
    private sealed record Outcome(HttpStatusCode Status, bool RetryAfter, Guid? Accessioned);

    [Fact]
    public async Task acknowledged_writes_survive_refused_ones_say_retry_and_the_service_recovers_without_a_restart()
    {
        var outcomes = new ConcurrentBag<Outcome>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            var client = Service.As("archivist");
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reply = await client.Post("/api/records", new { title = $"Memorandum {writer}-{i}", accessionNumber = $"LOAD-{writer}-{i}" });
                outcomes.Add(new Outcome(reply.Status, reply.Headers.RetryAfter is not null, reply.Status == HttpStatusCode.Created ? reply.Id : null));
                if (reply.Status != HttpStatusCode.Created) await Task.Delay(50);
            }
        })).ToList();

        // Stop PostgreSQL only once writes are flowing (the first requests of a fresh host can take seconds to
        // compile their handlers on a loaded machine), and keep writing until some have gone through after it is back.
        await WaitForAcknowledgedWritesAsync(outcomes, atLeast: 8);
        await Service.StopDatabaseAsync();
        await Task.Delay(2500);
        await Service.StartDatabaseAgainAsync();
        await Service.WaitUntilReadyAsync();
        await WaitForAcknowledgedWritesAsync(outcomes, atLeast: outcomes.Count(o => o.Status == HttpStatusCode.Created) + 8);
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var all = outcomes.ToList();
        var refused = all.Where(o => o.Status != HttpStatusCode.Created).ToList();
        Assert.Contains(all, o => o.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(refused, o => Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status));
        Assert.All(refused, o => Assert.True(o.RetryAfter, "a 503 without Retry-After"));

        var acknowledged = all.Where(o => o.Accessioned is not null).Select(o => o.Accessioned!.Value).ToList();
        Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} accessions were acknowledged");
        foreach (var id in acknowledged)
        {
            (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);
        }

        var listed = await Service.ListedRecordCount();
        Assert.Equal(acknowledged.Count, listed);
        (await Service.As("archivist").Post("/api/records", new { title = "After the outage" })).ShouldBe(HttpStatusCode.Created);
    }

    private static Task WaitForAcknowledgedWritesAsync(ConcurrentBag<Outcome> outcomes, int atLeast) =>
        Eventually.Until(
            () => outcomes.Count(o => o.Status == HttpStatusCode.Created), acknowledged => acknowledged >= atLeast,
            $"{atLeast} writes to be acknowledged", TimeSpan.FromSeconds(60), describe: acknowledged => $"{acknowledged} acknowledged");

    [Fact]
    public async Task a_batch_cut_off_by_the_outage_lists_the_pages_that_went_in_and_is_finished_by_sending_it_again()
    {
        const int pages = 150;
        var batch = Enumerable.Range(1, pages).Select(i => PageBatches.Page(600000 + i)).ToArray();
        var archivist = Service.As("archivist");
        // The inline record read model is written with each page: counting it waits for no daemon, so the count keeps
        // up with a batch that imports a page every few milliseconds.
        async Task<long> RecordCount()
        {
            await using var session = Service.Host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            return await Marten.QueryableExtensions.CountAsync(session.Query<CatalogueRecord>());
        }

        var sending = archivist.PostContent(PageBatches.Route, PageBatches.Batch(batch));
        await Eventually.Until(
            RecordCount, count => count >= 10 || sending.IsCompleted, "10 pages of the batch imported, to stop PostgreSQL after them",
            TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));
        Assert.False(sending.IsCompleted, "the batch ended before the database could be stopped");
        await Service.StopDatabaseAsync();
        Reply stopped;
        try
        {
            stopped = (await sending).ShouldBe(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await Service.StartDatabaseAgainAsync();
            await Service.WaitUntilReadyAsync();
        }

        Assert.Equal("application/problem+json", stopped.ContentHeaders!.ContentType!.MediaType);
        Assert.NotNull(stopped.Headers.RetryAfter);
        var listed = stopped.Json["pages"]!.AsArray();
        Assert.InRange(listed.Count, 10, pages - 1);
        Assert.All(listed, p => Assert.Equal("created", p!["status"]!.GetValue<string>()));
        Assert.Contains($"stopped at page {listed.Count + 1}", stopped.Json["detail"]!.GetValue<string>());
        var before = await RecordCount();
        Assert.InRange(before, listed.Count, listed.Count + 1);

        var again = (await archivist.PostContent(PageBatches.Route, PageBatches.Batch(batch))).ShouldBe(HttpStatusCode.OK).Json["totals"]!;
        Assert.Equal(before, again["unchanged"]!.GetValue<int>());
        Assert.Equal(pages - before, again["created"]!.GetValue<int>());
        Assert.Equal(pages, await RecordCount());
    }

    /// <summary>
    /// The chain test keeps a catalogue of its own, on a database of its own in the shared cluster: the sealer's
    /// progress is measured from a daemon and a store that no earlier test has written to, reset or left anything in.
    /// </summary>
    [Fact]
    public async Task the_event_chain_and_the_read_models_catch_up_to_what_a_rebuild_gives()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("catalogue_chain_outage");
        var admin = catalogue.Admin;

        var first = (await admin.AccessionTheSeed("BEFORE-1")).Id;
        await Service.StopDatabaseAsync();
        (await admin.Post($"/api/records/{first}/subjects", new { version = 1, subjects = new[] { "Korea" } })).ShouldBe(HttpStatusCode.ServiceUnavailable);
        await Service.StartDatabaseAgainAsync();
        await Service.WaitUntilReadyAsync(catalogue.Anonymous);
        await Service.WaitUntilReadyAsync();

        (await admin.Post($"/api/records/{first}/subjects", new { version = 1, subjects = new[] { "Korea" } })).ShouldBe(HttpStatusCode.OK);
        await admin.AccessionTheSeed("AFTER-1");

        var verify = await WaitForIntactChainAsync(admin, catalogue.Services);
        Assert.Equal(0, verify["unsealedBacklog"]!.GetValue<long>());
        Assert.Equal(3, verify["sealedCount"]!.GetValue<long>());
        Assert.True((await admin.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json["identical"]!.GetValue<bool>());
    }

    private static async Task<JsonNode> WaitForIntactChainAsync(Support.Api auditor, IServiceProvider services)
    {
        // The daemon restarts a subscription that failed while PostgreSQL was away after its back-off; wait for it.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Reply verified;
        try
        {
            verified = await Eventually.Until(
                () => auditor.Get("/api/audit/verify"),
                reply => reply.Status == HttpStatusCode.OK && reply.Json["status"]!.GetValue<string>() == "intact" && reply.Json["unsealedBacklog"]!.GetValue<long>() == 0,
                "the sealer to catch up", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(200), reply => reply.Described);
        }
        catch (TimeoutException lagging)
        {
            throw new TimeoutException($"{lagging.Message}\n{await DescribeUnsealedAsync(services)}", lagging);
        }

        Console.WriteLine($"sealer caught up {clock.Elapsed.TotalSeconds:F1} s after the outage");
        return verified.Json;
    }

    /// <summary>What an operator would look at when the chain lags: the unsealed events, the progress rows and the daemon's agents.</summary>
    private static async Task<string> DescribeUnsealedAsync(IServiceProvider services)
    {
        var lines = new List<string>();
        foreach (var query in new[]
                 {
                     $"select seq_id, type, stream_id, version, timestamp from {EventChainSchema.Events} order by seq_id",
                     $"select name, last_seq_id, last_updated from {CatalogueSchema.Name}.mt_event_progression order by name",
                     $"select last_value, is_called from {CatalogueSchema.Name}.mt_events_sequence",
                 })
        {
            await using var command = services.GetRequiredService<NpgsqlDataSource>().CreateCommand(query);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            }

            lines.Add("--");
        }

        var daemon = services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        lines.Add($"high-water mark held by the daemon: {daemon.Tracker.HighWaterMark}, last polled at {daemon.HighWaterLastPolledAt}");
        lines.AddRange(daemon.CurrentAgents().Select(agent =>
            $"agent {agent.Name.Identity}: {agent.Status}, position {agent.Position}, paused at {agent.PausedTime}, failure {agent.Failure}"));
        return string.Join("\n", lines);
    }
}

using System.Net;
using System.Text.Json;
using Catalogue.Api.Audit;
using Catalogue.Api.History;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>
/// A record revised 249 times — titles, subjects tagged and taken off, summaries, its Russian original replaced again
/// and again — is replayed from the snapshots the daemon keeps every hundred events: what an auditor reads is what a
/// replay from the accession gives, to the byte.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_an_auditor_replays_a_long_history(CatalogueService service) : CatalogueScenario(service)
{
    private const long Versions = 250;

    private async Task<Guid> ARecordRevised249Times()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        for (var version = 1L; version < Versions; version++)
        {
            var next = version + 1;
            var (path, body) = (next % 5) switch
            {
                0 => ("title", (object)new { version, title = $"Memorandum of Conversation with Zhou Enlai, revision {next}", reason = "House style" }),
                1 => ("subjects", new { version, subjects = new[] { $"Subject {next}" } }),
                2 when next > 2 => ("subjects/removal", new { version, subjects = new[] { $"Subject {next - 1}" }, reason = "Tagged in error" }),
                2 or 3 => ("summary", new { version, summary = $"Zhou Enlai conveys Mao Zedong's wish to visit Moscow (reading {next}).", reason = "Reread against the original" }),
                _ => ("full-texts", new { version, text = $"Из дневника Н.В. Рощина, чтение {next}", language = "ru", kind = "original", reason = "A better transcription" }),
            };
            (await Api.Post($"/api/records/{id}/{path}", body)).ShouldBe(HttpStatusCode.OK);
        }

        await Service.ProjectionsCaughtUp();
        return id;
    }

    private IDocumentStore Store => Service.Host.Services.GetRequiredService<IDocumentStore>();

    private async Task<IReadOnlyList<RecordSnapshot>> SnapshotsOf(Guid id)
    {
        await using var session = Store.QuerySession();
        return await session.Query<RecordSnapshot>().Where(s => s.RecordId == id).OrderBy(s => s.Version).ToListAsync();
    }

    private async Task<IReadOnlyList<string>> WhatAnAuditorReads(Guid id, string between)
    {
        var urls = new List<string> { $"/api/records/{id}/blame", $"/api/records/{id}/diff", $"/api/records/{id}/diff?from=240", $"/api/records/{id}/diff?from=100&to=101" };
        urls.AddRange(new[] { 99, 100, 101, 150, 200, 250 }.Select(v => $"/api/records/{id}?version={v}"));
        urls.AddRange(new[] { (0, 10), (99, 101), (150, 160), (199, 250) }.Select(r => $"/api/records/{id}/diff?from={r.Item1}&to={r.Item2}"));
        urls.Add($"/api/records/{id}?asOf={Uri.EscapeDataString(between)}");
        var answers = new List<string>();
        foreach (var url in urls)
        {
            var reply = (await Api.Get(url)).ShouldBe(HttpStatusCode.OK);
            answers.Add($"{url}\n{reply.Headers.ETag}\n{reply.Text}");
        }

        return answers;
    }

    [Fact]
    public async Task the_daemon_keeps_a_snapshot_every_hundred_events_and_the_replay_from_them_reads_as_from_the_accession()
    {
        var id = await ARecordRevised249Times();
        var snapshots = await SnapshotsOf(id);
        Assert.Equal([100L, 200L], snapshots.Select(s => s.Version));
        // An instant between two events after the second snapshot: the snapshot is reached by then, the later events are not.
        var history = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        var between = history[224]!["timestamp"]!.GetValue<DateTimeOffset>().ToString("O");

        var fromSnapshots = await WhatAnAuditorReads(id, between);
        await using (var session = Store.LightweightSession())
        {
            session.DeleteWhere<RecordSnapshot>(s => s.RecordId == id);
            await session.SaveChangesAsync();
        }

        Assert.Empty(await SnapshotsOf(id));
        var fromTheAccession = await WhatAnAuditorReads(id, between);
        for (var i = 0; i < fromSnapshots.Count; i++) Assert.Equal(fromTheAccession[i], fromSnapshots[i]);
        Assert.Contains("revision 250", fromSnapshots[0]);
    }

    [Fact]
    public async Task a_snapshot_holds_the_record_as_it_stood_and_the_event_that_set_each_field()
    {
        var id = await ARecordRevised249Times();
        var events = await Service.Host.Services.GetRequiredService<RecordEventReader>().ReadAsync(id, version: 200);

        var snapshot = (await SnapshotsOf(id))[1];

        Assert.Equal(JsonSerializer.Serialize(RecordReplay.Fold(events)), JsonSerializer.Serialize(snapshot.Record));
        var blame = RecordReplay.Blame(null, events);
        Assert.Equal(blame.Select(f => (f.Path, f.Event)), snapshot.SetBy.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value)));
        Assert.Equal("title", blame.Single(f => f.Event.Version == 200).Path);
        Assert.Equal(events[^1].Timestamp, snapshot.Timestamp);
        Assert.Equal(events.Max(e => e.Timestamp), snapshot.Reached);
    }

    [Fact]
    public async Task a_snapshot_altered_by_hand_is_found_by_the_check_of_the_read_models()
    {
        var id = await ARecordRevised249Times();
        await using (var connection = new NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forge = new NpgsqlCommand(
                "update catalogue.mt_doc_recordsnapshot set data = jsonb_set(data, '{Record,Title}', '\"A forged title\"') where id = $1", connection);
            forge.Parameters.Add(new NpgsqlParameter { Value = RecordSnapshot.IdFor(id, 200) });
            Assert.Equal(1, await forge.ExecuteNonQueryAsync());
        }

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(check["identical"]!.GetValue<bool>());
        var difference = Assert.Single(check["differences"]!.AsArray());
        Assert.Equal("RecordSnapshot", difference!["readModel"]!.GetValue<string>());
        Assert.Equal(RecordSnapshot.IdFor(id, 200), difference["documentId"]!.GetValue<string>());
        Assert.Contains("A forged title", difference["live"]!.GetValue<string>());
    }
}

using System.Net;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// A hundred archivists tag the same record at the same moment, each against the version they read. Optimistic
/// concurrency lets exactly one command per version through; everyone else hears 409 with the version the record is
/// now at, and the history holds exactly what was accepted — nothing lost, nothing doubled, no gaps.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_a_hundred_archivists_edit_one_record_at_once(CatalogueService service) : CatalogueScenario(service)
{
    private const int Archivists = 100;
    private const int Clients = 8;

    /// <summary>
    /// A hundred requests at once open up to a hundred pooled connections that would stay idle for minutes and leave
    /// the shared PostgreSQL "too many clients" for the tests (and processes) that come next: close them.
    /// </summary>
    public override Task DisposeAsync()
    {
        foreach (var dataSource in Service.Host.Services.GetServices<Npgsql.NpgsqlDataSource>()) dataSource.Clear();
        Npgsql.NpgsqlConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    private static string SubjectOf(int archivist) => $"Subject of archivist {archivist:D3}";

    /// <summary>
    /// How an archivist's client meets an overloaded service: a 503 comes with Retry-After, and the client sends the
    /// same request again after a pause. A command goes under an Idempotency-Key, so that a retry of one whose answer
    /// was lost is never applied twice. (On a heavily loaded 2-core machine a hundred requests at once can outlast the
    /// database time limits: a wait for one of the pool's connections, or a command.)
    /// </summary>
    private static async Task<Reply> Patiently(Func<Task<Reply>> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await send();
            if (reply.Status != HttpStatusCode.ServiceUnavailable || attempt == 20) return reply;
            Assert.True(reply.Headers.RetryAfter is not null, $"a 503 without Retry-After: {reply.Described}");
            await Task.Delay(Random.Shared.Next(100, 500));
        }
    }

    /// <summary>Several HttpClients from the shared host, handed out round robin, as separate workstations would be.</summary>
    private Support.Api[] Workstations() => [.. Enumerable.Range(0, Clients).Select(_ => Service.As("archivist"))];

    private async Task<IReadOnlyList<(long Version, string Type, IReadOnlyList<string> Subjects)>> History(Guid id)
    {
        var events = (await Api.Get($"/api/records/{id}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();
        return
        [
            .. events.Select(e => (
                e!["version"]!.GetValue<long>(),
                e["type"]!.GetValue<string>(),
                (IReadOnlyList<string>)(e["data"]?["subjects"]?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? []))),
        ];
    }

    private async Task<IReadOnlyList<string>> SubjectsOf(Guid id) =>
        [.. (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["subjects"]!.AsArray().Select(s => s!.GetValue<string>())];

    [Fact]
    public async Task exactly_one_command_per_version_is_accepted_and_the_others_hear_the_current_version()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var clients = Workstations();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var sends = Enumerable.Range(0, Archivists).Select(async i =>
        {
            await start.Task;
            var reply = await Patiently(() => clients[i % Clients].Post(
                $"/api/records/{id}/subjects", new { subjects = new[] { SubjectOf(i) } }, ("If-Match", "\"1\""), ("Idempotency-Key", $"archivist-{i}")));
            return (Archivist: i, Reply: reply);
        }).ToList();
        start.SetResult();
        var replies = await Task.WhenAll(sends);

        var unexpected = replies.Where(r => r.Reply.Status is not (HttpStatusCode.OK or HttpStatusCode.Conflict)).ToList();
        Assert.True(unexpected.Count == 0,
            $"{unexpected.Count} answers were neither 200 nor 409: {string.Join("; ", unexpected.Take(3).Select(u => u.Reply.Described))}");

        var accepted = replies.Where(r => r.Reply.Status == HttpStatusCode.OK).ToList();
        var accepted1 = Assert.Single(accepted);
        Assert.Equal(2, accepted1.Reply.Version);

        var current = await Api.CurrentVersion(id);
        Assert.Equal(2, current);
        foreach (var (_, conflict) in replies.Where(r => r.Reply.Status == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", conflict.ContentHeaders?.ContentType?.MediaType);
            Assert.Equal(current, conflict.Json["currentVersion"]!.GetValue<long>());
            Assert.Contains($"now at version {current}", conflict.Json["detail"]!.GetValue<string>());
        }

        var history = await History(id);
        Assert.Equal(Enumerable.Range(1, 1 + accepted.Count).Select(v => (long)v), history.Select(e => e.Version));
        var tagged = history.Where(e => e.Type == "subjects_tagged").ToList();
        Assert.Equal(accepted.Count, tagged.Count);
        Assert.Equal([SubjectOf(accepted1.Archivist)], tagged.SelectMany(e => e.Subjects));
        Assert.Equal([SubjectOf(accepted1.Archivist)], await SubjectsOf(id));
    }

    [Fact]
    public async Task archivists_who_retry_on_conflict_all_get_their_subject_in_exactly_once()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        var clients = Workstations();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);

        var sends = Enumerable.Range(0, Archivists).Select(async i =>
        {
            var client = clients[i % Clients];
            var random = new Random(i);
            await start.Task;
            for (var attempt = 1; ; attempt++)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, $"archivist {i} still not accepted after {attempt} attempts");
                var read = (await Patiently(() => client.Get($"/api/records/{id}"))).ShouldBe(HttpStatusCode.OK);
                var reply = await Patiently(() => client.Post(
                    $"/api/records/{id}/subjects", new { subjects = new[] { SubjectOf(i) } }, ("If-Match", read.ETag!), ("Idempotency-Key", $"archivist-{i}-attempt-{attempt}")));
                if (reply.Status == HttpStatusCode.OK) return (Archivist: i, Version: reply.Version, Attempts: attempt);
                reply.ShouldBe(HttpStatusCode.Conflict);
                Assert.True(reply.Json["currentVersion"]!.GetValue<long>() > long.Parse(read.ETag!.Trim('"')), $"a 409 must name a newer version than {read.ETag}: {reply.Text}");
                // Back off a little, more the more often we lost, so a hundred clients do not all stampede at once.
                await Task.Delay(random.Next(0, Math.Min(50, 2 * attempt)));
            }
        }).ToList();
        start.SetResult();
        var accepted = await Task.WhenAll(sends);

        // Every accepted command got its own version, and together they are 2..101.
        Assert.Equal(Enumerable.Range(2, Archivists).Select(v => (long)v), accepted.Select(a => a.Version).Order());

        var history = await History(id);
        Assert.Equal(Enumerable.Range(1, 1 + Archivists).Select(v => (long)v), history.Select(e => e.Version));
        var tagged = history.Where(e => e.Type == "subjects_tagged").ToList();
        Assert.Equal(Archivists, tagged.Count);
        var taggedSubjects = tagged.SelectMany(e => e.Subjects).ToList();
        Assert.Equal(Archivists, taggedSubjects.Count);
        Assert.Equal(Enumerable.Range(0, Archivists).Select(SubjectOf).Order(), taggedSubjects.Order());

        // The version each archivist was told is the version of the event carrying their subject.
        foreach (var (archivist, version, _) in accepted)
            Assert.Equal([SubjectOf(archivist)], history.Single(e => e.Version == version).Subjects);

        var subjects = await SubjectsOf(id);
        Assert.Equal(Enumerable.Range(0, Archivists).Select(SubjectOf).Order(), subjects.Order());
    }
}

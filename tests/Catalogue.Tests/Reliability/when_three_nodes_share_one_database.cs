using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Records.Writing.Idempotency;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// An institution runs the catalogue on three nodes behind a load balancer, all on one PostgreSQL. Archivists write
/// through all three; the node that runs the event chain's sealer (and the async read models it holds beside it) dies
/// mid-load. Nothing acknowledged is lost, the other nodes take its work over, each projection on one node only, and
/// the read models and the chain come out as a rebuild and a verification say they must.
/// </summary>
[Collection(SeparateProcessesCollection.Name)]
public sealed class when_three_nodes_share_one_database(SeparateProcessesCluster postgres)
{
    private const string Key = "three-nodes-operator-key";

    /// <summary>How long the surviving nodes may take to notice the daemon's node is gone and take its work over.</summary>
    private static readonly TimeSpan TakeOverWithin = TimeSpan.FromSeconds(60);

    /// <summary>Each node trusts a key it looked up for this long: a key revoked on another node is refused once it has passed.</summary>
    private const int KeyTrustedSeconds = 2;

    private static readonly Dictionary<string, string> Settings = new() { ["Catalogue__Security__KeyCacheSeconds"] = $"{KeyTrustedSeconds}" };

    private static Support.Api ClientOf(ServiceProcess node) => new(new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) }, Key);

    [Fact]
    public async Task the_node_running_the_sealer_dies_mid_load_and_the_others_take_its_work_over_losing_nothing()
    {
        var database = await postgres.NewDatabaseAsync("catalogue_nodes");
        // The first node creates the schema; the other two start on it, as nodes added to a running catalogue do.
        var nodes = new List<ServiceProcess> { await CatalogueCli.StartServiceAsync(database, Key, Settings) };
        nodes.AddRange(await Task.WhenAll(CatalogueCli.StartServiceAsync(database, Key, Settings), CatalogueCli.StartServiceAsync(database, Key, Settings)));
        try
        {
            var apis = nodes.Select(ClientOf).ToList();
            // The node that runs the event chain's sealer is killed (with whatever projections it runs beside it).
            var sealerNode = (await WhereTheDaemonWorkRunsAsync(apis, TakeOverWithin))[EventSealer.SubscriptionName];
            var sentTwice = await ARetryAnsweredByAnotherNodeIsTheFirstAnswerAsync(apis);
            await AKeyRevokedOnOneNodeIsRefusedByAnotherAsync(nodes, apis);

            var acknowledged = new ConcurrentBag<Guid>();
            var refused = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            var writers = apis.Select((api, node) => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    Reply reply;
                    try
                    {
                        reply = await api.Post("/api/records", new { title = $"Memorandum of conversation, node {node}, #{i}" });
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The node is gone: its writer stops, as a load balancer would stop sending to it.
                        return;
                    }

                    if (reply.Status == HttpStatusCode.Created) acknowledged.Add(reply.Id);
                    else refused.Add(reply.Described);
                }
            })).ToList();

            await AcknowledgedAsync(acknowledged, 30);
            await nodes[sealerNode].KillAsync();
            var killed = Stopwatch.StartNew();
            await AcknowledgedAsync(acknowledged, acknowledged.Count + 30);
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            Assert.Empty(refused);

            var survivors = apis.Where((_, node) => node != sealerNode).ToList();
            var takenOver = await WhereTheDaemonWorkRunsAsync(survivors, TakeOverWithin);
            Console.WriteLine($"three nodes: node {sealerNode} killed; {killed.Elapsed.TotalSeconds:F1} s later: {string.Join(", ", takenOver.Select(t => $"{t.Key} on survivor {t.Value}"))}");

            // Every acknowledged accession is there, read through either survivor. A command the dead node had committed
            // but not yet answered may be there too: it was never acknowledged, so it is not counted as lost or as extra.
            var listed = (await Support.Catalogue.ListedRecords(survivors[0])).Select(r => r["id"]!.GetValue<Guid>()).ToHashSet();
            Assert.DoesNotContain(acknowledged.Append(sentTwice), id => !listed.Contains(id));
            Assert.InRange(listed.Count, acknowledged.Count + 1, acknowledged.Count + 2);
            foreach (var id in acknowledged.Take(20)) (await survivors[1].Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);

            // The chain is sealed to the last event, intact; the read models equal what the events give.
            var chain = await Eventually.Until(
                () => survivors[0].Get("/api/audit/verify"),
                reply => reply.Status == HttpStatusCode.OK && reply.Json["unsealedBacklog"]!.GetValue<long>() == 0,
                "the chain to be sealed to the last event", TakeOverWithin, TimeSpan.FromMilliseconds(200), reply => reply.Described);
            Assert.Equal("intact", chain.Json["status"]!.GetValue<string>());
            Assert.Equal(listed.Count, chain.Json["sealedCount"]!.GetValue<long>());
            var check = (await survivors[1].Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
            Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        }
        finally
        {
            foreach (var node in nodes) node.Dispose();
        }
    }

    /// <summary>
    /// A client whose answer was lost sends its command again, and the load balancer hands it to another node: the
    /// Idempotency-Key is kept in the shared database, so the other node answers what the first did.
    /// </summary>
    /// <returns>The record accessioned.</returns>
    private static async Task<Guid> ARetryAnsweredByAnotherNodeIsTheFirstAnswerAsync(IReadOnlyList<Support.Api> nodes)
    {
        (string, string) key = (IdempotencyKeys.Header, $"three-nodes-{Guid.NewGuid():N}");
        var body = new { title = "Memorandum of conversation sent twice" };
        var first = (await nodes[0].Post("/api/records", body, key)).ShouldBe(HttpStatusCode.Created);
        var retry = (await nodes[2].Post("/api/records", body, key)).ShouldBe(HttpStatusCode.Created);
        Assert.Equal(first.Text, retry.Text);
        Assert.Equal("true", retry.Headers.GetValues(CommandReply.ReplayedHeader).Single());
        Assert.Equal(1, await nodes[1].EventCount(first.Id));
        return first.Id;
    }

    /// <summary>
    /// Keys live in the shared database: one issued through a node opens every node, and one revoked through a node is
    /// refused by the others once they stop trusting what they last looked up (<see cref="KeyTrustedSeconds"/>).
    /// </summary>
    private static async Task AKeyRevokedOnOneNodeIsRefusedByAnotherAsync(IReadOnlyList<ServiceProcess> nodes, IReadOnlyList<Support.Api> apis)
    {
        var issued = (await apis[0].Post("/api/keys", new { name = "three-nodes-reader", role = "reader" })).ShouldBe(HttpStatusCode.Created).Json["key"]!.GetValue<string>();
        var reader = new Support.Api(new HttpClient { BaseAddress = nodes[1].Address }, issued);
        (await reader.Get("/api/records")).ShouldBe(HttpStatusCode.OK);
        (await apis[2].Post("/api/keys/three-nodes-reader/revoke", new { })).ShouldBe(HttpStatusCode.NoContent);
        await Eventually.Until(
            () => reader.Get("/api/records"), reply => reply.Status == HttpStatusCode.Unauthorized, "the revoked key to be refused by another node",
            TimeSpan.FromSeconds(KeyTrustedSeconds + 10), TimeSpan.FromMilliseconds(100), reply => reply.Described);
    }

    private static Task AcknowledgedAsync(ConcurrentBag<Guid> acknowledged, int atLeast) =>
        Eventually.Until(
            () => acknowledged.Count, count => count >= atLeast, $"{atLeast} accessions acknowledged", TimeSpan.FromSeconds(90),
            describe: count => $"{count} acknowledged");

    /// <summary>
    /// Which node runs each async projection and subscription, as <c>GET /api/projections</c> on each node says, once
    /// every one of them runs on exactly one node. Marten's daemon (HotCold) holds an advisory lock per projection, so
    /// different nodes may run different projections; no projection may ever run on two.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, int>> WhereTheDaemonWorkRunsAsync(IReadOnlyList<Support.Api> nodes, TimeSpan within)
    {
        async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> States()
        {
            var states = new List<IReadOnlyDictionary<string, string>>();
            foreach (var node in nodes)
            {
                var reply = (await node.Get("/api/projections")).ShouldBe(HttpStatusCode.OK);
                states.Add(reply.Json["projections"]!.AsArray().Where(p => p!["lifecycle"]!.GetValue<string>() == "async")
                    .ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!["state"]!.GetValue<string>()));
            }

            var shards = states.SelectMany(s => s.Keys).Distinct();
            foreach (var shard in shards)
            {
                var running = Enumerable.Range(0, nodes.Count).Where(node => states[node].GetValueOrDefault(shard) == "running").ToList();
                Assert.True(running.Count <= 1, $"{shard} runs on nodes {string.Join(" and ", running)} at once");
            }

            return states;
        }

        static bool EachOnOne(IReadOnlyList<IReadOnlyDictionary<string, string>> states) =>
            states[0].Keys.All(shard => states.Count(s => s.GetValueOrDefault(shard) == "running") == 1);
        var seen = await Eventually.Until(States, EachOnOne, "every async projection and subscription to run on one node", within, TimeSpan.FromMilliseconds(250),
            states => string.Join("\n", states.Select((s, node) => $"node {node}: {string.Join(", ", s.Select(p => $"{p.Key} {p.Value}"))}")));
        return seen[0].Keys.ToDictionary(shard => shard, shard => Enumerable.Range(0, nodes.Count).Single(node => seen[node][shard] == "running"));
    }
}

using System.Net;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// Found from outside: four auditors verifying a chain of 1.38 million events at once each walked it, a connection and
/// a snapshot apiece, and each waited 160 s where one alone waits 41 s. Those who ask while a walk runs share it.
/// </summary>
public sealed class when_auditors_verify_the_whole_chain_at_once(CatalogueService service) : EventChainScenario(service)
{
    private static ChainVerification Intact(long head) => new("intact", "chain", null, head, head, "00", 0, 0, 0, null);

    [Fact]
    public async Task those_who_ask_while_a_walk_runs_are_answered_by_it()
    {
        var walks = new List<TaskCompletionSource<ChainVerification>>();
        var shared = new SharedVerification(_ =>
        {
            var walk = new TaskCompletionSource<ChainVerification>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (walks) walks.Add(walk);
            return walk.Task;
        });

        var first = shared.VerifyAsync(CancellationToken.None);
        var second = shared.VerifyAsync(CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(walks.Count), count => count == 1, "the walk to begin");
        walks[0].SetResult(Intact(12));

        Assert.Same(await first, await second);
        Assert.Single(walks);

        // Asked once that walk has answered, the chain is walked again: the answer covers what was appended since.
        var later = shared.VerifyAsync(CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(walks.Count), count => count == 2, "a second walk to begin");
        walks[1].SetResult(Intact(14));
        Assert.Equal(14, (await later).HeadSeq);
    }

    [Fact]
    public async Task the_walk_goes_on_while_anyone_waits_for_it_and_stops_when_nobody_does()
    {
        var stopped = new List<CancellationToken>();
        var walk = new TaskCompletionSource<ChainVerification>(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = new SharedVerification(stop =>
        {
            lock (stopped) stopped.Add(stop);
            return walk.Task.WaitAsync(stop);
        });
        using var leaves = new CancellationTokenSource();
        using var leavesToo = new CancellationTokenSource();

        var goneEarly = shared.VerifyAsync(leaves.Token);
        var stays = shared.VerifyAsync(leavesToo.Token);
        await Eventually.Until(() => Task.FromResult(stopped.Count), count => count == 1, "the walk to begin");
        await leaves.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => goneEarly);
        Assert.False(stopped[0].IsCancellationRequested);

        await leavesToo.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stays);
        Assert.True(stopped[0].IsCancellationRequested);
    }

    [Fact]
    public async Task auditors_asking_at_once_are_each_told_the_chain_is_intact()
    {
        await ARecordWithHistory();
        await AllEventsSealed();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Api.Get("/api/audit/verify")));

        Assert.All(answers, answer => Assert.Equal("intact", answer.ShouldBe(HttpStatusCode.OK).Json["status"]!.GetValue<string>()));
    }
}

using Catalogue.Api.Audit;
using Catalogue.Api.Records;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Catalogue.Api.Reports;

/// <summary>
/// Keeps the reports' counts (<see cref="ReportTally"/>) and, beside them, what each record counts toward
/// (<see cref="RecordReportFacts"/>): one read model, run by the async daemon. A custom projection rather than a
/// multi-stream one, because a count moves by difference: when a correction moves a record from one translator, funder
/// or fond to another, the count it leaves must lose it, and only the record's previous facts say which that was.
/// </summary>
/// <remarks>
/// Taking the difference from the stored facts is safe because the daemon runs this projection on one node at a time
/// (HotCold), and hands it the events in their order a range at a time, each range's changes committed (with the
/// projection's progress) before the next range is applied: the facts and counts it loads are always those the events
/// before the range left. Within a range, a record's facts are folded in memory from event to event, and only the
/// difference between where the record started and where it ended is counted.
/// </remarks>
public sealed class ReportTallyProjection : ProjectionWrapper<IDocumentOperations, IQuerySession>, StreamFolds.IBuiltInOnePass
{
    public ReportTallyProjection()
        : base(new ReportCounting(), ProjectionLifecycle.Async)
    {
        RegisterPublishedType(typeof(ReportTally));
        RegisterPublishedType(typeof(RecordReportFacts));
        // A rebuild starts from no counts and no facts: neither table is to keep anything an earlier run left.
        Options.DeleteViewTypeOnTeardown<ReportTally>();
        Options.DeleteViewTypeOnTeardown<RecordReportFacts>();
    }

    /// <summary>What a record counts toward after <paramref name="events"/> of its stream, from what it counted toward before (null: nothing).</summary>
    private static RecordReportFacts? FactsAfter(RecordReportFacts? before, IEnumerable<IEvent> events)
    {
        var facts = before;
        foreach (var e in events)
        {
            if (e.Data is not IRecordEvent) continue;
            facts = RecordEvolution.Apply(facts?.AsRecord(), e.Data, e.Version) is { } record ? RecordReportFacts.Of(record) : null;
        }

        return facts;
    }

    /// <summary>
    /// The read model built in a rebuild's one pass over the events (<see cref="StreamFolds"/>): each record's facts from
    /// its whole stream, and the counts from every record's facts once the pass has seen them all — what the daemon's
    /// counting by difference arrives at from no counts and no facts, without loading and storing the counts range after range.
    /// </summary>
    public StreamFolds.IPassFold InOnePass() => new CountingInOnePass();

    private sealed class CountingInOnePass : StreamFolds.IPassFold
    {
        private readonly Dictionary<ReportKey, ReportTally> _tallies = [];

        public ValueTask FoldAsync(IDocumentSession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
        {
            if (FactsAfter(null, events) is { } facts)
            {
                documents.Add(facts);
                foreach (var key in facts.CountsToward()) _tallies[key] = (_tallies.GetValueOrDefault(key) ?? ReportTally.Empty(key)).Add(facts.Status, 1);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask RefoldAsync(
            IDocumentSession session, Guid stream, IReadOnlyList<IEvent> folded, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
        {
            // What the record counted toward when it was folded is taken off before what it counts toward now is added.
            if (FactsAfter(null, folded) is { } before)
            {
                foreach (var key in before.CountsToward()) _tallies[key] = _tallies[key].Add(before.Status, -1);
            }

            return FoldAsync(session, stream, events, documents, ct);
        }

        public IReadOnlyList<Type> MadeOfEveryStream => [typeof(ReportTally)];

        // A count a refolded record left at nothing is no document, as the daemon deletes it.
        public IEnumerable<object> Finish() => _tallies.Values.Where(t => t.AllRecords() > 0);
    }

    private sealed class ReportCounting : IProjection
    {
        public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
        {
            // Only a record's own events change what it counts toward (the daemon also passes Marten's gap fillers).
            var recordEvents = events.Where(e => e.Data is IRecordEvent).ToList();
            if (recordEvents.Count == 0) return;

            var ids = recordEvents.Select(e => e.StreamId).Distinct().ToArray();
            var before = (await operations.LoadManyAsync<RecordReportFacts>(cancellation, ids)).ToDictionary(f => f.Id);
            var after = recordEvents.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => FactsAfter(before.GetValueOrDefault(g.Key), g));

            var differences = new Dictionary<(ReportKey Key, string Status), long>();
            foreach (var id in ids)
            {
                if (before.GetValueOrDefault(id) is { } was)
                {
                    foreach (var key in was.CountsToward()) differences[(key, was.Status)] = differences.GetValueOrDefault((key, was.Status)) - 1;
                }

                if (after[id] is { } now)
                {
                    foreach (var key in now.CountsToward()) differences[(key, now.Status)] = differences.GetValueOrDefault((key, now.Status)) + 1;
                    operations.Store(now);
                }
                else if (before.ContainsKey(id))
                {
                    operations.Delete<RecordReportFacts>(id);
                }
            }

            var changed = differences.Where(d => d.Value != 0).GroupBy(d => d.Key.Key).ToList();
            if (changed.Count == 0) return;
            var tallies = (await operations.LoadManyAsync<ReportTally>(cancellation, [.. changed.Select(c => c.Key.Id)])).ToDictionary(t => t.Id);
            foreach (var line in changed)
            {
                var tally = tallies.GetValueOrDefault(line.Key.Id) ?? ReportTally.Empty(line.Key);
                foreach (var ((_, status), records) in line) tally = tally.Add(status, records);
                // Counts below zero mean the facts and the counts disagree: stop here (the daemon pauses the projection
                // and GET /api/projections shows it behind) rather than go on counting wrong.
                if (tally.Draft < 0 || tally.Published < 0 || tally.Withdrawn < 0)
                    throw new InvalidOperationException($"The {line.Key.Report} count {tally.Id} would fall below zero; rebuild the ReportTally read model.");
                if (tally.AllRecords() == 0)
                    operations.Delete<ReportTally>(tally.Id);
                else
                    operations.Store(tally);
            }
        }
    }
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Generation;

/// <summary>What a generation wrote.</summary>
public sealed record GenerationResult(int Records, long Events, long FullTextCharacters);

/// <summary>
/// Writes a generated catalogue through <see cref="RecordWriter"/>, the one write path: each batch of records is started
/// in one transaction (their accession and description), then each later change of theirs — a correction, the
/// publication, a withdrawal — in one transaction per kind of change and reason, in the order of a record's life. A few
/// writers work at once, each on its own batch. Accession numbers and times are handed out in the records' order, so
/// the catalogue lists them in that order however the writers interleave.
/// </summary>
public sealed class CatalogueGenerator(IServiceScopeFactory scopes, AccessionNumbers accessionNumbers, TimeProvider clock)
{
    private const int BatchSize = GeneratedCatalogue.SessionSize;

    /// <summary>How many records one writer writes at a time, their life's changes after their accessions.</summary>
    public const int RecordsInABatch = BatchSize;

    /// <param name="progress">Called with the number of records a batch finished, from the writers' threads.</param>
    public async Task<GenerationResult> RunAsync(int records, int seed, int writers, ChangeContext context, Action<int> progress, CancellationToken ct)
    {
        var handOut = new HandOut(records, accessionNumbers, clock);
        long events = 0, characters = 0;

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, writers)).Select(_ => Task.Run(async () =>
        {
            while (await handOut.NextAsync(ct) is { } batch)
            {
                var (written, text) = await WriteAsync(batch, seed, context, ct);
                Interlocked.Add(ref events, written);
                Interlocked.Add(ref characters, text);
                progress(batch.Count);
            }
        }, ct)));

        return new GenerationResult(records, events, characters);
    }

    private async Task<(long Events, long Characters)> WriteAsync(Batch batch, int seed, ChangeContext context, CancellationToken ct)
    {
        var plans = Enumerable.Range(batch.First, batch.Count).Select(index => GeneratedCatalogue.Record(seed, index)).ToArray();
        var records = new CatalogueRecord[plans.Length];
        var starts = new RecordStart[plans.Length];
        long events = 0, characters = 0;
        for (var i = 0; i < plans.Length; i++)
        {
            var at = batch.AccessionedAt[i];
            var (started, record) = plans[i].Start(Guid.CreateVersion7(at), batch.AccessionNumbers[i], at);
            starts[i] = new RecordStart(record.Id, started);
            records[i] = record;
            events += started.Count;
            characters += record.FullTexts.Sum(t => (long)t.Characters);
        }

        await InScopeAsync(writer => writer.TryStart(context, starts, ct), $"records {batch.First}-{batch.First + batch.Count - 1}");

        foreach (var kind in Enum.GetValues<ChangeKind>().Where(k => k != ChangeKind.Description))
        {
            var due = plans.Select((plan, i) => (Change: plan.Changes.FirstOrDefault(c => c.Kind == kind), At: i)).Where(d => d.Change is not null);
            foreach (var sameReason in due.GroupBy(d => d.Change!.Reason))
            {
                var changes = new List<RecordChange>();
                foreach (var (change, at) in sameReason)
                {
                    var (appended, record) = GeneratedRecord.Decide(change!, records[at]);
                    if (appended.Count == 0) continue;
                    changes.Add(new RecordChange(records[at], appended));
                    records[at] = record;
                    events += appended.Count;
                }

                if (changes.Count == 0) continue;
                await InScopeAsync(writer => writer.TryAppend(context.WithReason(sameReason.Key), changes, ct), $"{kind} of records {batch.First}-{batch.First + batch.Count - 1}");
            }
        }

        return (events, characters);
    }

    /// <summary>Each transaction in a scope, so a session, of its own: a session keeps the headers and reason it was given.</summary>
    private async Task InScopeAsync(Func<RecordWriter, Task<Microsoft.AspNetCore.Mvc.ProblemDetails?>> write, string what)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await write(scope.ServiceProvider.GetRequiredService<RecordWriter>()) is { } problem)
        {
            throw new InvalidOperationException($"The generated {what} could not be written: {problem.Title}: {problem.Detail}");
        }
    }

    private sealed record Batch(int First, int Count, IReadOnlyList<string> AccessionNumbers, IReadOnlyList<DateTimeOffset> AccessionedAt);

    /// <summary>
    /// Hands the writers their batches in the records' order, each with its accession numbers and times: ascending, and
    /// the times at least a microsecond apart (what PostgreSQL keeps of them), so that newest-first is the records' order reversed.
    /// </summary>
    private sealed class HandOut(int records, AccessionNumbers numbers, TimeProvider clock)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private int _next;
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public async Task<Batch?> NextAsync(CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            try
            {
                if (_next >= records) return null;
                var first = _next;
                var count = Math.Min(BatchSize, records - first);
                _next += count;

                var now = clock.GetUtcNow();
                var accessionNumbers = await numbers.NextAsync(now, count, ct);
                var times = new DateTimeOffset[count];
                for (var i = 0; i < count; i++)
                {
                    var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
                    _last = times[i] = at > _last ? at : _last.AddTicks(TimeSpan.TicksPerMicrosecond);
                }

                return new Batch(first, count, accessionNumbers, times);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}

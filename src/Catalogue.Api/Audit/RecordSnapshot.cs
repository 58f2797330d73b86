using Catalogue.Api.History;
using Catalogue.Api.Records;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Catalogue.Api.Audit;

/// <summary>
/// A record as it stood after every <see cref="Every"/>th event of its stream, with the event that set each of its
/// fields: where a replay of a long history starts — the record as of a version or an instant, a diff, blame — instead
/// of at the accession. A record of 1,000 events is then replayed from at most <see cref="Every"/> − 1 events.
/// </summary>
/// <remarks>
/// Derived from the events like every read model, rebuilt and checked with them; the events stay the evidence. A
/// snapshot is only ever used for versions after its own, so one the daemon has not written yet only costs the events
/// before it to be replayed again.
/// </remarks>
/// <param name="Timestamp">When the event at <see cref="Version"/> was appended.</param>
/// <param name="Reached">The latest timestamp of the events up to <see cref="Version"/>: an instant at or after it has all of them behind it.</param>
/// <param name="SetBy">For each field the record has (<see cref="RecordFields"/> paths), the last event that changed it.</param>
public sealed record RecordSnapshot(
    string Id, Guid RecordId, long Version, DateTimeOffset Timestamp, DateTimeOffset Reached, CatalogueRecord Record, IReadOnlyDictionary<string, ChangeOrigin> SetBy)
{
    public const int Every = 100;

    public const string Table = CatalogueSchema.Name + ".mt_doc_recordsnapshot";

    /// <summary>
    /// How this version addresses the fields <see cref="SetBy"/> is keyed by (<see cref="RecordFields"/>): a snapshot an
    /// earlier version wrote may address a list's entries by place where this one addresses them by key.
    /// </summary>
    public const string FieldsAddressed = "record snapshots: list entries addressed by key (people by name and role, identifiers by scheme and value, subjects and places by word; commas, equals signs and brackets escaped within a key)";

    /// <summary>Ordered as the versions are within a record, so the latest snapshot up to a version is one index lookup.</summary>
    public static string IdFor(Guid recordId, long version) => $"{recordId:N}/{version:D19}";

    /// <summary>The record's latest snapshot at or before <paramref name="version"/> (and reached by <paramref name="instant"/>), if any.</summary>
    public static async Task<RecordSnapshot?> LatestAsync(IQuerySession session, Guid recordId, long? version, CancellationToken ct)
    {
        // The first snapshot is at version Every: an earlier version is not worth the query.
        if (version < Every) return null;
        var latest = (await session.QueryAsync<RecordSnapshot>("where id >= ? and id <= ? order by id desc limit 1", ct, IdFor(recordId, 0), IdFor(recordId, version ?? long.MaxValue))).FirstOrDefault();
        // One an earlier version addressed otherwise tells no origin for some fields: the replay starts at the accession
        // instead, until the snapshots are rebuilt (AuditRegistration).
        return latest is not null && RecordFields.Flatten(latest.Record).Keys.All(latest.SetBy.ContainsKey) ? latest : null;
    }
}

/// <summary>Writes a record's <see cref="RecordSnapshot"/> each time its stream reaches a multiple of <see cref="RecordSnapshot.Every"/> events; run by the async daemon.</summary>
public sealed class RecordSnapshotProjection : ProjectionWrapper<IDocumentOperations, IQuerySession>, StreamFolds.IBuiltInOnePass
{
    public RecordSnapshotProjection()
        : base(new Snapshotting(), ProjectionLifecycle.Async)
    {
        RegisterPublishedType(typeof(RecordSnapshot));
        Options.DeleteViewTypeOnTeardown<RecordSnapshot>();
    }

    /// <summary>In a rebuild's one pass, each stream's snapshots from its whole stream, as the daemon makes them range by range.</summary>
    public StreamFolds.IPassFold InOnePass() => StreamFolds.Applied(new Snapshotting().ApplyAsync);

    private sealed class Snapshotting : IProjection
    {
        public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
        {
            // Most ranges reach no multiple: they cost this one pass over the events.
            var due = events.Where(e => e.Version % RecordSnapshot.Every == 0 && e.Data is IRecordEvent).ToList();
            foreach (var stream in due.GroupBy(e => e.StreamId))
            {
                var inRange = events.Where(e => e.StreamId == stream.Key).Select(RecordEvent.Of).ToList();
                RecordSnapshot? last = null;
                foreach (var version in stream.Select(e => e.Version).Order())
                {
                    // The previous one is stored by this range or committed before it; without one, the stream is replayed from its start.
                    var start = last ?? await RecordSnapshot.LatestAsync(operations, stream.Key, version - 1, cancellation);
                    var after = start?.Version ?? 0;
                    var given = inRange.Where(e => e.Version > after && e.Version <= version).ToList();
                    var firstGiven = given.Count == 0 ? version + 1 : given[0].Version;
                    var earlier = firstGiven > after + 1
                        ? await operations.Events.FetchStreamAsync(stream.Key, version: firstGiven - 1, fromVersion: after + 1, token: cancellation)
                        : [];
                    var snapshot = RecordReplay.Snapshot(start, [.. earlier.Select(RecordEvent.Of), .. given]);
                    // A stream that leaves no record (not a record's) has nothing to start a replay from.
                    if (snapshot?.Version != version) break;
                    operations.Store(snapshot);
                    last = snapshot;
                }
            }
        }
    }
}

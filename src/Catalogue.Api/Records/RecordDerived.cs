using JasperFx.Events;
using JasperFx.Events.Daemon;

namespace Catalogue.Api.Records;

/// <summary>
/// How the read models derived from the record (its row in the list, its access points, its harvest entry, its search
/// document) fold a slice of its stream's events: through the one fold (<see cref="RecordEvolution"/>) into the record,
/// event by event, and their document derived once, from the record the slice ends with. Derived after every event, a
/// new record's dozen events made a dozen search documents (the search text, facet values and dates each time) of which
/// the daemon kept the last, and a rebuild handed over each record's whole stream at once.
/// </summary>
/// <remarks>
/// The async daemon cuts a stream's events into slices as its pages fall, and stores the document between two slices:
/// the document must not depend on where the cuts fall. Each projection's document gives back the record as far as it
/// needs it (<c>AsRecord</c>), and a test folds every stream of a generated catalogue whole and an event at a time, the
/// document stored and read back between two events, and requires the same document.
/// </remarks>
public static class RecordDerived
{
    /// <param name="recordOf">The record as far as the document keeps it, to go on folding from.</param>
    /// <param name="derive">The document of the record the slice ends with.</param>
    public static (T?, ActionType) Fold<T>(T? snapshot, IReadOnlyList<IEvent> events, Func<T, CatalogueRecord> recordOf, Func<CatalogueRecord, T> derive)
        where T : class
    {
        var record = snapshot is null ? null : recordOf(snapshot);
        foreach (var e in events) record = RecordEvolution.Apply(record, e.Data, e.Version);
        return Outcome(snapshot, record is null ? null : derive(record));
    }

    /// <summary>What the daemon is to do with the document a slice ends with: store it, delete the one there was, or nothing.</summary>
    public static (T?, ActionType) Outcome<T>(T? snapshot, T? document)
        where T : class => document is not null ? (document, ActionType.Store) : (null, snapshot is null ? ActionType.Nothing : ActionType.Delete);
}

using Marten.Events;

namespace Catalogue.Api.Records.Writing;

/// <summary>
/// Writes to many records' streams in one transaction in a single order, the order of their ids. Appending to a stream
/// locks its row until the commit, so two writers that name the same records in opposite orders (two CSV imports of
/// one list, one of them sorted the other way) would each hold a row the other waits for: PostgreSQL breaks the
/// deadlock by rolling one back, Marten replays it, and the log shows the whole batch as a failure. Taken in one order,
/// the second writer waits for the first and then finds the versions moved on, which every writer already answers.
/// </summary>
public static class RecordStreams
{
    public static void StartAndAppendInIdOrder(this IEventStoreOperations events, IEnumerable<RecordStart> starts, IEnumerable<RecordChange> changes)
    {
        var writes = starts.Select(s => (s.Id, Start: (RecordStart?)s, Change: (RecordChange?)null))
            .Concat(changes.Select(c => (c.Record.Id, Start: (RecordStart?)null, Change: (RecordChange?)c)))
            .OrderBy(w => w.Id);
        foreach (var (id, start, change) in writes)
        {
            if (start is not null) events.StartStream<CatalogueRecord>(id, start.Events.Cast<object>().ToArray());
            else events.Append(id, change!.Record.Version + change.Events.Count, change.Events.Cast<object>().ToArray());
        }
    }
}

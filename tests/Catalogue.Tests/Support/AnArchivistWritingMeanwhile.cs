using Catalogue.Api.Records;
using JasperFx.Events;
using Marten;

namespace Catalogue.Tests.Support;

/// <summary>
/// An archivist who tags one record each time another writer is about to append the events it looks for to that
/// record, so that every such append finds the record changed since it was read — the race a writer of many records
/// (a re-parse, a batch's revert) must survive. Registered as a Marten session listener of the catalogue's store.
/// </summary>
public sealed class AnArchivistWritingMeanwhile(Func<IEvent, bool> appending) : DocumentSessionListenerBase
{
    private Guid _record;
    private HashSet<Guid>? _eachOnce;
    private IDocumentStore? _store;
    private int _edits;

    public int Edits => _edits;

    public void Watch(Guid record, IDocumentStore store) => (_record, _store) = (record, store);

    /// <summary>
    /// Instead: the archivist works through <paramref name="records"/>, tagging each once, the next one another writer
    /// is about to append to each time — every append of many records finds one of them changed, but never the same one twice.
    /// </summary>
    public void WatchEachOnce(IEnumerable<Guid> records, IDocumentStore store) => (_eachOnce, _store) = ([.. records], store);

    public void Stop() => _store = null;

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (_store is not { } store) return;
        var appended = session.PendingChanges.Streams().Where(s => s.Events.Any(appending)).Select(s => s.Id).ToList();
        Guid? edited = _eachOnce is { } left
            ? appended.Where(left.Contains).Cast<Guid?>().FirstOrDefault()
            : appended.Contains(_record) ? _record : null;
        if (edited is not { } record) return;
        _eachOnce?.Remove(record);

        await using var meanwhile = store.LightweightSession();
        meanwhile.LastModifiedBy = "archivist";
        var read = await meanwhile.Events.FetchStreamStateAsync(record, token);
        meanwhile.Events.Append(record, read!.Version + 1, new SubjectsTagged([$"Edited meanwhile {Interlocked.Increment(ref _edits)}"]));
        await meanwhile.SaveChangesAsync(token);
    }
}

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
    private IDocumentStore? _store;
    private int _edits;

    public int Edits => _edits;

    public void Watch(Guid record, IDocumentStore store) => (_record, _store) = (record, store);

    public void Stop() => _store = null;

    public override async Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        if (_store is not { } store) return;
        if (!session.PendingChanges.Streams().Any(s => s.Id == _record && s.Events.Any(appending))) return;

        await using var meanwhile = store.LightweightSession();
        meanwhile.LastModifiedBy = "archivist";
        var read = await meanwhile.Events.FetchStreamStateAsync(_record, token);
        meanwhile.Events.Append(_record, read!.Version + 1, new SubjectsTagged([$"Edited meanwhile {Interlocked.Increment(ref _edits)}"]));
        await meanwhile.SaveChangesAsync(token);
    }
}

using Marten;

namespace Catalogue.Api.Records;

/// <summary>
/// The names record events are stored under, read from Marten's event graph rather than spelled again here: the one
/// name a client meets for an event type (an import's changes, a history, the audit sweep, diff, blame) and the names a
/// filter accepts.
/// </summary>
public sealed class RecordEventNames
{
    private readonly Dictionary<Type, string> byType;

    public RecordEventNames(IDocumentStore store)
    {
        // Marten knows event types of its own (the fillers of failed writes); they are not the catalogue's.
        byType = store.Options.Events.AllKnownEventTypes()
            .Where(t => t.EventType.IsAssignableTo(typeof(IRecordEvent)))
            .ToDictionary(t => t.EventType, t => t.EventTypeName);
        All = [.. byType.Values.Order(StringComparer.Ordinal)];
    }

    /// <summary>Every record event type's name, in ordinal order.</summary>
    public IReadOnlyList<string> All { get; }

    public string Of(IRecordEvent e) => byType[e.GetType()];

    /// <summary>The event type <paramref name="given"/> names in any case ("TITLE_CORRECTED"), or null when it names none.</summary>
    public string? Named(string given) => Validation.Vocabulary.Named(All, given);
}

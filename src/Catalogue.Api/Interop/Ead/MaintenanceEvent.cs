using Catalogue.Api.History;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Interop.Ead;

/// <summary>One event of a record's history as EAD3's <c>maintenanceevent</c> tells it.</summary>
/// <param name="EventType">EAD3's event type: created, revised, updated, deleted, derived.</param>
/// <param name="AgentType">human, machine or unknown.</param>
public sealed record MaintenanceEvent(string EventType, DateTimeOffset At, string AgentType, string Agent, string Description)
{
    /// <param name="namesWho">
    /// Whether the caller may read who made the change and why: the history is for auditors, so anyone else reads the
    /// catalogue's agency as the agent and only what kind of change it was.
    /// </param>
    public static MaintenanceEvent From(HistoryEntry e, bool namesWho, string agency)
    {
        var description = namesWho && e.Reason is not null ? $"{e.Type} (version {e.Version}): {e.Reason}" : $"{e.Type} (version {e.Version})";
        return new MaintenanceEvent(TypeOf(e.Type), e.Timestamp, AgentTypeOf(e.Actor), namesWho ? e.Actor : agency, description);
    }

    /// <summary>Accession creates the description; withdrawal deletes it from the published catalogue; a re-parse is the machine's update.</summary>
    public static string TypeOf(string eventType) => eventType switch
    {
        "record_accessioned" => "created",
        "record_withdrawn" => "deleted",
        "provenance_reparsed" => "updated",
        _ => "revised",
    };

    /// <summary>An API key is a system's; a person signs in or runs the command line under a name of their own.</summary>
    public static string AgentTypeOf(string actor) =>
        actor == ChangeContext.AnonymousActor ? "unknown" : actor.StartsWith("key:", StringComparison.Ordinal) ? "machine" : "human";

    /// <summary>EAD3's maintenance status of a record in this state at this version.</summary>
    public static string StatusOf(CatalogueRecord record) =>
        record.Status == RecordStatus.Withdrawn ? "deleted" : record.Version <= 1 ? "new" : "revised";
}

using Marten;

namespace Catalogue.Api.Authorities.People;

/// <summary>Marks the events of a person authority's stream (its id is <see cref="AccessPointKeys.PersonIdOf"/> its name).</summary>
public interface IPersonEvent;

// A person authority's events: what archivists decided about a person named on records. Like the record's events they
// are a permanent contract (see README, "Changing an event once it has shipped"); their stored names are below.

/// <summary>
/// The person's authority begins, under the name the records give it; appended before the first decision about a person,
/// so its stream says whom it is about.
/// </summary>
public sealed record PersonAuthorityEstablished(Guid PersonId, string Name) : IPersonEvent;

/// <summary>Another name the same person is written under ("Chou En-lai" for Zhou Enlai); records written so count for the person.</summary>
public sealed record PersonAliasRecorded(string Alias) : IPersonEvent;

/// <summary>A name that is not the person's after all.</summary>
public sealed record PersonAliasRemoved(string Alias) : IPersonEvent;

/// <summary>
/// Another person turned out to be this one: their heading and every name they had become this person's aliases, and
/// their records count here. Appended with <see cref="PersonMergedInto"/> on the other's stream, in one transaction.
/// </summary>
/// <param name="FoundingKeys">
/// The keys the other's stream, or a person's merged into them, was named by where names are folded otherwise now
/// (<see cref="PersonAuthority.FoundingKeys"/>), which become this person's; none in events stored before they were kept.
/// </param>
public sealed record PersonMergedIn(Guid PersonId, string Name, IReadOnlyList<string> Names, IReadOnlyList<string>? FoundingKeys = null) : IPersonEvent;

/// <summary>This person was merged into another, which now carries their names; the authority takes no further decision.</summary>
public sealed record PersonMergedInto(Guid SurvivorId, string SurvivorName) : IPersonEvent;

/// <summary>The names person events are stored under, and their registration with Marten.</summary>
public static class PersonEvents
{
    /// <summary>Written out, never derived from class names, as <see cref="Records.RecordEvents.StoredNames"/> are.</summary>
    public static readonly IReadOnlyList<(Type Event, string StoredName)> StoredNames =
    [
        (typeof(PersonAuthorityEstablished), "person_authority_established"),
        (typeof(PersonAliasRecorded), "person_alias_recorded"),
        (typeof(PersonAliasRemoved), "person_alias_removed"),
        (typeof(PersonMergedIn), "person_merged_in"),
        (typeof(PersonMergedInto), "person_merged_into"),
    ];

    public static void Register(StoreOptions opts)
    {
        foreach (var (type, name) in StoredNames) opts.Events.MapEventType(type, name);
    }
}

using JasperFx.Events;
using Marten.Events.Aggregation;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace Catalogue.Api.Authorities.People;

/// <summary>A person merged into this one: their id and the heading they had.</summary>
public sealed record MergedPerson(Guid Id, string Name);

/// <summary>
/// What archivists decided about one person: the heading, its aliases, the people merged into it, or the one it was
/// merged into. <see cref="Keys"/> holds the folded key of every name the person is written under (GIN-indexed), which is
/// how a name on a record is resolved to the person. Also the state a person command decides against.
/// </summary>
public sealed record PersonAuthority
{
    public const string Table = Records.CatalogueSchema.Name + ".mt_doc_personauthority";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<MergedPerson> Merged { get; init; } = [];
    public Guid? MergedInto { get; init; }

    /// <summary>
    /// The keys an earlier version named this person's stream, or a merged person's, by, where this version folds their
    /// names otherwise (<see cref="FoundingKey"/>): still theirs.
    /// </summary>
    public IReadOnlyList<string> FoundingKeys { get; init; } = [];

    /// <summary>The folded keys of the heading, the aliases, the headings of the people merged in, and the <see cref="FoundingKeys"/>.</summary>
    public string[] Keys { get; init; } = [];

    /// <summary>Every name the person is written under: the heading first, then the aliases.</summary>
    public IReadOnlyList<string> Names => [Name, .. Aliases];

    /// <summary>
    /// What a search for the person finds them under: their <see cref="Names"/> and their <see cref="FoundingKeys"/>, each
    /// a name of its own letters (a key folds to itself), so the filter finds every record their <see cref="Keys"/> count.
    /// </summary>
    public IReadOnlyList<string> NamesFound => [.. Names, .. FoundingKeys];

    public static void ConfigureMarten(DocumentMapping<PersonAuthority> mapping)
    {
        var keys = mapping.DuplicateField(nameof(Keys), pgType: "text[]");
        mapping.Indexes.Add(new DocumentIndex(mapping, keys.ColumnName) { Method = IndexMethod.gin, Name = "mt_doc_personauthority_idx_keys" });
    }
}

/// <summary>How each person event changes a person authority: the one fold for the read model and for decisions.</summary>
public static class PersonEvolution
{
    public static PersonAuthority? Apply(PersonAuthority? person, object @event, long version)
    {
        if (@event is PersonAuthorityEstablished established)
        {
            return WithKeys(new PersonAuthority
            {
                Id = established.PersonId, Version = version, Name = established.Name,
                FoundingKeys = FoundingKey.Of(established.PersonId, established.Name) is { } founding ? [founding] : [],
            });
        }

        // Streams that are not a person's (records', Marten's gap fillers) pass through a rebuild too.
        if (person is null) return null;

        var next = @event switch
        {
            PersonAliasRecorded e => person with { Aliases = [.. person.Aliases, e.Alias] },
            PersonAliasRemoved e => person with
            {
                Aliases = [.. person.Aliases.Where(a => AccessPointKeys.Fold(a) != AccessPointKeys.Fold(e.Alias))],
            },
            PersonMergedIn e => person with
            {
                Aliases = [.. person.Aliases.Concat(e.Names).Where(n => AccessPointKeys.Fold(n) != AccessPointKeys.Fold(person.Name)).DistinctBy(AccessPointKeys.Fold)],
                Merged = [.. person.Merged, new MergedPerson(e.PersonId, e.Name)],
                FoundingKeys =
                [
                    .. person.FoundingKeys.Concat(e.FoundingKeys ?? []).Concat(FoundingKey.Of(e.PersonId, e.Name) is { } founding ? [founding] : [])
                        .Distinct(StringComparer.Ordinal),
                ],
            },
            PersonMergedInto e => person with { MergedInto = e.SurvivorId },
            // A record's event in a person's stream cannot be: the stream's id is derived from a name, a record's is random.
            _ => person,
        };

        return WithKeys(next) with { Version = version };
    }

    public static PersonAuthority? Fold(PersonAuthority? person, IEnumerable<object> events)
    {
        foreach (var e in events) person = Apply(person, e, (person?.Version ?? 0) + 1);
        return person;
    }

    private static PersonAuthority WithKeys(PersonAuthority person) => person with
    {
        Keys =
        [
            .. new[] { person.Name }.Concat(person.Aliases).Concat(person.Merged.Select(m => m.Name))
                .Select(AccessPointKeys.Fold).Concat(person.FoundingKeys).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal),
        ],
    };
}

/// <summary>Keeps one <see cref="PersonAuthority"/> per person stream, inline: written with the person command's events.</summary>
public sealed partial class PersonAuthorityProjection : SingleStreamProjection<PersonAuthority, Guid>
{
    public PersonAuthorityProjection()
    {
        // Only a person's events: a rebuild then reads none of the records' (their full texts among them).
        foreach (var type in typeof(IPersonEvent).Assembly.GetTypes().Where(t => t.IsClass && typeof(IPersonEvent).IsAssignableFrom(t))) IncludeType(type);
    }

    public override PersonAuthority? Evolve(PersonAuthority? snapshot, Guid id, IEvent e) =>
        PersonEvolution.Apply(snapshot, e.Data, e.Version);
}

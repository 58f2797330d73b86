using Catalogue.Api.Audit;
using Catalogue.Api.Authorities.People;
using Catalogue.Api.Records;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Schema;

namespace Catalogue.Api.Authorities;

/// <summary>
/// One name of a person, place or subject as the catalogue has met it: on a record, or recorded as a person's alias.
/// The directory the authorities are searched in as an archivist types; it only grows (a name a record no longer
/// carries stays, and is shown only while some record visible to the caller carries it, see
/// <see cref="AuthorityQueries"/>). Keeps the name as it was first written.
/// </summary>
public sealed record AuthorityName
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_authorityname";

    public Guid Id { get; init; }
    public string Kind { get; init; } = "";
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";

    public static void ConfigureMarten(DocumentMapping<AuthorityName> mapping)
    {
        mapping.DuplicateField(nameof(Kind), notNull: true);
        mapping.DuplicateField(nameof(Key), notNull: true);
        mapping.Indexes.Add(new DocumentIndex(mapping, "kind", "key") { Name = "mt_doc_authorityname_idx_kind_key" });
    }

    /// <summary>The names an event writes or records, by kind, with empty keys left out.</summary>
    public static IEnumerable<AuthorityName> In(object @event)
    {
        IEnumerable<(string Kind, string Name)> named = @event switch
        {
            CreatorsRecorded e => e.Creators.Select(p => (AccessPointKinds.Person, p.Name)),
            ParticipantsRecorded e => e.Participants.Select(p => (AccessPointKinds.Person, p.Name)),
            TranslationCredited e => e.Translators.Select(n => (AccessPointKinds.Person, n)),
            TranslationCreditCorrected e => e.Translators.Select(n => (AccessPointKinds.Person, n)),
            AcquisitionCredited e => e.People.Select(n => (AccessPointKinds.Person, n)),
            PersonAuthorityEstablished e => [(AccessPointKinds.Person, e.Name)],
            PersonAliasRecorded e => [(AccessPointKinds.Person, e.Alias)],
            PlacesAdded e => e.Places.Select(n => (AccessPointKinds.Place, n)),
            SubjectsTagged e => e.Subjects.Select(n => (AccessPointKinds.Subject, n)),
            _ => [],
        };


        foreach (var (kind, name) in named)
        {
            var key = AccessPointKeys.Fold(name);
            if (key.Length > 0) yield return new AuthorityName { Id = AccessPointKeys.IdOf(kind, key), Kind = kind, Key = key, Name = name.Trim() };
        }
    }
}

/// <summary>Keeps the directory of names, run by the async daemon: one document per kind and folded key.</summary>
public sealed partial class AuthorityNameProjection : MultiStreamProjection<AuthorityName, Guid>, StreamFolds.IBuiltInOnePass
{
    public AuthorityNameProjection()
    {
        Identities<CreatorsRecorded>(Ids);
        Identities<ParticipantsRecorded>(Ids);
        Identities<TranslationCredited>(Ids);
        Identities<TranslationCreditCorrected>(Ids);
        Identities<AcquisitionCredited>(Ids);
        Identities<PersonAuthorityEstablished>(Ids);
        Identities<PersonAliasRecorded>(Ids);
        Identities<PlacesAdded>(Ids);
        Identities<SubjectsTagged>(Ids);
    }

    private static IReadOnlyList<Guid> Ids<TEvent>(TEvent e) where TEvent : notnull => [.. AuthorityName.In(e).Select(n => n.Id).Distinct()];

    // The first spelling met stays the name shown: a rebuild meets the events in the same order and gives the same.
    public override AuthorityName? Evolve(AuthorityName? snapshot, Guid id, IEvent e) =>
        snapshot ?? AuthorityName.In(e.Data).FirstOrDefault(n => n.Id == id);

    /// <summary>
    /// In a rebuild's one pass, which meets the events stream by stream rather than in their order: every name with the
    /// sequence number of the event it was met in, the earliest kept — the spelling the daemon, meeting them in order, keeps.
    /// </summary>
    public StreamFolds.IPassFold InOnePass() => new DirectoryInOnePass();

    private sealed class DirectoryInOnePass : StreamFolds.IPassFold
    {
        private readonly Dictionary<Guid, (long Sequence, AuthorityName Name)> _first = [];

        public ValueTask FoldAsync(IDocumentSession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
        {
            foreach (var e in events)
            {
                foreach (var name in AuthorityName.In(e.Data))
                {
                    if (!_first.TryGetValue(name.Id, out var met) || e.Sequence < met.Sequence) _first[name.Id] = (e.Sequence, name);
                }
            }

            return ValueTask.CompletedTask;
        }

        // A stream folded again meets its earlier events again, with the same sequence numbers: nothing is counted twice.
        public IReadOnlyList<Type> MadeOfEveryStream => [typeof(AuthorityName)];

        public IEnumerable<object> Finish() => _first.Values.Select(v => v.Name);
    }
}

using Catalogue.Api.Authorities.People;
using Marten;

namespace Catalogue.Tests.Authorities;

/// <summary>Person events are read back by their stored names as record events are: the names are pinned here, by hand.</summary>
public sealed class the_stored_person_event_names_are_a_contract
{
    /// <summary>Spelt out a second time on purpose; a new event is added to both, a line here is never changed or removed.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Pinned = new Dictionary<Type, string>
    {
        [typeof(PersonAuthorityEstablished)] = "person_authority_established",
        [typeof(PersonAliasRecorded)] = "person_alias_recorded",
        [typeof(PersonAliasRemoved)] = "person_alias_removed",
        [typeof(PersonMergedIn)] = "person_merged_in",
        [typeof(PersonMergedInto)] = "person_merged_into",
    };

    [Fact]
    public void every_person_event_is_stored_under_its_pinned_name_by_the_catalogue_s_store()
    {
        var opts = new StoreOptions();
        Program.Capabilities([]).Store("Host=unused").Configure(opts);

        var registered = ((IReadOnlyStoreOptions)opts).Events.AllKnownEventTypes()
            .Where(t => t.EventType.IsAssignableTo(typeof(IPersonEvent)))
            .ToDictionary(t => t.EventType, t => t.EventTypeName);
        var defined = typeof(IPersonEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IPersonEvent)));

        Assert.Equal(
            Pinned.Select(p => $"{p.Key.Name} → {p.Value}").Order(StringComparer.Ordinal),
            registered.Select(r => $"{r.Key.Name} → {r.Value}").Order(StringComparer.Ordinal));
        Assert.All(defined, t => Assert.True(Pinned.ContainsKey(t), $"{t.Name} has no pinned stored name: add it to PersonEvents.StoredNames and pin it here."));
    }
}

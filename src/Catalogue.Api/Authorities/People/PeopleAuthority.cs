using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Authorities.People;

/// <summary>One person as the people authority shows them.</summary>
/// <param name="Version">The version of the person's authority, to send with a command about them; 0 before any decision.</param>
/// <param name="Matched">In a suggestion, the name that matched what was typed (an alias, say); null elsewhere.</param>
/// <param name="Records">How many records visible to the caller name the person under any of their names.</param>
public sealed record PersonEntry(
    Guid Id, string Name, long Version, IReadOnlyList<string> Aliases, IReadOnlyList<MergedPerson> Merged,
    IReadOnlyList<string> Roles, int Records, string RecordsHref, string? Matched = null);

/// <summary>A person as resolved from a name: their id, heading and every key they are written under, and their authority if any.</summary>
public sealed record ResolvedPerson(Guid Id, string Name, IReadOnlyList<string> Keys, PersonAuthority? Authority)
{
    public IReadOnlyList<string> Aliases => Authority?.Aliases ?? [];

    /// <summary>
    /// The person as the caller may see them: without the names the caller may not learn (<paramref name="hidden"/>,
    /// keys only drafts carry, <see cref="AuthorityQueries.HiddenAsync"/>) — under the first of their names left as
    /// heading, with its id, since a person's id is derived from a name and would confirm a guess at the hidden one;
    /// without the aliases and merged people of those names (nor the merged person whose name heads the entry).
    /// </summary>
    public PersonEntry Entry(int records, IReadOnlyList<string> roles, string? matched = null, IReadOnlySet<string>? hidden = null)
    {
        if (Authority is null || hidden is not { Count: > 0 })
            return new(Id, Name, Authority?.Version ?? 0, Aliases, Authority?.Merged ?? [], roles, records, $"/api/people/{Id}/records", matched);

        bool Shown(string name) => !hidden.Contains(AccessPointKeys.Fold(name));
        var names = Authority.Names.Where(Shown).ToList();
        var heading = names.FirstOrDefault() ?? Name;
        var id = heading == Name ? Id : AccessPointKeys.PersonIdOf(heading);
        // A merged person whose name now heads the entry is the person shown, not one merged into them.
        var merged = Authority.Merged.Where(m => Shown(m.Name) && AccessPointKeys.PersonIdOf(m.Name) != id);
        return new(id, heading, Authority.Version, [.. names.Skip(1)], [.. merged], roles, records, $"/api/people/{id}/records", matched);
    }
}

/// <summary>
/// The people authority: a person for every name written on records (as creator, participant, translator or who
/// obtained the copy), gathered under one heading by the aliases and merges archivists record. A name is the person's
/// whose authority lists it (heading, alias, or a merged person's name); else it heads a person of its own.
/// </summary>
public static class PeopleAuthority
{
    /// <summary>
    /// The names of the person <paramref name="name"/> is a name of: their heading and aliases (a merged person's names
    /// among them), heading first; just <paramref name="name"/> when no authority lists it. For a search to find the
    /// records that write the same person another way: "Chou En-lai" gives "Zhou Enlai" once it is recorded as an alias.
    /// </summary>
    public static async Task<IReadOnlyList<string>> NamesOfTheSamePersonAsync(IQuerySession session, string name, CancellationToken ct = default) =>
        (await NamesOfTheSamePeopleAsync(session, [name], ct))[name];

    /// <summary><see cref="NamesOfTheSamePersonAsync"/> for each name given, in one query.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> NamesOfTheSamePeopleAsync(IQuerySession session, IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        var keys = names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, AccessPointKeys.Fold, StringComparer.Ordinal);
        var claims = await ClaimsAsync(session, [.. keys.Values.Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)], ct);
        return keys.ToDictionary(
            n => n.Key,
            n => n.Value.Length == 0 ? [] : claims.GetValueOrDefault(n.Value)?.NamesFound ?? (IReadOnlyList<string>)[n.Key.Trim()],
            StringComparer.Ordinal);
    }

    /// <summary>The person the id names — following merges to the survivor, and an alias's id to its person — or null.</summary>
    public static async Task<ResolvedPerson?> FindAsync(IQuerySession session, Guid id, CancellationToken ct)
    {
        var authority = await session.LoadAsync<PersonAuthority>(id, ct);
        for (var hops = 0; authority?.MergedInto is { } survivor && hops < 100; hops++) authority = await session.LoadAsync<PersonAuthority>(survivor, ct);
        if (authority is { MergedInto: null }) return Of(authority);

        if (await AuthorityQueries.NameAsync(session, AccessPointKinds.Person, id, ct) is not { } name) return null;
        return (await ResolveAsync(session, [name], ct))[name.Key];
    }

    /// <summary>Each name's person, by the name's key.</summary>
    public static async Task<IReadOnlyDictionary<string, ResolvedPerson>> ResolveAsync(IQuerySession session, IReadOnlyList<AuthorityName> names, CancellationToken ct)
    {
        var claims = await ClaimsAsync(session, [.. names.Select(n => n.Key)], ct);
        return names.DistinctBy(n => n.Key).ToDictionary(
            n => n.Key,
            n => claims.TryGetValue(n.Key, out var authority) ? Of(authority) : new ResolvedPerson(n.Id, n.Name, [n.Key], null));
    }

    /// <summary>
    /// The person entry with the records, roles and names the caller may see; null when the caller may see none and is
    /// not staff, or asked by the id of a name they may not learn (<paramref name="askedBy"/>: an alias's, or a merged
    /// person's, that only drafts carry — which a reader could derive from a guessed name).
    /// </summary>
    public static async Task<PersonEntry?> EntryAsync(IQuerySession session, ResolvedPerson person, bool staff, CancellationToken ct, Guid? askedBy = null)
    {
        var hidden = await HiddenNamesAsync(session, [person], staff, ct);
        if (askedBy is { } id && person.Keys.FirstOrDefault(k => AccessPointKeys.IdOf(AccessPointKinds.Person, k) == id) is { } named && hidden.Contains(named)) return null;
        var counts = await AuthorityQueries.CountAsync(session, AccessPointKinds.Person, [person.Keys], staff, ct);
        if (counts.TryGetValue(0, out var count)) return person.Entry(count.Records, count.Roles, hidden: hidden);
        return staff ? person.Entry(0, []) : null;
    }

    /// <summary>
    /// The names of these people the caller may not learn (<see cref="AuthorityQueries.HiddenAsync"/>). Only a person
    /// the authority gives several names needs asking: one written one way alone has records the caller may see under
    /// that name, or is not shown to them at all.
    /// </summary>
    private static Task<IReadOnlySet<string>> HiddenNamesAsync(IQuerySession session, IEnumerable<ResolvedPerson> people, bool staff, CancellationToken ct) =>
        AuthorityQueries.HiddenAsync(session, AccessPointKinds.Person, [.. people.Where(p => p.Keys.Count > 1).SelectMany(p => p.Keys).Distinct()], staff, ct);

    /// <summary>
    /// People whose names match what is typed, best match first: an exact name, then names starting so, then names with a
    /// later word starting so; each person once, under their heading, with the name that matched. People no record visible
    /// to the caller names are left out.
    /// </summary>
    public static async Task<IReadOnlyList<PersonEntry>> SuggestAsync(IQuerySession session, string typed, int size, bool staff, CancellationToken ct)
    {
        var key = AccessPointKeys.Fold(typed);
        if (AuthorityQueries.MatchesNoName(typed, key)) return [];
        var matches = await AuthorityQueries.MatchAsync(session, AccessPointKinds.Person, key, AuthorityQueries.Candidates, ct);
        var names = matches.Select(m => new AuthorityName { Id = m.Id, Kind = AccessPointKinds.Person, Key = m.Key, Name = m.Name }).ToList();
        var people = await ResolveAsync(session, names, ct);
        var hidden = await HiddenNamesAsync(session, people.Values.DistinctBy(p => p.Id), staff, ct);

        // Each person once, where their best-matching name the caller may learn put them: a name only drafts carry
        // suggests no one to a reader, though another of the person's names is on a published record.
        var ranked = matches.Where(m => !hidden.Contains(m.Key)).Select(m => (Person: people[m.Key], Matched: m.Name)).DistinctBy(p => p.Person.Id).ToList();
        var counted = await AuthorityQueries.FirstCountedAsync(session, AccessPointKinds.Person, [.. ranked.Select(p => p.Person.Keys)], staff, size, ct);
        return [.. counted.Select(c => ranked[c.Index].Person.Entry(c.Records, c.Roles, ranked[c.Index].Matched, hidden))];
    }

    /// <summary>The authority, not merged away, that lists <paramref name="key"/> among its names; null when none does.</summary>
    public static async Task<PersonAuthority?> ClaimantAsync(IQuerySession session, string key, CancellationToken ct) =>
        (await ClaimsAsync(session, [key], ct)).GetValueOrDefault(key);

    /// <summary>For each key that some authority, not merged away, lists among its names, that authority.</summary>
    public static async Task<IReadOnlyDictionary<string, PersonAuthority>> ClaimantsAsync(IQuerySession session, IReadOnlyCollection<string> keys, CancellationToken ct) =>
        await ClaimsAsync(session, [.. keys.Distinct(StringComparer.Ordinal)], ct);

    private static ResolvedPerson Of(PersonAuthority authority) => new(authority.Id, authority.Name, authority.Keys, authority);

    /// <summary>
    /// The authority, not merged away, that lists each key among its names. Person commands take turns and the
    /// authorities are written with their events (<see cref="PersonWriter"/>), so none gives a name to a second person;
    /// should two list one all the same (written by an earlier version), the lower id has it, whatever order they are read in.
    /// </summary>
    private static async Task<Dictionary<string, PersonAuthority>> ClaimsAsync(IQuerySession session, string[] keys, CancellationToken ct)
    {
        var claims = new Dictionary<string, PersonAuthority>(StringComparer.Ordinal);
        if (keys.Length == 0) return claims;
        await using var command = new NpgsqlCommand(
            $"select data from {PersonAuthority.Table} where keys && @keys and data ->> 'MergedInto' is null order by id");
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys });
        var serializer = session.DocumentStore.Options.Serializer();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            var authority = serializer.FromJson<PersonAuthority>(reader, 0);
            foreach (var key in authority.Keys.Where(keys.Contains)) claims.TryAdd(key, authority);
        }

        return claims;
    }
}

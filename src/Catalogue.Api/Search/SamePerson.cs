using Catalogue.Api.Authorities;
using Catalogue.Api.Authorities.People;
using Marten;

namespace Catalogue.Api.Search;

/// <summary>
/// Names tolerant of how they were written, through the people authority: once an archivist has recorded that "Chou
/// En-lai" is Zhou Enlai, a search for either finds the records that write the other. The words typed, when they are
/// a person's name (a heading, an alias, or the name of a person merged into another), also find the person's other
/// names as phrases; a <c>person</c> or <c>translator</c> filter takes every name of the person it names; and the person
/// and translator facets count each person once, under all their names.
/// </summary>
public static class SamePerson
{
    /// <summary>At most this many other names are searched for one person: a heading with a long tail of aliases is rare.</summary>
    public const int MaxOtherNames = 20;

    public static async Task<SearchRequest> WidenAsync(IQuerySession session, SearchRequest request, CancellationToken ct)
    {
        var chosen = SearchFilter.OfPeople.ToDictionary(f => f, f => request.Values.GetValueOrDefault(f, []));
        var typedName = request.Q is { } q && IsPlainName(q) ? q : null;
        // Every name asked about, the words typed and the people chosen, in one query of the authority.
        var names = await PeopleAuthority.NamesOfTheSamePeopleAsync(
            session, [.. chosen.Values.SelectMany(v => v).Distinct(StringComparer.Ordinal), .. typedName is null ? Array.Empty<string>() : [typedName]], ct);
        var typed = typedName is null ? default : (Name: typedName, Names: names[typedName]);
        var filtered = chosen.ToDictionary(c => c.Key, c => c.Value.Select(person => (Name: person, Names: names[person])).ToList());

        // A name only drafts carry does not exist for readers and the public (as the people authority shows them): typed
        // or chosen, it is searched as written, and it is no other name of someone they search for.
        var every = filtered.Values.SelectMany(f => f).ToList();
        var hidden = request.PublishedOnly && (typed.Names?.Count > 1 || every.Any(f => f.Names.Count > 1))
            ? await AuthorityQueries.HiddenAsync(session, AccessPointKinds.Person, [.. (typed.Names ?? []).Concat(every.SelectMany(f => f.Names)).Select(KeyOf)], staff: false, ct)
            : new HashSet<string>();
        IReadOnlyList<string> Shown((string Name, IReadOnlyList<string> Names) person) =>
            person.Names is null || hidden.Contains(KeyOf(person.Name)) ? [] : [.. person.Names.Where(n => !hidden.Contains(KeyOf(n)))];

        var typedNames = typed.Name is null ? [] : Shown(typed);
        return request with
        {
            OtherNames = typed.Name is null ? [] : Others(typed.Name, typedNames),
            TypedPersonKeys = typedNames.Count > 1 ? [.. typedNames.Select(KeyOf).Distinct(StringComparer.Ordinal)] : [],
            OtherNamesChosen = filtered.ToDictionary(
                f => f.Key, f => (IReadOnlyList<string>)[.. f.Value.SelectMany(Shown).Except(chosen[f.Key], StringComparer.Ordinal)]),
        };
    }

    /// <summary>
    /// The person (or translator) facet with a line per person rather than per name: the facet counts names, so "Zhou
    /// Enlai" 1 and "Chou En-lai" 1 stood beside each other while either, chosen, finds both records. Each line whose
    /// name the authority gives a person of several names is counted again over all of them (<see cref="SearchRecordsEndpoint.PeopleStatement"/>,
    /// a record writing two of them once), and the person's lines become one — shown as the name chosen, if one is, else
    /// as the line that found most records wrote it; a name chosen keeps its line. The lines of people of one name are
    /// left as they are, and when there is none to count again no statement is run.
    /// </summary>
    /// <returns>The facet's lines, and whether a person's count was estimated.</returns>
    public static async Task<(IReadOnlyList<SearchFacetValue> Lines, bool Estimated)> OneLinePerPersonAsync(
        IQuerySession session, SearchRequest request, SearchFilter filter, IReadOnlyList<SearchFacetValue> lines, SearchOptions options, CancellationToken ct)
    {
        if (lines.Count == 0) return (lines, false);
        var claimants = await PeopleAuthority.ClaimantsAsync(session, [.. lines.Select(KeyOf)], ct);
        var chosen = request.Values.GetValueOrDefault(filter, []).Select(KeyOf).ToHashSet(StringComparer.Ordinal);
        // A name chosen that only drafts carry is no one's for readers (WidenAsync): its line stays as sent, with 0.
        var hidden = request.PublishedOnly && chosen.Any(k => claimants.TryGetValue(k, out var person) && person.Keys.Length > 1)
            ? await AuthorityQueries.HiddenAsync(session, AccessPointKinds.Person, chosen, staff: false, ct)
            : new HashSet<string>();
        var people = lines.Select(KeyOf).Where(k => !hidden.Contains(k) && claimants.TryGetValue(k, out var person) && person.Keys.Length > 1)
            .Select(k => claimants[k]).DistinctBy(p => p.Id).ToList();
        if (people.Count == 0) return (lines, false);

        var counts = new long[people.Count];
        var estimated = false;
        await using (var counting = SearchRecordsEndpoint.PeopleStatement(request, filter, [.. people.Select(p => p.Keys)], options))
        await using (var reader = await session.ExecuteReaderAsync(counting, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                counts[reader.GetInt32(0)] = reader.GetInt64(1);
                estimated |= reader.GetBoolean(2);
            }
        }

        int PersonOf(string key) => !hidden.Contains(key) && claimants.TryGetValue(key, out var claimant) ? people.FindIndex(p => p.Id == claimant.Id) : -1;
        // A person a name chosen names is shown under that name (under each, when several are); else under the name
        // written on most records found, which comes first of theirs (the statement ranks the names the filter takes
        // first, the person's other names among them, then by how many records found write them).
        var named = chosen.Select(PersonOf).Where(p => p >= 0).ToHashSet();
        var shown = new HashSet<int>();
        var merged = new List<(SearchFacetValue Line, bool Chosen)>();
        foreach (var line in lines)
        {
            var key = KeyOf(line);
            var person = PersonOf(key);
            if (person < 0) merged.Add((line, chosen.Contains(key)));
            else if (chosen.Contains(key) || (!named.Contains(person) && shown.Add(person))) merged.Add((line with { Count = counts[person] }, chosen.Contains(key)));
        }

        return ([.. merged.OrderByDescending(m => m.Chosen).ThenByDescending(m => m.Line.Count).ThenBy(m => KeyOf(m.Line), StringComparer.Ordinal).Select(m => m.Line)], estimated);
    }

    private static string KeyOf(SearchFacetValue line) => KeyOf(line.Value);

    private static string KeyOf(string name) => SearchFilter.Person.Key(name);

    /// <summary>Words that could be a name as written: no quotes, no excluded words, no <c>or</c>.</summary>
    private static bool IsPlainName(string q) =>
        !q.Contains('"') && !q.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.StartsWith('-') || w.Equals("or", StringComparison.OrdinalIgnoreCase));

    private static IReadOnlyList<string> Others(string typed, IReadOnlyList<string> names) =>
        [.. names.Where(n => !string.Equals(n.Trim(), typed.Trim(), StringComparison.OrdinalIgnoreCase)).Take(MaxOtherNames)];
}

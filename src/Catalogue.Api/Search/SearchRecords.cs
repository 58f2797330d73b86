using System.Globalization;
using System.Text;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Marten;
using Npgsql;
using NpgsqlTypes;
using Wolverine.Http;

namespace Catalogue.Api.Search;

/// <param name="Title">The title, HTML-escaped, with the words that matched in <c>&lt;mark&gt;</c>.</param>
/// <param name="Text">Up to two passages of the summary and full texts around the words that matched, escaped and marked alike.</param>
public sealed record SearchHighlights(string Title, string Text);

/// <summary>One record a search found.</summary>
/// <param name="Highlights">Where the words matched; null when the search had no words.</param>
public sealed record SearchHit(
    Guid Id, string AccessionNumber, string Title, string? DocumentType, string Status, ListedDate? Date,
    IReadOnlyList<string> Repositories, long Version, SearchHighlights? Highlights);

/// <summary>One value of a facet, and how many records found have it.</summary>
public sealed record SearchFacetValue(string Value, long Count);

/// <param name="Total">
/// How many records the search found with every filter applied (estimated when <paramref name="CountsEstimated"/>).
/// Ranked by relevance it is read beside the page, each as the index stands when its statement starts: a record indexed
/// in that instant can be counted and not listed, or the other way round.
/// </param>
/// <param name="CountsEstimated">
/// True when the search found more records than are counted one by one (<see cref="SearchOptions.ExactCountsUpTo"/>):
/// the total and every facet count are then the counts among the records of the index's sample (one in
/// <see cref="SearchIndex.SampleRate"/>, whichever the search finds) times the sample's rate — or, when even the sample holds
/// more than an exact count may reach, of its coarse sample (one in <see cref="SearchIndex.CoarseSampleRate"/>). The hits
/// are never estimated.
/// </param>
/// <param name="FacetsEstimated">
/// The facets whose counts are estimates: every facet when <paramref name="CountsEstimated"/>; else the filtered facets
/// when the records that fail one filter alone — which count in that filter's facet only — were more than are counted
/// one by one: those are then counted on the sample (or the coarse sample) times its rate, beside the records found,
/// counted exactly. Their values chosen are exact all the same (a record failing a facet's filter holds none of them),
/// as are the total and the other facets. Empty when every count is exact.
/// </param>
/// <param name="Facets">
/// For each filter, the values the records found have and how many have each, counted with every other filter applied
/// (so choosing a value never hides the others of its facet); the most frequent first, at most
/// <see cref="SearchRecordsEndpoint.FacetValues"/>, the chosen ones always among them. <c>decade</c> counts the year filter's
/// decades (1940 is 1940–1949): a date that can fall in several counts in each.
/// </param>
/// <param name="Next">The cursor of the next page, to send as <c>after</c> with the same search; null on the last page.</param>
public sealed record SearchPage(
    string? Q, string Sort, int PageSize, long Total, bool CountsEstimated, IReadOnlyList<string> FacetsEstimated, IReadOnlyList<SearchHit> Items,
    IReadOnlyDictionary<string, IReadOnlyList<SearchFacetValue>> Facets, string? Next);

/// <summary>
/// <c>GET /api/search</c>: the records whose words match <c>q</c>, narrowed by filters, with each filter's facet counts,
/// a page at a time. Everything is read off the search index (<see cref="SearchIndex"/>); passages are marked only for
/// the page's hits. Readers and the public find published records only: the condition is part of every statement, the
/// counts' as well as the hits'.
/// </summary>
public static class SearchRecordsEndpoint
{
    /// <summary>How many values each facet gives at most.</summary>
    public const int FacetValues = 20;

    /// <summary>
    /// How much of a record's summary and full texts its passages are looked for in. Marking parses and stems every word
    /// it is given, once per hit: over whole texts (5,500 characters on average in a generated catalogue) it cost more
    /// than finding and counting the records.
    /// </summary>
    public const int HighlightedCharacters = 5_000;

    private const char Mark = '\uE000', Unmark = '\uE001';

    /// <summary>
    /// Angle brackets as a passage is marked with them (private-use characters, which the text parser reads as spaces):
    /// PostgreSQL's parser reads «&lt;Molotov&gt;» as an HTML tag, which is never marked, though the word in it is found.
    /// </summary>
    private const char Opening = '\uE002', Closing = '\uE003';
    internal const string Decade = "decade", Status = "status";

    public static readonly IReadOnlyList<string> FacetNames = [.. SearchFilter.Lists.Select(f => f.Name), Decade, Status];

    [WolverineGet("/api/search")]
    [ReadsItsOwnQuery]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<SearchPage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Search(CatalogueReads reads, SearchOptions options, SearchesAtOnce searches, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var (request, errors) = SearchRequest.Read(http.Request.Query, staff: Roles.IsStaff(http.User), RequestParameters.RefusedBefore(http));
        if (request is null) return Results.ValidationProblem(errors);
        using var turn = await searches.EnterAsync(http.RequestAborted);
        if (turn is null) return searches.Refusal(http);
        request = await SamePerson.WidenAsync(session, request, http.RequestAborted);

        // Ranked by relevance, the page does not depend on how many records were found: it is read beside the counts on a
        // connection of its own, so an archivist waits for the longer of the two statements instead of both.
        async Task<Counted> CountedAsync() =>
            await OnePersonALineAsync(session, request, await CountAsync(session, request, options, http.RequestAborted), options, http.RequestAborted);

        Counted counted;
        Paged paged;
        if (request.Sort == SearchOrders.Relevance)
        {
            await using var beside = reads.OpenSession();
            var counting = CountedAsync();
            var paging = PageAsync(beside, request, found: null, options, http.RequestAborted);
            await Task.WhenAll(counting, paging);
            (counted, paged) = (await counting, await paging);
        }
        else
        {
            // Counting the person facet's people again beside the page gained nothing on two cores (measured at 110,000
            // records: docs/benchmarks.md), so a search in date order keeps to one connection.
            counted = await CountedAsync();
            paged = await PageAsync(session, request, counted.Total, options, http.RequestAborted);
        }

        return Results.Ok(new SearchPage(
            request.Q, request.Sort, request.PageSize, counted.Total, counted.Estimated, counted.FacetsEstimated, paged.Hits, counted.Facets, paged.Next));
    }

    private sealed record Counted(long Total, bool Estimated, IReadOnlyList<string> FacetsEstimated, IReadOnlyDictionary<string, IReadOnlyList<SearchFacetValue>> Facets);

    private sealed record Paged(IReadOnlyList<SearchHit> Hits, string? Next);

    private static async Task<Counted> CountAsync(IQuerySession session, SearchRequest request, SearchOptions options, CancellationToken ct)
    {
        var facets = FacetNames.ToDictionary(f => f, _ => new List<SearchFacetValue>());
        long total = 0;
        var estimated = false;
        string[] failingEstimated = [];
        await using (var counting = CountStatement(request, options))
        await using (var reader = await session.ExecuteReaderAsync(counting, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var facet = reader.GetString(0);
                estimated = reader.GetBoolean(3);
                failingEstimated = reader.GetFieldValue<string[]>(4);
                if (facet.Length == 0) total = reader.GetInt64(2);
                else facets[facet].Add(new SearchFacetValue(reader.GetString(1), reader.GetInt64(2)));
            }
        }

        // The statement ranks each list facet's values; the year's decades and the states read in their own order.
        facets[Decade].Sort((a, b) => int.Parse(a.Value, CultureInfo.InvariantCulture).CompareTo(int.Parse(b.Value, CultureInfo.InvariantCulture)));
        facets[Status].Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
        IReadOnlyList<string> estimates = estimated ? FacetNames : [.. FacetNames.Where(failingEstimated.Contains)];
        return new Counted(total, estimated, estimates, facets.ToDictionary(f => f.Key, f => (IReadOnlyList<SearchFacetValue>)f.Value));
    }

    /// <summary>The counts with the lines of one person made one in the person and translator facets (<see cref="SamePerson.OneLinePerPersonAsync"/>).</summary>
    private static async Task<Counted> OnePersonALineAsync(IQuerySession session, SearchRequest request, Counted counted, SearchOptions options, CancellationToken ct)
    {
        foreach (var filter in SearchFilter.OfPeople)
        {
            var facet = filter.Name;
            var (lines, estimated) = await SamePerson.OneLinePerPersonAsync(session, request, filter, counted.Facets[facet], options, ct);
            if (ReferenceEquals(lines, counted.Facets[facet])) continue;
            counted = counted with
            {
                Facets = counted.Facets.ToDictionary(f => f.Key, f => f.Key == facet ? lines : f.Value),
                FacetsEstimated = estimated && !counted.FacetsEstimated.Contains(facet) ? [.. FacetNames.Where(f => f == facet || counted.FacetsEstimated.Contains(f))] : counted.FacetsEstimated,
            };
        }

        return counted;
    }

    private static async Task<Paged> PageAsync(IQuerySession session, SearchRequest request, long? found, SearchOptions options, CancellationToken ct)
    {
        var hits = new List<SearchHit>();
        SearchCursor? last = null, next = null;
        var fingerprint = request.Fingerprint();
        await using var paging = PageStatement(request, found, options);
        await using var reader = await session.ExecuteReaderAsync(paging, ct);
        while (await reader.ReadAsync(ct))
        {
            if (hits.Count == request.PageSize)
            {
                next = last;
                break;
            }

            hits.Add(HitOf(reader));
            var id = reader.GetGuid(0);
            last = request.Sort == SearchOrders.Relevance
                ? SearchCursor.Relevance(reader.GetFloat(1), id, fingerprint)
                : SearchCursor.Date(reader.GetInt32(1), id, fingerprint);
        }

        return new Paged(hits, next?.Encode());
    }

    /// <summary>What both statements share: the words, who may see what, and the filters, with their parameters.</summary>
    private sealed record Conditions(string With, string From, List<string> Matched, Dictionary<string, string> Filters, string? Words);

    /// <param name="marked">
    /// Whether the page's passages are marked: then <c>q.marked</c> is the query they are marked by, the words as typed
    /// besides as folded (<see cref="TextQuery"/>).
    /// </param>
    private static Conditions ConditionsOf(SearchRequest request, NpgsqlCommand command, bool marked = false)
    {
        var words = TextQuery(request, command);
        var filters = Filters(request, command);
        var (from, matched) = words is null ? (SearchIndex.Table, new List<string>()) : ($"{SearchIndex.Table}, q", ["vector @@ q.query"]);
        if (words is not null && request.TypedPersonKeys.Count > 0)
        {
            // A record naming the person typed under any of their names, however its text hyphenates or spaces it ("Ho
            // Chi-minh" is not the phrase "Ho Chi Minh"): as the person filter finds it.
            matched[0] = $"(vector @@ q.query OR {SearchIndex.FacetValues} && @typedPerson)";
            command.Parameters.Add(new NpgsqlParameter("typedPerson", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = request.TypedPersonKeys.Select(k => SearchIndex.FacetValue(SearchFilter.Person.Name, k)).ToArray(),
            });
        }

        // Written out, not a parameter: the planner then knows readers' statements read published records only.
        if (request.PublishedOnly) matched.Add($"status = '{RecordStatus.Published}'");
        // Marked by the query as typed too only when folding changed what was typed: most words are written as folded
        // (ASCII, most Russian), and each word more in the query is one more a passage is compared with.
        var markedBy = marked && words is not null ? $", CASE WHEN {words.Unfolded} THEN {words.Found} ELSE {words.Found} || {words.AsTyped} END AS marked" : "";
        var with = words is null ? "" : $"q AS (SELECT {words.Found} AS query{markedBy}), ";
        return new Conditions(with, from, matched, filters, words?.Found);
    }

    private static string Where(IEnumerable<string> conditions) => conditions.Any() ? "WHERE " + string.Join(" AND ", conditions.Select(c => $"({c})")) : "";

    /// <summary>
    /// The facet counts and the total over the records the words and visibility allow (each facet with the other filters
    /// applied): a row per facet value, and one with an empty facet name for the total.
    /// </summary>
    public static NpgsqlCommand CountStatement(SearchRequest request, SearchOptions options)
    {
        var command = new NpgsqlCommand();
        var (with, from, matched, filters, _) = ConditionsOf(request, command);

        // Each facet counts the records every other filter allows, so no count needs a record that fails two filters:
        // with two filters or more, the records counted are narrowed to those failing one at most, and read off the
        // filters' indexes (the records passing one at least) rather than off every record the words allow.
        var counted = matched.ToList();
        if (filters.Count >= 2)
        {
            counted.Add(string.Join(" OR ", filters.Values.Select(f => $"({f})")));
            counted.Add($"{string.Join(" + ", filters.Values.Select(f => $"coalesce(({f})::integer, 0)"))} >= {filters.Count - 1}");
        }

        // The one filter a counted record fails, if any: it counts in that filter's facet alone, and not in the total.
        var failed = filters.Count == 0
            ? "NULL::text"
            : $"CASE {string.Join(" ", filters.Select(f => $"WHEN NOT coalesce(({f.Value}), false) THEN '{f.Key}'"))} END";
        var columns = $"{SearchIndex.FacetTerms}, {failed} AS failed";
        // Every facet's values, numbered (a name by its key and spelling), counted in one aggregate; then the few values
        // found read back as text, each counted in its facet when the record passes every filter, or fails that facet's.
        var values = $"""
            SELECT t.term AS f, sum(c.n)::bigint AS n
            FROM (SELECT v, m.failed, sum(m.w) AS n FROM m CROSS JOIN unnest(m.{SearchIndex.FacetTerms}) v GROUP BY v, m.failed) c
            JOIN {SearchIndex.TermsTable} t ON t.id = c.v
            WHERE c.failed IS NULL OR starts_with(t.term, c.failed || chr(31))
            GROUP BY t.term
            """;
        // The values sent, each among its facet's values even when no record found has it (with 0, as sent), and ranked
        // first: as sent, not as the filter matches them — a person's other names, which the filter takes too, are
        // merged into the name sent afterwards (SamePerson) and would take the places of values sent.
        var sent = request.Values.SelectMany(v => v.Value.Select(value => (Value: SearchIndex.FacetValue(v.Key.Name, v.Key.Key(value)), Shown: value)))
            .Concat(request.Statuses.Select(value => (Value: SearchIndex.FacetValue(Status, value), Shown: value))).ToList();
        command.Parameters.Add(new NpgsqlParameter("chosen", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sent.Select(c => c.Value).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("chosenShown", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sent.Select(c => c.Shown).ToArray() });
        var chosenFirst = sent.Count == 0 ? "" : "f = ANY(@chosen) DESC, ";
        command.Parameters.AddWithValue("sampleLimit", options.SampleLimit);
        command.Parameters.AddWithValue("exactCountsUpTo", options.ExactCountsUpTo);

        // What the search finds, every filter applied, is read first, at most one record past what an exact count may
        // reach: a search that finds no more is counted one by one, total and facets (deciding on the records its facets
        // count among instead, a rare repository in a large catalogue was estimated from a sample that held none of its
        // records: a total of 0 beside its hit). Otherwise the sample is read, off the text index, at most one record
        // past what an exact count may reach. When it holds more than that, the coarse sample is read and counted instead
        // (times its rate); else the sample is counted when it holds more than its share of an exact count (times its
        // rate); else every record counted is. What is read stays bounded, and a search that finds fewer than about 16
        // times an exact count reads the text index once less than when the coarse sample was read first: each read of a
        // common word typed last (matched as a prefix) cost 13–20 ms at 100,000 records.
        // A search that finds few counts those it finds from what was read of them; the records failing one filter, which
        // count in that filter's facet alone, are counted alike by sample when they are many, as the records found are:
        // "korea" with APRF and Russian found 3,079 records at 100,000 and counted 16,492 (Russian is two thirds of the
        // catalogue), and one filter and no words counted every record of the catalogue.
        var (failingParts, failingRows) = ("failing_scale AS (SELECT 1 AS rate),", "SELECT NULL::integer[], NULL::text, 0 WHERE false");
        if (filters.Count > 0)
        {
            var failing = Where(counted.Append($"NOT ({string.Join(" AND ", filters.Values.Select(f => $"coalesce(({f}), false)"))})").Append(Few));
            failingParts = $"""
                failing_sample AS MATERIALIZED (
                    SELECT {columns} FROM {from} {failing} AND {InSample(SearchIndex.SampleWord)} LIMIT @exactCountsUpTo + 1
                ),
                failing_sample_count AS (SELECT count(*) AS n FROM failing_sample),
                failing_coarse AS MATERIALIZED (
                    SELECT {columns} FROM {from} {failing} AND {InSample(SearchIndex.CoarseSampleWord)} AND (SELECT n FROM failing_sample_count) > @exactCountsUpTo
                ),
                failing_scale AS (
                    SELECT CASE WHEN n > @exactCountsUpTo THEN {SearchIndex.CoarseSampleRate}
                                WHEN n > @sampleLimit THEN {SearchIndex.SampleRate} ELSE 1 END AS rate
                    FROM failing_sample_count
                ),
                """;
            failingRows = $"""
                SELECT *, {SearchIndex.CoarseSampleRate} FROM failing_coarse WHERE (SELECT rate FROM failing_scale) = {SearchIndex.CoarseSampleRate}
                UNION ALL
                SELECT *, {SearchIndex.SampleRate} FROM failing_sample WHERE (SELECT rate FROM failing_scale) = {SearchIndex.SampleRate}
                UNION ALL
                SELECT {columns}, 1 FROM {from} {failing} AND {SearchIndex.CountedExactly}((SELECT rate FROM failing_scale))
                """;
        }

        // The facets whose counts the records failing their filter made estimates, when they were sampled.
        command.Parameters.Add(new NpgsqlParameter("filtered", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = filters.Keys.ToArray() });
        command.CommandText = $"""
            WITH {with}{Sampled(from, matched.Concat(filters.Values), counted, columns, $"{SearchIndex.FacetTerms}, NULL::text AS failed", failingParts, failingRows)},
            found_names AS ({values}),
            -- A name's spellings are one value (facet and key), shown as most of the records found write it (among
            -- equals, one not all in capitals before one that is, then in code point order): a record holds each key
            -- once, so their counts add up. Grouped again over the values found, not over the records.
            spellings AS (SELECT f, n, coalesce(nullif(split_part(f, chr(31), 3), ''), split_part(f, chr(31), 2)) AS spelling FROM found_names),
            found_values AS (
                SELECT split_part(f, chr(31), 1) || chr(31) || split_part(f, chr(31), 2) AS f, sum(n)::bigint AS n,
                       (array_agg(spelling ORDER BY n DESC, spelling = upper(spelling) AND spelling <> lower(spelling), f COLLATE "C"))[1] AS shown
                FROM spellings GROUP BY 1
            ),
            counts AS (
                SELECT f, n, shown FROM found_values
                UNION ALL SELECT c.f, 0, c.shown FROM unnest(@chosen::text[], @chosenShown::text[]) c(f, shown) WHERE c.f NOT IN (SELECT f FROM found_values)
            ),
            ranked AS (
                SELECT split_part(f, chr(31), 1) AS facet, shown AS v, n,
                       row_number() OVER (PARTITION BY split_part(f, chr(31), 1) ORDER BY {chosenFirst}n DESC, f) AS r
                FROM counts
            ),
            -- Whether every count is estimated (the records found were many), or only those of the filtered facets.
            estimated AS (
                SELECT scale.rate > 1 AS every, CASE WHEN {Few} AND failing_scale.rate > 1 THEN @filtered ELSE ARRAY[]::text[] END AS failing
                FROM scale, failing_scale
            )
            SELECT facet, v, n, estimated.every, estimated.failing FROM ranked, estimated
            WHERE r <= {FacetValues} OR facet IN ('{Decade}', '{Status}')
            UNION ALL
            -- An estimate is never below what was found past an exact count's reach.
            SELECT '', NULL, CASE WHEN estimated.every THEN greatest(total.n, (SELECT n FROM found_count)) ELSE total.n END, estimated.every, estimated.failing
            FROM estimated, (SELECT coalesce(sum(w), 0)::bigint AS n FROM m WHERE m.failed IS NULL) total;
            """;
        return command;
    }

    private const string Many = "(SELECT n FROM found_count) > @exactCountsUpTo", Few = "(SELECT n FROM found_count) <= @exactCountsUpTo";

    private static string InSample(string word) => $"vector @@ '''{word}'''::tsquery";

    /// <summary>
    /// The records a count reads, as the statement's <c>m</c>, each with the number of records it stands for (<c>w</c>):
    /// every record found when they are few, else the records of the sample or the coarse sample, times its rate (the
    /// reasons in <see cref="CountStatement"/>); with <c>scale</c>, the rate the records found were counted at.
    /// </summary>
    /// <param name="found">What a record found meets: the words, who may see it and every filter.</param>
    /// <param name="counted">What a record counted meets when the records found are many (the records failing one filter too, for the facets).</param>
    /// <param name="failingParts">The statement's parts counting the records failing one filter (with <c>failing_scale</c>), if any.</param>
    /// <param name="failingRows">Their rows of <c>m</c>.</param>
    private static string Sampled(string from, IEnumerable<string> found, IReadOnlyList<string> counted, string columns, string foundColumns, string failingParts, string failingRows) => $"""
        found AS MATERIALIZED (
            SELECT {foundColumns} FROM {from} {Where(found)} LIMIT @exactCountsUpTo + 1
        ),
        found_count AS (SELECT count(*) AS n FROM found),
        sample AS MATERIALIZED (
            SELECT {columns} FROM {from} {Where(counted.Append(InSample(SearchIndex.SampleWord)).Append(Many))} LIMIT @exactCountsUpTo + 1
        ),
        sample_count AS (SELECT count(*) AS n FROM sample),
        coarse AS MATERIALIZED (
            SELECT {columns} FROM {from} {Where(counted.Append(InSample(SearchIndex.CoarseSampleWord)).Append("(SELECT n FROM sample_count) > @exactCountsUpTo"))}
        ),
        scale AS (
            SELECT CASE WHEN NOT {Many} THEN 1
                        WHEN n > @exactCountsUpTo THEN {SearchIndex.CoarseSampleRate}
                        WHEN n > @sampleLimit THEN {SearchIndex.SampleRate} ELSE 1 END AS rate
            FROM sample_count
        ),
        {failingParts}
        -- Each record counted with the number of records it stands for (w): its sample's rate, or 1.
        m AS MATERIALIZED (
            SELECT *, {SearchIndex.CoarseSampleRate} AS w FROM coarse WHERE (SELECT rate FROM scale) = {SearchIndex.CoarseSampleRate}
            UNION ALL
            SELECT *, {SearchIndex.SampleRate} FROM sample WHERE (SELECT rate FROM scale) = {SearchIndex.SampleRate}
            UNION ALL
            SELECT {columns}, 1 FROM {from} {Where(counted.Append(Many).Append($"{SearchIndex.CountedExactly}((SELECT rate FROM scale))"))}
            UNION ALL
            SELECT *, 1 FROM found WHERE {Few}
            UNION ALL
            {failingRows}
        )
        """;

    /// <summary>
    /// How many records the search finds for each of these people with every filter but <paramref name="filter"/> (person
    /// or translator) applied — as its facet counts — each person by the folded keys of all their names, so a record
    /// writing two of them counts once: a row per person found (their index in <paramref name="people"/>, the count), each
    /// with whether the counts were estimated. Counted exactly or by sample as <see cref="CountStatement"/> counts.
    /// </summary>
    public static NpgsqlCommand PeopleStatement(SearchRequest request, SearchFilter filter, IReadOnlyList<IReadOnlyList<string>> people, SearchOptions options)
    {
        var command = new NpgsqlCommand();
        var others = request with
        {
            Values = request.Values.Where(v => v.Key != filter).ToDictionary(),
            OtherNamesChosen = request.OtherNamesChosen.Where(o => o.Key != filter).ToDictionary(),
        };
        var (with, from, matched, filters, _) = ConditionsOf(others, command);
        SearchIndex.AddPeopleNames(command, filter.Name, people);
        command.Parameters.AddWithValue("sampleLimit", options.SampleLimit);
        command.Parameters.AddWithValue("exactCountsUpTo", options.ExactCountsUpTo);
        var counted = matched.Concat(filters.Values).Append($"{SearchIndex.FacetValues} && @names").ToList();
        const string columns = $"{SearchIndex.FacetValues}, NULL::text AS failed";
        command.CommandText = $"""
            WITH {with}{Sampled(from, counted, counted, columns, columns, "", "SELECT NULL::text[], NULL::text, 0 WHERE false")}
            SELECT p.person, sum(m.w)::bigint, (SELECT rate FROM scale) > 1
            FROM m CROSS JOIN LATERAL (SELECT DISTINCT n.person FROM unnest(@names::text[], @people::integer[]) n(v, person) WHERE n.v = ANY(m.{SearchIndex.FacetValues})) p
            GROUP BY p.person;
            """;
        return command;
    }

    /// <summary>The page of hits with every filter applied, marked.</summary>
    /// <param name="found">
    /// How many records the search found (the total its counts gave, exact or estimated): it decides how a page in date
    /// order is read (<see cref="SearchOptions.SortedOnceFoundUpTo"/>). A page ranked by relevance is read alike whatever
    /// was found, and may be asked for before the counts (null).
    /// </param>
    public static NpgsqlCommand PageStatement(SearchRequest request, long? found, SearchOptions options)
    {
        var command = new NpgsqlCommand();
        var (with, from, matched, filters, words) = ConditionsOf(request, command, marked: true);
        var relevance = request.Sort == SearchOrders.Relevance;
        if (!relevance && found is null) throw new ArgumentNullException(nameof(found), "A page in date order is read as the number found says.");
        // Ranked by the record's head (title, summary, names), which the index row holds: ranking thousands of matches
        // then reads no full text. A record found by its full text alone ranks after those whose head has the words.
        var key = relevance ? "ts_rank(head, q.query)" : "sort_day";
        // "+ 0" keeps the planner off the date index: the matches are found off the filters' and words' indexes, then sorted.
        var order = relevance || found > options.SortedOnceFoundUpTo ? key : $"{key} + 0";
        var (direction, compare) = relevance ? ("DESC", "<") : ("ASC", ">");
        var paged = matched.Concat(filters.Values).ToList();
        if (request.After is { } after)
        {
            paged.Add($"({key}, id) {compare} (@key, @id)");
            command.Parameters.Add(relevance
                ? new NpgsqlParameter("key", NpgsqlDbType.Real) { Value = after.Rank }
                : new NpgsqlParameter("key", NpgsqlDbType.Integer) { Value = after.SortDay });
            command.Parameters.AddWithValue("id", after.Id);
        }

        command.Parameters.AddWithValue("limit", request.PageSize + 1);
        var highlights = words is null
            ? "NULL::text, NULL::text"
            : $"""
              ts_headline('{SearchIndex.Configuration}', translate(d.data ->> 'Title', '<>', @brackets), q.marked, @titleMarks),
              ts_headline('{SearchIndex.Configuration}', translate(left(concat_ws(E'\n', d.data ->> 'Summary',
                  (SELECT string_agg(t ->> 'Text', E'\n') FROM jsonb_array_elements(d.data -> 'Texts') t)), {HighlightedCharacters}), '<>', @brackets), q.marked, @textMarks)
              """;
        if (words is not null)
        {
            command.Parameters.AddWithValue("brackets", $"{Opening}{Closing}");
            command.Parameters.AddWithValue("titleMarks", $"HighlightAll=true, StartSel={Mark}, StopSel={Unmark}");
            command.Parameters.AddWithValue("textMarks", $"MaxFragments=2, MaxWords=30, MinWords=12, StartSel={Mark}, StopSel={Unmark}, FragmentDelimiter=\" … \"");
        }

        var page = $"SELECT id, {key} AS key FROM {from} {Where(paged)} ORDER BY {order} {direction}, id {direction} LIMIT @limit";
        if (!relevance && found > options.SortedOnceFoundUpTo && request.YearFrom is { } yearFrom)
        {
            // Walked from the first day of the first year asked for, not from the oldest record: every record dated
            // before it that the years allow begins before the year and runs into it, and is found off the index of
            // such intervals instead (a few in a thousand records).
            command.Parameters.AddWithValue("fromDay", yearFrom * 10_000 + 101);
            page = $"""
                SELECT id, key FROM (
                    (SELECT id, sort_day AS key FROM {from} {Where(paged.Append("sort_day >= @fromDay"))} ORDER BY sort_day, id LIMIT @limit)
                    UNION ALL
                    (SELECT id, sort_day AS key FROM {from} {Where(paged.Append("sort_day < @fromDay").Append(SearchIndex.IntoYear("@yearFrom")))}
                     ORDER BY sort_day + 0, id LIMIT @limit)
                ) found
                ORDER BY key, id LIMIT @limit
                """;
        }

        command.CommandText = $"""
            WITH {with}page AS ({page}),
            -- Each document read once: every "->" on a stored document would otherwise decompress it again.
            hit AS MATERIALIZED (SELECT page.id, page.key, d.data || jsonb_build_object() AS data FROM page JOIN {RecordSearch.Table} d ON d.id = page.id)
            SELECT d.id, d.key, d.data ->> 'Title', d.data -> 'Record' ->> 'AccessionNumber', d.data -> 'Record' ->> 'DocumentType',
                   d.data ->> 'Status', (d.data -> 'Record' ->> 'Version')::bigint,
                   d.data -> 'Date' ->> 'Role', d.data -> 'Date' ->> 'AsWritten', d.data -> 'Date' ->> 'Edtf',
                   (d.data -> 'Date' ->> 'FromYear')::integer, (d.data -> 'Date' ->> 'ToYear')::integer,
                   array(SELECT jsonb_array_elements_text(d.data -> 'Repositories')),
                   {highlights}
            FROM hit d{(words is null ? "" : ", q")}
            ORDER BY d.key {direction}, d.id {direction};
            """;
        return command;
    }

    /// <summary>
    /// A minus that no word follows: one before a space, another minus, an operator <c>websearch_to_tsquery</c> skips, or
    /// the end. Each such minus it reads as one more "not" waiting for its word, and PostgreSQL holds 32 at most
    /// ("tsquery stack too small", a 500 for 33 dashes): so they go, and a word after a run of minuses is excluded once.
    /// Taken away after folding, which writes dashes and quotes of other scripts (—, “) as the ASCII ones.
    /// </summary>
    private const string LooseMinus = "-(?=[-[:space:]!&|()<]|$)";

    /// <summary>
    /// The words as text search queries: as the index is searched, and as typed (<see cref="TextQuery"/>); and whether
    /// folding left what was typed as it was (then the two are one).
    /// </summary>
    private sealed record TextQueries(string Found, string AsTyped, string Unfolded);

    /// <summary>
    /// The words as a text search query, folded as the index is (<see cref="SearchIndex"/>): <c>websearch_to_tsquery</c>
    /// reads what was typed, and the last word, when it is all letters and digits, is found as a word (its stem, as any
    /// other) or by its beginning as typed — not by its stem's beginning, which is shorter and begins other words
    /// («кие» is stemmed «ки», which begins «Ким» and «китайском»). The user's text only ever reaches <c>to_tsquery</c>
    /// checked to be one word of letters and digits, so it cannot write query syntax. Also the same query of the words as
    /// typed (angle brackets read as spaces, as the index reads them), which passages are marked by besides: a passage is
    /// marked as written, where "Kovács" is not the folded "Kovacs", so a word typed with its accents was found and not marked.
    /// </summary>
    private static TextQueries? TextQuery(SearchRequest request, NpgsqlCommand command)
    {
        if (request.Q is null) return null;
        var words = SearchWords.Of(request.Q);
        command.Parameters.AddWithValue("words", words.Words);
        if (words.Alternatives is not null) command.Parameters.AddWithValue("alternatives", words.Alternatives);
        if (words.Prefix is not null) command.Parameters.AddWithValue("prefix", words.Prefix);
        for (var i = 0; i < request.OtherNames.Count; i++) command.Parameters.AddWithValue($"name{i}", request.OtherNames[i]);

        string[] texts =
        [
            .. words.Alternatives is null ? Array.Empty<string>() : ["@alternatives"], "@words",
            .. words.Prefix is null ? Array.Empty<string>() : ["@prefix"], .. request.OtherNames.Select((_, i) => $"@name{i}"),
        ];
        string Query(Func<string, string> fold)
        {
            string Web(string text) => $"websearch_to_tsquery('{SearchIndex.Configuration}', regexp_replace({fold(text)}, '{LooseMinus}', '', 'g'))";
            var query = Web("@words");
            if (words.Prefix is not null)
            {
                // A word the index leaves out ("the", «и») after other words asks for nothing more, as it does typed whole
                // (found from outside: "stalin the", typed on the way to more, found nothing, where "stalin" found 3,504):
                // as a beginning it would be looked for among the stems, which hold no such words.
                var stopWord = words.Words.Length == 0 ? "false" : $"numnode(to_tsquery('{SearchIndex.Configuration}', w)) = 0";
                var prefix = $"""
                    (SELECT CASE WHEN w ~ '^[[:alnum:]]+$' AND {stopWord} THEN ''::tsquery
                                 WHEN w ~ '^[[:alnum:]]+$' THEN to_tsquery('{SearchIndex.Configuration}', w) || to_tsquery('pg_catalog.simple', w || ':*')
                                 ELSE websearch_to_tsquery('{SearchIndex.Configuration}', w) END
                     FROM (SELECT {fold("@prefix")} AS w) typed)
                    """;
                // No words before it (typed alone, or alone after "or"): the prefix alone, not an empty query joined to it.
                query = words.Words.Length == 0 ? prefix : $"({query} && {prefix})";
                if (words.Alternatives is not null) query = $"({Web("@alternatives")} || {query})";
            }

            // Each other name of the person typed, as a phrase: "Chou En-lai" finds the records that write "Zhou Enlai".
            for (var i = 0; i < request.OtherNames.Count; i++) query = $"({query} || phraseto_tsquery('{SearchIndex.Configuration}', {fold($"@name{i}")}))";
            // A Russian word typed in one case finds it in the others, the nominative among them («Молотов», «Молотова»).
            return $"{SearchIndex.NominativeForms}({query}, concat_ws(' ', {string.Join(", ", texts.Select(fold))}))";
        }

        string Folded(string text) => $"{SearchIndex.Fold}({text})";
        string Typed(string text) => $"translate({text}, '<>', '  ')";
        return new TextQueries(Query(Folded), Query(Typed), string.Join(" AND ", texts.Select(t => $"{Folded(t)} = {Typed(t)}")));
    }

    /// <summary>Each filter asked for, by its facet's name, as a condition on the index's columns.</summary>
    private static Dictionary<string, string> Filters(SearchRequest request, NpgsqlCommand command)
    {
        var filters = new Dictionary<string, string>();
        foreach (var (filter, values) in request.Values)
        {
            filters[filter.Name] = $"{SearchIndex.FacetValues} && @{filter.Name}";
            command.Parameters.Add(new NpgsqlParameter(filter.Name, NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = request.Matched(filter, values).Select(v => SearchIndex.FacetValue(filter.Name, v)).ToArray(),
            });
        }

        if (request.Statuses.Count > 0)
        {
            filters[Status] = $"status = ANY(@{Status})";
            command.Parameters.Add(new NpgsqlParameter(Status, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = request.Statuses.ToArray() });
        }

        if (request.YearFrom is not null || request.YearTo is not null)
        {
            // A date is found by every year it is counted in (RecordSearch.Years), as the decade facet counts it: "1949?"
            // and "1948/1950" are both found from 1949 to 1949; "../1967", an interval open at its start, in 1967 only.
            filters[Decade] = "from_year <= @yearTo AND to_year >= @yearFrom";
            command.Parameters.AddWithValue("yearFrom", request.YearFrom ?? SearchRequest.FirstYear);
            command.Parameters.AddWithValue("yearTo", request.YearTo ?? SearchRequest.LastYear);
        }

        return filters;
    }

    private static SearchHit HitOf(System.Data.Common.DbDataReader reader)
    {
        string? Text(int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
        int? Number(int column) => reader.IsDBNull(column) ? null : reader.GetInt32(column);
        var date = Text(7) is { } role ? new ListedDate(role, Text(8)!, Text(9)!, Number(10), Number(11)) : null;
        var highlights = Text(13) is { } title ? new SearchHighlights(Marked(title), Marked(Text(14) ?? "")) : null;
        return new SearchHit(
            reader.GetGuid(0), Text(3)!, Text(2)!, Text(4), Text(5)!, date, reader.GetFieldValue<string[]>(12), reader.GetInt64(6), highlights);
    }

    /// <summary>A passage as HTML: its text escaped, the words that matched in <c>&lt;mark&gt;</c>.</summary>
    public static string Marked(string passage)
    {
        var html = new StringBuilder();
        var open = false;
        foreach (var c in passage)
        {
            switch (c)
            {
                case Mark when !open:
                    html.Append("<mark>");
                    open = true;
                    break;
                case Unmark when open:
                    html.Append("</mark>");
                    open = false;
                    break;
                case Mark or Unmark:
                    break;
                case '&':
                    html.Append("&amp;");
                    break;
                case '<' or Opening:
                    html.Append("&lt;");
                    break;
                case '>' or Closing:
                    html.Append("&gt;");
                    break;
                case '"':
                    html.Append("&quot;");
                    break;
                case '\'':
                    html.Append("&#39;");
                    break;
                default:
                    html.Append(c);
                    break;
            }
        }

        if (open) html.Append("</mark>");
        // A summary's or full text's embedding or override left open would turn how the rest of the page is shown.
        return html.Append(Validation.BidiControls.Closing(passage)).ToString();
    }
}

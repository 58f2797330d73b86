using Catalogue.Api.Authorities;
using Catalogue.Api.Search;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>The same query asked of PostgreSQL directly: what the service's answer costs at the least.</summary>
/// <param name="Run">
/// Asks it of the database given, on as many of its pooled connections as the service uses for it, reading every row and
/// column of every result; how many rows came.
/// </param>
public sealed record RawQuery(Func<ReadSample, NpgsqlDataSource, CancellationToken, Task<int>> Run)
{
    public RawQuery(Func<ReadSample, NpgsqlCommand> command)
        : this(async (s, database, ct) =>
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            return await ReadAllAsync(command(s), connection, ct);
        })
    {
    }

    public RawQuery(string sql, Func<ReadSample, object[]> parameters)
        : this(s =>
        {
            var command = new NpgsqlCommand(sql);
            foreach (var value in parameters(s)) command.Parameters.Add(new NpgsqlParameter { Value = value });
            return command;
        })
    {
    }

    /// <summary>Every row and column of every result, as the service reads them.</summary>
    /// <param name="onRow">Shown each row once its columns are read (the same array each time, filled again).</param>
    public static async Task<int> ReadAllAsync(NpgsqlCommand command, NpgsqlConnection connection, CancellationToken ct, Action<object[]>? onRow = null)
    {
        await using var disposing = command;
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = 0;
        do
        {
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(ct))
            {
                reader.GetValues(values);
                onRow?.Invoke(values);
                rows++;
            }
        }
        while (await reader.NextResultAsync(ct));

        return rows;
    }
}

/// <summary>
/// One read to measure: how a client asks the service, and the query the service runs for it, asked of PostgreSQL
/// directly beside it as its raw ceiling. A scenario the service cannot answer yet says why instead, and is listed
/// without figures.
/// </summary>
/// <param name="Clients">How many clients ask at once, each as soon as its last answer came.</param>
public sealed record ReadScenario(string Name, Func<ReadSample, HttpRequestMessage>? Request, RawQuery? Raw, string? NotYet = null, int Clients = ReadSideBenchmark.Clients)
{
    public static ReadScenario Missing(string name, string why) => new(name, null, null, why);
}

/// <summary>What the requests are drawn from: records sampled from the catalogue under test.</summary>
/// <param name="deep">The line four fifths of the way down the record list (newest first), where a deep page starts.</param>
public sealed class ReadSample(IReadOnlyList<Guid> records, long catalogueSize, (DateTime AccessionedAt, Guid Id) deep)
{
    public Guid AnyRecord() => records[Random.Shared.Next(records.Count)];

    public string Pick(IReadOnlyList<string> values) => values[Random.Shared.Next(values.Count)];

    public long CatalogueSize => catalogueSize;

    /// <summary>How far down the list the deep page starts.</summary>
    public long DeepLine => catalogueSize * 4 / 5;

    public (DateTime AccessionedAt, Guid Id) Deep => deep;

    /// <summary>The cursor a client holds after reading down to <see cref="DeepLine"/>, as the service gives it.</summary>
    public string DeepCursor => new Catalogue.Api.Records.RecordListCursor(
        Catalogue.Api.Records.RecordListOrder.Newest, deep.AccessionedAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), deep.Id).Encode();
}

/// <summary>The read side's scenarios, one entry each: add one, or change one when its endpoint changes, here and nowhere else.</summary>
public static class ReadScenarios
{
    public const int PageSize = 25;

    /// <summary>
    /// What <c>GET /api/records?pageSize=25[&amp;after=CURSOR]</c> runs (ReadRecords.List): the list's narrow documents off
    /// its index on the accession time, one line more than the page to know whether another follows.
    /// </summary>
    private const string FirstListPage =
        "select data, accessioned_at, id from catalogue.mt_doc_recordlisting order by accessioned_at desc, id desc limit $1";

    private const string ListPageAfter =
        "select data, accessioned_at, id from catalogue.mt_doc_recordlisting where (accessioned_at, id) < ($1, $2) order by accessioned_at desc, id desc limit $3";

    public static IReadOnlyList<ReadScenario> All(ReadSample sample) =>
    [
        // What any request costs before it reads anything: no credentials are checked, no database is asked.
        new("pipeline: GET /health/live",
            _ => Get("/health/live"),
            new("select 1", _ => [])),
        new("record GET",
            s => Get($"/api/records/{s.AnyRecord()}"),
            new("select d.data from catalogue.mt_doc_cataloguerecord as d where d.id = $1", s => [s.AnyRecord()])),
        new("list, first page",
            _ => Get($"/api/records?pageSize={PageSize}"),
            new(FirstListPage, _ => [PageSize + 1])),
        new("list, deep page (80 %)",
            s => Get($"/api/records?pageSize={PageSize}&after={Uri.EscapeDataString(s.DeepCursor)}"),
            new(ListPageAfter, s => [s.Deep.AccessionedAt, s.Deep.Id, PageSize + 1])),
        .. Search("search, words + 2 filters", s => $"q={Uri.EscapeDataString(s.Pick(Words))}&repository={s.Pick(Repositories)}&language={s.Pick(Languages)}"),
        .. Search("facets, 2 filters, no words", s => $"repository={s.Pick(Repositories)}&yearFrom={s.Pick(Years)}&yearTo=1991&pageSize=1"),
        .. Search("search, one broad word", _ => "q=stalin"),
        .. Suggest("people suggested, one letter typed", s => s.Pick(Letters)),
        .. Suggest("people suggested, four letters typed", s => s.Pick(Starts)),
        new("report: repositories",
            _ => Get("/api/reports/repositories"),
            new("select d.data from catalogue.mt_doc_reporttally as d where d.report = $1", _ => ["repositories"])),
    ];

    /// <summary>Words archivists look for in the generated catalogue, from a few hundred records to a few thousand.</summary>
    private static readonly string[] Words = ["treaty", "korea", "negotiations", "zhou", "armistice", "telegram", "совещание", "договор"];

    /// <summary>What an archivist has typed of a name: a first letter (the most names to look at), then more of one.</summary>
    private static readonly string[] Letters = ["a", "k", "m", "s", "z"];

    private static readonly string[] Starts = ["gromy", "kim i", "zhou", "mao z", "roshc"];

    private static readonly string[] Repositories = ["AVPRF", "RGASPI", "APRF", "GARF"];
    private static readonly string[] Languages = ["ru", "en", "zh"];
    private static readonly string[] Years = ["1945", "1950", "1955", "1960"];

    /// <summary>
    /// A search as an archivist (staff) sends it, each request drawn afresh; beside it the statement the endpoint runs for
    /// the same kind of request (its extra round trips to the people authority — the other names of a person typed, and
    /// whose names the person facet's lines are — are the service's: the catalogue generated records no alias, so no
    /// person line is counted again).
    /// Measured with one client — what an archivist waits — and with all of them at once: a search costs tens of
    /// milliseconds of the two cores, so eight clients asking without pause mostly measure the queue.
    /// </summary>
    private static IEnumerable<ReadScenario> Search(string name, Func<ReadSample, string> query)
    {
        // The endpoint's two statements as it asks them: ranked by relevance, the counts and the page side by side on two
        // connections; in date order the counts, then the page, read as the total found says.
        var raw = new RawQuery(async (s, database, ct) =>
        {
            var (request, errors) = SearchRequest.Read(QueryHelpers.ParseQuery(query(s)), staff: true);
            if (request is null) throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
            var options = new SearchOptions(SearchOptions.DefaultExactCountsUpTo);
            long found = 0;

            async Task<int> Counts()
            {
                await using var connection = await database.OpenConnectionAsync(ct);
                return await RawQuery.ReadAllAsync(
                    SearchRecordsEndpoint.CountStatement(request, options), connection, ct, onRow: row => found = (string)row[0] == "" ? Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture) : found);
            }

            async Task<int> Page(long? total)
            {
                await using var connection = await database.OpenConnectionAsync(ct);
                return await RawQuery.ReadAllAsync(SearchRecordsEndpoint.PageStatement(request, total, options), connection, ct);
            }

            if (request.Sort == SearchOrders.Relevance)
            {
                var rows = await Task.WhenAll(Counts(), Page(null));
                return rows.Sum();
            }

            var counted = await Counts();
            return counted + await Page(found);
        });
        yield return new ReadScenario($"{name}, 1 client", s => Get($"/api/search?{query(s)}"), raw, Clients: 1);
        yield return new ReadScenario(name, s => Get($"/api/search?{query(s)}"), raw);
    }

    /// <summary>
    /// People suggested as an archivist (staff) types, each request drawn afresh; beside it the endpoint's two statements
    /// for a page of ten: the names matching, then the records and roles of the first ten (the service also asks which
    /// authorities claim the names — none in a generated catalogue — and counts more when some have no record to show).
    /// </summary>
    private static IEnumerable<ReadScenario> Suggest(string name, Func<ReadSample, string> typed)
    {
        var raw = new RawQuery(async (s, database, ct) =>
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            var keys = new List<IReadOnlyList<string>>();
            var key = AccessPointKeys.Fold(typed(s));
            var matched = await RawQuery.ReadAllAsync(
                AuthorityQueries.MatchStatement(AccessPointKinds.Person, key, AuthorityQueries.Candidates),
                connection, ct, onRow: row => keys.Add([(string)row[1]]));
            return matched + await RawQuery.ReadAllAsync(
                AuthorityQueries.CountStatement(AccessPointKinds.Person, [.. keys.Take(AuthorityQueries.DefaultPageSize)], staff: true),
                connection, ct);
        });
        yield return new ReadScenario($"{name}, 1 client", s => Get($"/api/people?q={Uri.EscapeDataString(typed(s))}"), raw, Clients: 1);
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}

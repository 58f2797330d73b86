namespace Catalogue.Benchmarks;

/// <summary>The same query asked of PostgreSQL directly: what the service's answer costs at the least.</summary>
public sealed record RawQuery(string Sql, Func<ReadSample, object[]> Parameters);

/// <summary>
/// One read to measure: how a client asks the service, and the query the service runs for it, asked of PostgreSQL
/// directly beside it as its raw ceiling. A scenario the service cannot answer yet says why instead, and is listed
/// without figures.
/// </summary>
public sealed record ReadScenario(string Name, Func<ReadSample, HttpRequestMessage>? Request, RawQuery? Raw, string? NotYet = null)
{
    public static ReadScenario Missing(string name, string why) => new(name, null, null, why);
}

/// <summary>What the requests are drawn from: records sampled from the catalogue under test.</summary>
public sealed class ReadSample(IReadOnlyList<Guid> records, long catalogueSize)
{
    public Guid AnyRecord() => records[Random.Shared.Next(records.Count)];

    public long CatalogueSize => catalogueSize;

    /// <summary>The page four fifths of the way down the list, where an offset has most rows to skip.</summary>
    public int DeepPage => (int)Math.Max(1, catalogueSize * 4 / 5 / ReadScenarios.PageSize);
}

/// <summary>
/// The read side's scenarios, one entry each: add one, or change one when its endpoint changes, here and nowhere else.
/// When the list moves to keyset pagination (<c>GET /api/records?after=CURSOR</c>), its two entries change to that
/// request and to the list projection's keyset query; a deep page is then a cursor sampled from the middle of the list.
/// </summary>
public static class ReadScenarios
{
    public const int PageSize = 25;

    /// <summary>
    /// What Marten 9.59 sends for <c>GET /api/records?page=P&amp;pageSize=25</c> (ReadRecords.List): the list items built from
    /// the record documents, newest accession first, with the total counted over the whole table, skipping the pages
    /// before. Copied from Marten's own command so that the raw figure is of the same query.
    /// </summary>
    private const string ListPage =
        """
        select (jsonb_build_object('AccessionNumber', d.data ->> 'AccessionNumber', 'Title', d.data ->> 'Title', 'DocumentType', d.data ->> 'DocumentType',
                'Status', d.data ->> 'Status') || jsonb_strip_nulls(jsonb_build_object('Id', d.id, 'Version', CAST(d.data ->> 'Version' as bigint),
                'AccessionedAt', catalogue.mt_immutable_timestamptz(d.data ->> 'AccessionedAt')))), count(*) OVER() as total_rows
        from catalogue.mt_doc_cataloguerecord as d
        order by catalogue.mt_immutable_timestamptz(d.data ->> 'AccessionedAt') desc, d.id desc
        OFFSET $1 LIMIT $2
        """;

    public static IReadOnlyList<ReadScenario> All(ReadSample sample) =>
    [
        new("record GET",
            s => Get($"/api/records/{s.AnyRecord()}"),
            new("select d.data from catalogue.mt_doc_cataloguerecord as d where d.id = $1", s => [s.AnyRecord()])),
        new("list, first page",
            _ => Get($"/api/records?page=1&pageSize={PageSize}"),
            new(ListPage, _ => [0, PageSize])),
        new($"list, deep page ({sample.DeepPage})",
            s => Get($"/api/records?page={s.DeepPage}&pageSize={PageSize}"),
            new(ListPage, s => [(s.DeepPage - 1) * PageSize, PageSize])),
        ReadScenario.Missing("search", "no search endpoint yet"),
        ReadScenario.Missing("facets", "no facet endpoint yet"),
        ReadScenario.Missing("reports", "no report endpoint yet"),
    ];

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
}

using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Npgsql;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// Search is a fold of the events like every read model: rebuilt — all read models at once, or search alone by the
/// async daemon while the catalogue serves — it finds, counts and orders exactly what it did before, and a check of the
/// read models covers it.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_search_is_rebuilt_from_the_events(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string[] Searches =
    [
        Words("stalin"),
        Words("stalin") + "&sort=date&pageSize=2",
        Words("stalin") + "&subject=Korean%20War&language=ru",
        Words("zhou enl"),
        "yearFrom=1949&yearTo=1950",
        "status=draft&status=withdrawn",
    ];

    /// <summary>What the searches, the record list and the search index tell now.</summary>
    private async Task<string> WhatSearchTells()
    {
        var told = new List<string>();
        foreach (var query in Searches) told.Add((await Service.Search(query)).ToJsonString());
        foreach (var query in Searches.Where(q => !q.Contains("status")))
            told.Add((await Service.Search(query, Service.As("reader"))).ToJsonString());
        told.Add(string.Join("|", (await Service.ListedRecords()).Select(r => r.ToJsonString())));
        told.Add(await IndexRows());
        return string.Join("\n", told);
    }

    private async Task<string> IndexRows()
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select string_agg(row(i.*)::text, E'\\n' order by id) from catalogue.record_search_index i", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task ACatalogue()
    {
        await SearchedCatalogue.Describe(Api);
        (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task search_and_the_record_list_tell_the_same_after_a_full_rebuild()
    {
        await ACatalogue();
        var before = await WhatSearchTells();

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray();

        var search = Assert.Single(rebuilt, r => r!["readModel"]!.GetValue<string>() == "RecordSearch")!;
        Assert.Null(search["skipped"]);
        Assert.Equal(6, search["documents"]!.GetValue<long>());
        Assert.Equal(before, await WhatSearchTells());
    }

    [Fact]
    public async Task search_rebuilt_alone_by_the_daemon_tells_the_same_and_serves_meanwhile()
    {
        await ACatalogue();
        var before = await WhatSearchTells();
        using var stop = new CancellationTokenSource();
        var reader = Service.As("reader");
        var answers = new List<HttpStatusCode>();
        var searching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) answers.Add((await reader.Get("/api/search?" + Words("stalin"))).Status);
        });

        (await Api.Post("/api/admin/projections/RecordSearch/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
        await stop.CancelAsync();
        await searching;

        Assert.NotEmpty(answers);
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(before, await WhatSearchTells());
    }

    [Fact]
    public async Task a_check_of_the_read_models_compares_search_too()
    {
        await ACatalogue();

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        var search = check["readModels"]!.AsArray().Single(m => m!["readModel"]!.GetValue<string>() == "RecordSearch")!;
        Assert.Equal(("async", 6L, 6L), (search["lifecycle"]!.GetValue<string>(), search["liveDocuments"]!.GetValue<long>(), search["rebuiltDocuments"]!.GetValue<long>()));
        var projections = (await Api.Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json["projections"]!.AsArray();
        Assert.Contains(projections, p => p!["name"]!.GetValue<string>() == "RecordSearch" && p["lifecycle"]!.GetValue<string>() == "async");
    }

    [Fact]
    public async Task a_forged_or_missing_row_of_the_search_index_is_reported_and_repaired_by_the_whole_rebuild()
    {
        var c = await SearchedCatalogue.Describe(Api);
        await Service.ProjectionsCaughtUp();
        await using (var connection = new NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forge = new NpgsqlCommand(
                $"update catalogue.record_search_index set facet_values = array['subject' || chr(31) || 'forged'] where id = '{c.StalinLetter}'; delete from catalogue.record_search_index where id = '{c.Draft}'",
                connection);
            await forge.ExecuteNonQueryAsync();
        }

        Assert.Equal([c.StalinLetter], (await Service.Search("subject=Forged")).Hits());
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(check["identical"]!.GetValue<bool>());
        var differences = check["differences"]!.AsArray();
        Assert.Equal(new[] { c.StalinLetter, c.Draft }.Select(id => id.ToString()).Order(), differences.Select(d => d!["documentId"]!.GetValue<string>()).Order());
        Assert.All(differences, d => Assert.Equal(
            ("RecordSearch", "its row in catalogue.record_search_index differs from what the document gives"),
            (d!["readModel"]!.GetValue<string>(), d["difference"]!.GetValue<string>())));

        (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);

        Assert.Empty((await Service.Search("subject=Forged")).Hits());
        Assert.Contains(c.Draft, (await Service.Search("subject=Korean%20War")).Hits());
        Assert.True((await Api.Get("/api/audit/verify-projections")).Json["identical"]!.GetValue<bool>());
    }

    [Fact]
    public async Task a_check_reports_every_forged_row_of_the_search_index_though_two_connections_share_the_work()
    {
        await SearchedCatalogue.Describe(Api);
        await Service.ProjectionsCaughtUp();
        IReadOnlyList<string> indexed;
        await using (var connection = new NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var forge = new NpgsqlCommand(
                "update catalogue.record_search_index set facet_values = array['subject' || chr(31) || 'Forged'] returning id::text", connection);
            await using var reader = await forge.ExecuteReaderAsync();
            var ids = new List<string>();
            while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
            indexed = ids;
        }

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(indexed.Order(), check["differences"]!.AsArray().Select(d => d!["documentId"]!.GetValue<string>()).Order());
    }
}

using System.Net;
using Catalogue.Tests.Support;
using Npgsql;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// A catalogue upgraded from a version that kept the search index in another shape starts with rows whose new columns
/// are empty — no head to rank by, no facet values to filter and count by. The service writes them again once it has
/// started, so search finds, filters and counts those records as it does new ones, without a rebuild.
/// </summary>
public sealed class when_an_earlier_version_wrote_the_search_index(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_service_writes_its_rows_again_when_it_starts()
    {
        string connectionString;
        Guid letter;
        await using (var before = await Service.StartOwnCatalogueAsync("search_upgraded"))
        {
            connectionString = before.ConnectionString;
            var described = await Describing.Accession(before.Admin, "Letter from Stalin to Mao Zedong");
            await described.Provenance("APRF", "45", "1");
            await described.Subjects("Korean War");
            letter = described.Id;
            await Projections.CaughtUpAsync(before.Services);
        }

        // The rows as an earlier version left them after this version's columns were added.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var older = new NpgsqlCommand("update catalogue.record_search_index set head = ''::tsvector, facet_values = '{}'", connection);
            Assert.Equal(1, await older.ExecuteNonQueryAsync());
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        var found = await Eventually.Until(
            async () => (await after.Admin.Get("/api/search?" + Words("stalin") + "&subject=Korean%20War")).ShouldBe(HttpStatusCode.OK).Json,
            page => page.Total() == 1, "the upgraded row to be written again");

        Assert.Equal([letter], found.Hits());
        Assert.Equal(1, found.Facet("repository")["APRF"]);
        Assert.True(found["items"]![0]!["highlights"]!["title"]!.GetValue<string>().Contains("<mark>Stalin</mark>", StringComparison.Ordinal));
    }
}

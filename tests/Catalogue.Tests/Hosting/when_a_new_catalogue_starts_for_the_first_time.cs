using Catalogue.Api.Records;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A new catalogue's first start speaks to someone trying the service: it says what it made, not what it did for a
/// catalogue an earlier version wrote, which there is none of.
/// </summary>
public sealed class when_a_new_catalogue_starts_for_the_first_time(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>
    /// Found from outside: the README's first start printed "Record list: 0 lines an earlier version filed by their
    /// title as written were filed again" and "Search index: … 0 documents and rows written by an earlier version were
    /// written again" among its ten lines.
    /// </summary>
    [Fact]
    public async Task it_says_nothing_of_rows_an_earlier_version_wrote()
    {
        var logs = new CapturedLogs();
        var catalogue = await Service.StartOwnCatalogueAsync("first_start", services: s => s.AddLogging(b => b.AddProvider(logs)));

        foreach (var (table, comment) in new[] { (RecordListing.Table, RecordListingUpgrade.LinesAsFiled), (SearchIndex.Table, SearchIndexUpgrade.RowsAsWritten) })
        {
            await Eventually.Until(
                () => PostgresCommands.TableCommentAsync(catalogue.ConnectionString, table), c => c == comment, $"the first start to mark {table} as this version writes it");
        }

        // Stopped, its walks have ended and logged whatever they log.
        await catalogue.DisposeAsync();
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Information && l.Message.Contains("an earlier version", StringComparison.Ordinal));
    }
}

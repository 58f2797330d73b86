using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Found from outside: a catalogue upgraded to this version, then started once by the version before it (a rollback,
/// an old node restarted beside new ones), lost the sets its records had left — that version brought the schema back
/// to its own, dropping the harvest index's column of them, and wrote its own documents — and this version, started
/// again, put the column back empty and said nothing: harvesters of the set a record left kept it. This version now
/// knows from the schema's history that another version brought the schema after it had, says so, and rebuilds the
/// read models it makes otherwise than earlier versions.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_earlier_version_runs_again_after_an_upgrade(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";

    /// <param name="aVerbFirst">
    /// Found from outside: a verb run first (keys list, or the database verb of several nodes) brought the schema up to
    /// date knowing no read model's shape, so none was rebuilt, by it or by the service after it.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task the_sets_its_records_left_are_found_again_and_the_log_says_why(bool aVerbFirst)
    {
        string connectionString;
        Guid moved, stays;
        await using (var upgraded = await Service.StartOwnCatalogueAsync("catalogue_rolled_back"))
        {
            connectionString = upgraded.ConnectionString;
            moved = await upgraded.Admin.CatalogueAsync("Memorandum 01", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85");
            stays = await upgraded.Admin.CatalogueAsync("Memorandum 02", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 86-90");
            (await upgraded.Admin.Post($"/api/records/{moved}/provenance/2/corrections", new { version = 3, reason = "Fond misread", fond = "0101" })).ShouldBe(HttpStatusCode.OK);
            await Projections.CaughtUpAsync(upgraded.Services);
            await Eventually.Until(() => SetHarvest(upgraded), found => found.Count == 2, "the set to hold both records, one of them as left");
        }

        // What the earlier version's start and its work left: its own model on the schema and no column for the sets
        // left (the history, a table it does not know, and the tables' comments untouched), its documents without them.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var earlier = new NpgsqlCommand(
                """
                update catalogue.mt_doc_oaientry set data = data - 'FormerSets';
                alter table catalogue.oai_harvest drop column former_sets;
                comment on schema catalogue is 'model of the release before';
                """, connection);
            await earlier.ExecuteNonQueryAsync();
        }

        var logs = new CapturedLogs();
        var verb = aVerbFirst ? await CatalogueCli.RunAsync(connectionString, "keys", "list") : default;
        await using var again = await Service.StartOwnCatalogueOnAsync(connectionString, services: s => s.AddLogging(b => b.AddProvider(logs)));
        var headers = await Eventually.Until(
            async () => await SetHarvest(again), found => found.Count == 2, "the record moved away to be answered again in the set it left",
            describe: found => string.Join("\n", found));

        Assert.Equal([(stays, null), (moved, "deleted")], headers.Select(h => (Guid.Parse(h.Element(Oai + "identifier")!.Value.Split(':')[^1]), h.Attribute("status")?.Value)));
        var warning = aVerbFirst
            ? Assert.Single(verb.Output.Split('\n'), l => l.Contains("another version has brought it to its own since", StringComparison.Ordinal))
            : Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("another version has brought it to its own since", StringComparison.Ordinal)).Message;
        Assert.Contains("(model of the release before)", warning);
        Assert.Contains("PersonAuthority", warning);
        Assert.Contains("OaiEntry", warning);
        Assert.Contains("Stop every node of one version before starting another.", warning);
    }

    [Fact]
    public async Task a_restart_of_the_same_version_rebuilds_nothing()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_same_again"))
        {
            connectionString = first.ConnectionString;
            await first.Admin.CatalogueAsync("Memorandum 01", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85");
        }

        var logs = new CapturedLogs();
        await using (await Service.StartOwnCatalogueOnAsync(connectionString, services: s => s.AddLogging(b => b.AddProvider(logs))))
        {
        }

        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    private static async Task<List<XElement>> SetHarvest(OwnCatalogue catalogue) =>
        XDocument.Parse((await catalogue.Anonymous.Get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=AVPRF:0100")).ShouldBe(HttpStatusCode.OK).Text)
            .Descendants(Oai + "header").ToList();
}

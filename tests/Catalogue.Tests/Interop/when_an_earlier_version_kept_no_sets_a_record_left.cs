using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A catalogue upgraded from a version whose harvest index kept no sets a record had left: a record moved to another
/// fond before the upgrade is found when the service first starts (its OAI read model rebuilt once from the events),
/// and its row alone is stamped again — the set it left answers it as deleted from then on, and harvesters fetch
/// nothing else again.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_earlier_version_kept_no_sets_a_record_left(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly XNamespace Oai = "http://www.openarchives.org/OAI/2.0/";

    [Fact]
    public async Task the_set_it_left_answers_it_as_deleted_once_the_service_has_started()
    {
        string connectionString;
        Guid moved, stays;
        await using (var before = await Service.StartOwnCatalogueAsync("catalogue_oai_upgraded"))
        {
            connectionString = before.ConnectionString;
            moved = await before.Admin.CatalogueAsync("Memorandum 01", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85");
            stays = await before.Admin.CatalogueAsync("Memorandum 02", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 86-90");
            (await before.Admin.Post($"/api/records/{moved}/provenance/2/corrections", new { version = 3, reason = "Fond misread", fond = "0101" })).ShouldBe(HttpStatusCode.OK);
            await Projections.CaughtUpAsync(before.Services);
        }

        // As the earlier version left them: no sets left in the documents or the index, no shape noted on the table, and
        // its own model's mark on the schema (so this version's start brings the schema up to date).
        DateTime staysStamped;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var older = new NpgsqlCommand(
                """
                update catalogue.mt_doc_oaientry set data = data - 'FormerSets';
                comment on table catalogue.mt_doc_oaientry is null;
                alter table catalogue.oai_harvest drop column former_sets;
                drop table catalogue.schema_history; comment on schema catalogue is 'model 0000000000000000';
                """, connection);
            await older.ExecuteNonQueryAsync();
            await using var stamped = new NpgsqlCommand($"select datestamp from catalogue.oai_harvest where id = '{stays}'", connection);
            staysStamped = (DateTime)(await stamped.ExecuteScalarAsync())!;
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        var headers = await Eventually.Until(
            async () => XDocument.Parse((await after.Anonymous.Get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=AVPRF:0100")).ShouldBe(HttpStatusCode.OK).Text)
                .Descendants(Oai + "header").ToList(),
            found => found.Count == 2, "the record moved before the upgrade to be answered in the set it left", describe: found => string.Join("\n", found));

        Assert.Equal([(stays, null), (moved, "deleted")], headers.Select(h => (Guid.Parse(h.Element(Oai + "identifier")!.Value.Split(':')[^1]), h.Attribute("status")?.Value)));
        await using var upgraded = new NpgsqlConnection(connectionString);
        await upgraded.OpenAsync();
        await using var stampedAgain = new NpgsqlCommand($"select datestamp from catalogue.oai_harvest where id = '{stays}'", upgraded);
        Assert.Equal(staysStamped, (DateTime)(await stampedAgain.ExecuteScalarAsync())!);
    }
}

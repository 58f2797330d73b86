using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>Readers and the public never learn of drafts or withdrawn records from a report: not a count, not a name.</summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_readers_read_the_reports(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task drafts_and_withdrawn_records_are_never_counted_or_named_for_readers()
    {
        var published = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await published.Place("AVPRF", "0100", "42");
        await published.Translated("en", "Gary Goldberg");
        await published.Publish();
        var draft = await CataloguedRecord.Accession(Api, "A draft");
        await draft.Place("AVPRF", "0100", "42");
        await draft.Translated("en", "Gary Goldberg", "A Translator Of Drafts Only");
        var withdrawn = await CataloguedRecord.Accession(Api, "A withdrawn record");
        await withdrawn.Place("RGANI", "5", "30");
        await withdrawn.Translated("en", "A Translator Of Withdrawn Records Only");
        await withdrawn.Publish();
        await withdrawn.Withdraw();

        var lines = await Service.EveryLine(Service.As("reader"));

        Assert.Equal(
            ["repositories AVPRF", "repositories AVPRF/0100", "repositories AVPRF/0100/42", "translators Gary Goldberg", "years undated"],
            lines.Keys.Order(StringComparer.Ordinal));
        Assert.All(lines.Values, line => Assert.Equal((1L, null), (line.Records, line.Draft)));

        var staff = await Service.EveryLine(Service.As("archivist"));
        Assert.Equal((3L, 1L, 1L, 1L), (staff["years undated"].Records, staff["years undated"].Draft, staff["years undated"].Published, staff["years undated"].Withdrawn));
        Assert.True(staff.ContainsKey("translators A Translator Of Drafts Only"));
    }

    [Fact]
    public async Task the_csv_a_reader_downloads_has_no_counts_by_state()
    {
        var published = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await published.Place("AVPRF", "0100", "42");
        await published.Translated("en", "Gary Goldberg");
        await published.Publish();
        await Service.ProjectionsCaughtUp();

        var csv = (await Service.As("reader").Get("/api/reports/translators", ("Accept", "text/csv"))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("translator,records,search\r\nGary Goldberg,1,/api/search?translator=Gary%20Goldberg\r\n", csv.Text);
    }
}

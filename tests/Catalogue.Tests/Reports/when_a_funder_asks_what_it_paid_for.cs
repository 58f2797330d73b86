using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>
/// A funder asks how many records its money translated or digitised: the funders report counts records per funder, and
/// under each funder each funding note exactly as written, once, with the records that carry it.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_funder_asks_what_it_paid_for(CatalogueService service) : CatalogueScenario(service)
{
    private const string LeonLevy = "Leon Levy Foundation";
    private const string LevyNote = "Translation made possible with support from the Leon Levy Foundation.";
    private const string Carnegie = "Carnegie Corporation of New York";

    [Fact]
    public async Task each_funder_is_counted_with_each_of_its_notes_as_written()
    {
        var first = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await first.Funded(LeonLevy, LevyNote);
        await first.Funded(Carnegie, "Digitised with support from the Carnegie Corporation of New York.");
        var second = await CataloguedRecord.Accession(Api, "Telegram from Roshchin to Vyshinsky");
        await second.Funded(LeonLevy, LevyNote);
        await second.Funded(LeonLevy, "Digitisation funded by the Leon Levy Foundation.");

        var report = await Service.Report("funders");

        var levy = report["items"]!.AsArray().Single(f => f!["funder"]!.GetValue<string>() == LeonLevy)!;
        Assert.Equal(2, levy["records"]!.GetValue<long>());
        Assert.Equal("/api/search?funder=Leon%20Levy%20Foundation", levy["search"]!.GetValue<string>());
        Assert.Equal(
            [("Digitisation funded by the Leon Levy Foundation.", 1L), (LevyNote, 2L)],
            levy["notes"]!.AsArray().Select(n => (n!["note"]!.GetValue<string>(), n["records"]!.GetValue<long>())));
        // Found from outside: a note's line linked to its funder's search, which finds every record the funder paid for.
        Assert.All(levy["notes"]!.AsArray(), n => Assert.Null(n!["search"]));
        Assert.Equal([Carnegie, LeonLevy], report["items"]!.AsArray().Select(f => f!["funder"]!.GetValue<string>()));
        Assert.Equal(new[] { 2L, 0L, 0L }, new[] { "draft", "published", "withdrawn" }.Select(s => levy["byStatus"]![s]!.GetValue<long>()));
    }

    [Fact]
    public async Task a_removed_note_no_longer_counts_and_a_funder_with_none_left_is_not_listed()
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        var note = await record.Funded(Carnegie, "Digitised with support from the Carnegie Corporation of New York.");
        await record.Funded(LeonLevy, LevyNote);
        Assert.Equal(2, (await Service.Report("funders"))["items"]!.AsArray().Count);

        await record.Send($"funding-notes/{note}/removal", new { reason = "Carnegie funded another document" });

        var funder = Assert.Single((await Service.Report("funders"))["items"]!.AsArray())!;
        Assert.Equal(LeonLevy, funder["funder"]!.GetValue<string>());
    }

    [Fact]
    public async Task readers_are_told_only_of_what_published_records_were_funded_by()
    {
        var published = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await published.Funded(LeonLevy, LevyNote);
        await published.Place("AVPRF", "0100", "42");
        await published.Publish();
        var draft = await CataloguedRecord.Accession(Api, "A draft no reader may know of");
        await draft.Funded(LeonLevy, LevyNote);
        await draft.Funded(Carnegie, "Secretly funded.");

        var report = await Service.Report("funders", Service.As("reader"));

        var levy = Assert.Single(report["items"]!.AsArray())!;
        Assert.Equal(LeonLevy, levy["funder"]!.GetValue<string>());
        Assert.Equal(1, levy["records"]!.GetValue<long>());
        Assert.Null(levy["byStatus"]);
        Assert.Equal("published records", report["counted"]!.GetValue<string>());
        Assert.Equal(1, Assert.Single(levy["notes"]!.AsArray())!["records"]!.GetValue<long>());
    }

    /// <summary>Found from outside: a report name misspelt was a bare 404 that named neither it nor the reports there are.</summary>
    [Fact]
    public async Task a_report_that_does_not_exist_is_named_with_the_ones_that_do()
    {
        var answer = (await Api.Get("/api/reports/funder")).ShouldBe(HttpStatusCode.NotFound).Json;

        Assert.Equal("There is no report 'funder'. The reports are: translators, funders, repositories, years, languages (GET /api/reports lists them).", answer["detail"]!.GetValue<string>());
        (await Api.Get("/api/reports/Funders")).ShouldBe(HttpStatusCode.OK);
    }
}

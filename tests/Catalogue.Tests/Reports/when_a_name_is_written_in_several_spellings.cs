using System.Net;
using Catalogue.Api.Reports;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Reports;

/// <summary>
/// Archivists write a translator or a funder as the credit on each document writes it: "Gary Goldberg" on one,
/// "GARY GOLDBERG" on another. Search and the people authority take those as one name; so do the reports — one line,
/// shown as most of its records write it, counting each record once however many spellings it holds, and linking to
/// the search that finds exactly those records.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_name_is_written_in_several_spellings(CatalogueService service) : CatalogueScenario(service)
{
    private const string LevyNote = "Translation made possible with support from the Leon Levy Foundation.";

    [Fact]
    public async Task a_translator_is_one_line_whatever_the_letter_case_and_each_record_counts_once()
    {
        var first = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await first.Translated("en", "Gary Goldberg");
        var second = await CataloguedRecord.Accession(Api, "Telegram from Roshchin to Vyshinsky");
        await second.Translated("en", "GARY GOLDBERG");
        var third = await CataloguedRecord.Accession(Api, "Letter from Stalin to Mao Zedong");
        await third.Translated("en", "Gary Goldberg");
        await third.Translated("de", "gary goldberg");

        var report = await Service.Report("translators");

        var goldberg = Assert.Single(report["items"]!.AsArray())!;
        Assert.Equal("Gary Goldberg", goldberg["translator"]!.GetValue<string>());
        Assert.Equal(3, goldberg["records"]!.GetValue<long>());
        Assert.Equal(3, goldberg["byStatus"]!["draft"]!.GetValue<long>());
        // The line's search finds the records the line counts: search matches the name folded too.
        var search = goldberg["search"]!.GetValue<string>();
        Assert.Equal("/api/search?translator=Gary%20Goldberg", search);
        Assert.Equal(3, (await Api.Get(search)).ShouldBe(HttpStatusCode.OK).Json["total"]!.GetValue<long>());

        var csv = (await Api.Get("/api/reports/translators", ("Accept", "text/csv"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(
            [["translator", "records", "draft", "published", "withdrawn", "search"], ["Gary Goldberg", "3", "3", "0", "0", "/api/search?translator=Gary%20Goldberg"]],
            CsvRows.Parse(csv.Text));
    }

    [Fact]
    public async Task a_funder_is_one_line_with_its_notes_counted_across_its_spellings()
    {
        var first = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await first.Funded("Leon Levy Foundation", LevyNote);
        var second = await CataloguedRecord.Accession(Api, "Telegram from Roshchin to Vyshinsky");
        await second.Funded("LEON LEVY FOUNDATION", LevyNote);
        await second.Funded("Leon Levy Foundation.", "Digitisation funded by the Leon Levy Foundation.");

        var report = await Service.Report("funders");

        var levy = Assert.Single(report["items"]!.AsArray())!;
        // Equally common, the spellings are shown as search's facet shows them: not the one all in capitals, then the
        // first in code point order ("Leon Levy Foundation" before "Leon Levy Foundation.").
        Assert.Equal("Leon Levy Foundation", levy["funder"]!.GetValue<string>());
        Assert.Equal(2, levy["records"]!.GetValue<long>());
        Assert.Equal(
            [("Digitisation funded by the Leon Levy Foundation.", 1L), (LevyNote, 2L)],
            levy["notes"]!.AsArray().Select(n => (n!["note"]!.GetValue<string>(), n["records"]!.GetValue<long>())));
    }

    /// <summary>Found from outside: a translator written with no letter or digit linked to a search that refuses such a name.</summary>
    [Fact]
    public async Task a_name_of_no_letter_or_digit_is_a_line_without_a_search()
    {
        var record = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await record.Translated("en", "---");

        var line = Assert.Single((await Service.Report("translators"))["items"]!.AsArray())!;

        Assert.Equal(("---", 1L), (line["translator"]!.GetValue<string>(), line["records"]!.GetValue<long>()));
        Assert.Null(line["search"]);
        (await Api.Get("/api/search?translator=---")).ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task readers_are_shown_the_spelling_published_records_write()
    {
        var published = await CataloguedRecord.Accession(Api, "Memorandum of Conversation with Zhou Enlai");
        await published.Translated("en", "gary goldberg");
        await published.Place("AVPRF", "0100", "42");
        await published.Publish();
        for (var i = 0; i < 2; i++)
        {
            var draft = await CataloguedRecord.Accession(Api, $"A draft no reader may know of {i}");
            await draft.Translated("en", "Gary Goldberg");
        }

        var staff = Assert.Single((await Service.Report("translators"))["items"]!.AsArray())!;
        var reader = Assert.Single((await Service.Report("translators", Service.As("reader")))["items"]!.AsArray())!;

        Assert.Equal(("Gary Goldberg", 3L), (staff["translator"]!.GetValue<string>(), staff["records"]!.GetValue<long>()));
        Assert.Equal(("gary goldberg", 1L), (reader["translator"]!.GetValue<string>(), reader["records"]!.GetValue<long>()));
    }

    /// <summary>
    /// A catalogue counted by the version before this one: a record writing one translator in two spellings counted
    /// toward both, so its one line would count it twice. The counts are rebuilt once the service has started, and the
    /// table says so; a catalogue with no counts yet is only marked.
    /// </summary>
    [Fact]
    public async Task counts_an_earlier_version_made_are_rebuilt_when_the_service_starts()
    {
        string connectionString;
        await using (var before = await Service.StartOwnCatalogueAsync("reports_spellings"))
        {
            connectionString = before.ConnectionString;
            Assert.Equal(ReportsRegistration.NamesCountedOnce, await PostgresCommands.TableCommentAsync(connectionString, ReportTally.Table));
            var record = await CataloguedRecord.Accession(before.Admin, "Letter from Stalin to Mao Zedong");
            await record.Translated("en", "Gary Goldberg");
            await record.Translated("de", "GARY GOLDBERG");
            await Projections.CaughtUpAsync(before.Services);
        }

        // As the version before left them: the second spelling counted too, and the table unmarked.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var older = new NpgsqlCommand(
                $$"""
                  insert into {{ReportTally.Table}} (id, data, report, mt_last_modified, mt_version, mt_dotnet_type)
                  select 'translators:earlier', jsonb_set(data, '{Path}', '["GARY GOLDBERG"]'), report, mt_last_modified, gen_random_uuid(), mt_dotnet_type
                  from {{ReportTally.Table}} where report = 'translators';
                  comment on table {{ReportTally.Table}} is null
                  """, connection);
            Assert.Equal(1, await older.ExecuteNonQueryAsync());
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await Eventually.Until(() => PostgresCommands.TableCommentAsync(connectionString, ReportTally.Table), comment => comment == ReportsRegistration.NamesCountedOnce, "the counts to be rebuilt");

        var line = Assert.Single((await after.Admin.Get("/api/reports/translators")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray())!;
        Assert.Equal(("Gary Goldberg", 1L), (line["translator"]!.GetValue<string>(), line["records"]!.GetValue<long>()));
    }
}

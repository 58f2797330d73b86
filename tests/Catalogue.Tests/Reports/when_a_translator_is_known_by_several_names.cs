using System.Net;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Search;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Reports;

/// <summary>
/// Gary Goldberg's credits read "Gary Goldberg" on some documents and "G. Goldberg" on others. Once an archivist has
/// recorded "G. Goldberg" as his alias, every document he translated is his: the translator filter finds them under
/// either name, the translator facet has one line for him and the translators report one line, each counting a document
/// crediting both names once — and the line's search finds exactly what the line counts, for staff and readers alike.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_translator_is_known_by_several_names(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Three published documents (two credit "Gary Goldberg", one "G. Goldberg"), a draft crediting both, one by someone else.</summary>
    private async Task FiveDocuments()
    {
        foreach (var (title, translator) in new[]
                 {
                     ("Memorandum of Conversation with Zhou Enlai", "Gary Goldberg"),
                     ("Telegram from Roshchin to Vyshinsky", "Gary Goldberg"),
                     ("Letter from Stalin to Mao Zedong", "G. Goldberg"),
                     ("Note on the Geneva Conference", "Sergey Radchenko"),
                 })
        {
            var document = await CataloguedRecord.Accession(Api, title);
            await document.Translated("en", translator);
            await document.Place("AVPRF", "0100");
            await document.Publish();
        }

        var draft = await CataloguedRecord.Accession(Api, "Record of a Conversation with Kim Il Sung");
        await draft.Translated("en", "Gary Goldberg");
        await draft.Translated("de", "G. Goldberg");
    }

    private async Task RecordTheAlias()
    {
        var goldberg = await Service.ThePersonFor("Gary Goldberg");
        (await Api.Post($"/api/people/{goldberg.Id()}/aliases", new { alias = "G. Goldberg", version = 0, reason = "Initial as credited" })).ShouldBe(HttpStatusCode.OK);
    }

    private static IReadOnlyDictionary<string, long> Lines(System.Text.Json.Nodes.JsonNode report, string counted = "records") =>
        report["items"]!.AsArray().ToDictionary(l => l!["translator"]!.GetValue<string>(), l => l![counted]!.GetValue<long>());

    [Fact]
    public async Task the_report_has_one_line_for_him_counting_each_document_once()
    {
        await FiveDocuments();
        Assert.Equal(new Dictionary<string, long> { ["G. Goldberg"] = 2, ["Gary Goldberg"] = 3, ["Sergey Radchenko"] = 1 }, Lines(await Service.Report("translators")));

        await RecordTheAlias();

        var report = await Service.Report("translators");
        // Shown as most of his documents write him; the draft crediting both names counts once.
        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 4, ["Sergey Radchenko"] = 1 }, Lines(report));
        var goldberg = report["items"]!.AsArray().Single(l => l!["translator"]!.GetValue<string>() == "Gary Goldberg")!;
        Assert.Equal((1L, 3L, 0L), (goldberg["byStatus"]!["draft"]!.GetValue<long>(), goldberg["byStatus"]!["published"]!.GetValue<long>(), goldberg["byStatus"]!["withdrawn"]!.GetValue<long>()));
        var search = goldberg["search"]!.GetValue<string>();
        Assert.Equal("/api/search?translator=Gary%20Goldberg", search);
        Assert.Equal(4, (await Api.Get(search)).ShouldBe(HttpStatusCode.OK).Json.Total());

        var csv = CsvRows.Parse((await Api.Get("/api/reports/translators", ("Accept", "text/csv"))).ShouldBe(HttpStatusCode.OK).Text);
        Assert.Equal(["Gary Goldberg", "4", "1", "3", "0", "/api/search?translator=Gary%20Goldberg"], csv[1]);
        Assert.Equal(3, csv.Count);
    }

    [Fact]
    public async Task a_reader_is_told_of_his_published_documents_under_one_name()
    {
        await FiveDocuments();
        await RecordTheAlias();
        var reader = Service.As("reader");

        var report = await Service.Report("translators", reader);
        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 3, ["Sergey Radchenko"] = 1 }, Lines(report));
        var search = report["items"]!.AsArray()[0]!["search"]!.GetValue<string>();
        Assert.Equal(3, (await reader.Get(search)).ShouldBe(HttpStatusCode.OK).Json.Total());
    }

    [Fact]
    public async Task the_translator_filter_takes_either_name_and_the_facet_counts_him_once()
    {
        await FiveDocuments();
        var before = (await Service.Search("")).Facet("translator");
        Assert.Equal((3L, 2L), (before["Gary Goldberg"], before["G. Goldberg"]));
        Assert.Equal(2, (await Service.Search("translator=G.%20Goldberg")).Total());

        await RecordTheAlias();

        var facet = (await Service.Search("")).Facet("translator");
        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 4, ["Sergey Radchenko"] = 1 }, facet);
        var chosen = await Service.Search("translator=G.%20Goldberg");
        Assert.Equal(4, chosen.Total());
        Assert.Equal(4, chosen.Hits().Count);
        // Chosen, a name keeps its line, counted for the person; his other name has none.
        Assert.Equal(new Dictionary<string, long> { ["G. Goldberg"] = 4, ["Sergey Radchenko"] = 1 }, chosen.Facet("translator"));
        // Another filter narrows his documents as it narrows anyone's: the draft is the one in German.
        Assert.Equal(1, (await Service.Search("translator=Gary%20Goldberg&status=draft")).Total());
    }

    [Fact]
    public async Task a_document_crediting_three_of_his_names_counts_once_in_the_report_and_the_facet()
    {
        await FiveDocuments();
        var glossary = await CataloguedRecord.Accession(Api, "Glossary of the Sino-Soviet Treaty");
        await glossary.Translated("en", "Gary Goldberg", "G. Goldberg", "Goldberg, G.");
        await RecordTheAlias();
        var goldberg = await Service.ThePersonFor("Gary Goldberg");
        (await Api.Post($"/api/people/{goldberg.Id()}/aliases", new { alias = "Goldberg, G.", version = goldberg.Version(), reason = "Inverted as credited" })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 5, ["Sergey Radchenko"] = 1 }, Lines(await Service.Report("translators")));
        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 5, ["Sergey Radchenko"] = 1 }, (await Service.Search("")).Facet("translator"));
        Assert.Equal(5, (await Service.Search("translator=Goldberg%2C%20G.")).Total());
    }

    [Fact]
    public async Task a_person_of_many_names_is_one_line_too_counted_again_past_the_pairs_the_report_asks_about()
    {
        await FiveDocuments();
        await RecordTheAlias();
        // Thirteen names are 78 pairs, past what one report asks the index about: his records are counted again instead.
        var names = Enumerable.Range(1, 13).Select(n => $"Translator {(char)('A' + n)} Many").ToList();
        foreach (var name in names)
        {
            var document = await CataloguedRecord.Accession(Api, $"Minutes translated by {name}");
            await document.Translated("en", name);
        }

        var many = await Service.ThePersonFor(names[0]);
        var version = many.Version();
        foreach (var alias in names.Skip(1))
            version = (await Api.Post($"/api/people/{many.Id()}/aliases", new { alias, version, reason = "The same translator" })).ShouldBe(HttpStatusCode.OK).Version;

        var report = await Service.Report("translators");
        Assert.Equal(new Dictionary<string, long> { ["Gary Goldberg"] = 4, [names[0]] = 13, ["Sergey Radchenko"] = 1 }, Lines(report));
        foreach (var line in report["items"]!.AsArray())
            Assert.Equal(line!["records"]!.GetValue<long>(), (await Api.Get(line["search"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Json.Total());
    }

    [Fact]
    public async Task his_other_names_take_no_place_of_a_value_chosen_in_the_facet()
    {
        await FiveDocuments();
        await RecordTheAlias();
        var nobodies = Enumerable.Range(1, 19).Select(n => $"Nobody {n}").ToList();

        var page = await Service.Search(string.Join("&", nobodies.Append("Gary Goldberg").Select(n => $"translator={Uri.EscapeDataString(n)}")));

        var facet = page.Facet("translator");
        Assert.Equal(4, facet["Gary Goldberg"]);
        Assert.All(nobodies, n => Assert.Equal(0, facet[n]));
    }
}

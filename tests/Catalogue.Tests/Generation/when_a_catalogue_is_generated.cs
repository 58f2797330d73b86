using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Generation;

/// <summary>
/// An operator fills a catalogue to measure with: <c>generate --records 200 --seed 7</c>. What it makes must be what
/// archivists would have made — records the API answers, histories that say who, why and from where, a chain and read
/// models that verify — in every shape the catalogue knows, and the same seed must make the same catalogue again.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed partial class when_a_catalogue_is_generated(CatalogueService service) : CatalogueScenario(service)
{
    private const int Records = 200;

    private async Task Generate(params string[] more)
    {
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, ["generate", "--records", $"{Records}", "--seed", "7", .. more]);
        Assert.True(exit == 0, output);
    }

    /// <summary>Every record as <c>GET /api/records/{id}</c> answers it, oldest accession first.</summary>
    private async Task<List<JsonNode>> RecordsInAccessionOrder()
    {
        var ids = (await Service.ListedRecords()).Select(item => item["id"]!.GetValue<string>()).ToList();
        ids.Reverse();
        var records = new List<JsonNode>();
        foreach (var id in ids) records.Add((await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json);
        return records;
    }

    private async Task<JsonArray> History(JsonNode record) =>
        (await Api.Get($"/api/records/{Text(record, "id")}/history")).ShouldBe(HttpStatusCode.OK).Json["events"]!.AsArray();

    private static string? Text(JsonNode? node, string name) => node?[name]?.GetValue<string>();

    private static IEnumerable<JsonNode> Items(JsonNode record, string list) => record[list]!.AsArray().Select(item => item!);

    [GeneratedRegex(@"\p{IsCyrillic}")]
    private static partial Regex Cyrillic();

    [Fact]
    public async Task every_record_answers_through_the_api_with_its_whole_history_and_the_chain_and_read_models_verify()
    {
        await Generate();

        var records = await RecordsInAccessionOrder();

        Assert.Equal(Records, records.Count);
        var events = 0L;
        var previousNumber = "";
        foreach (var record in records)
        {
            var history = await History(record);
            var version = record["version"]!.GetValue<long>();
            Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), history.Select(e => e!["version"]!.GetValue<long>()));
            Assert.Equal("record_accessioned", Text(history[0], "type"));
            foreach (var e in history)
            {
                Assert.Equal(($"cli:{Environment.UserName}", "cli generate (seed 7)"), (Text(e, "actor"), Text(e, "source")));
                if (Text(e, "type") is "title_revised" or "provenance_corrected" or "date_revised" or "record_withdrawn" or "record_reinstated")
                    Assert.False(string.IsNullOrWhiteSpace(Text(e, "reason")), $"{Text(e, "type")} of {Text(record, "id")} gives no reason");
            }

            Assert.True(string.CompareOrdinal(Text(record, "accessionNumber"), previousNumber) > 0, "accession numbers follow the records' order");
            previousNumber = Text(record, "accessionNumber")!;
            events += version;
        }

        await EventChain.WaitUntilSealedAsync(Service.Host.Services, TimeSpan.FromMinutes(2));
        var chain = (await Api.Get("/api/audit/verify")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(("intact", events), (Text(chain, "status"), chain["sealedCount"]!.GetValue<long>()));
        var readModels = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(readModels["identical"]!.GetValue<bool>(), readModels.ToJsonString());
    }

    /// <summary>Each citation shape the parser reads, told apart by what the record's provenance says.</summary>
    private static readonly (string Shape, Func<JsonNode, int, bool> Holds)[] CitationShapes =
    [
        ("AVPRF f./op./por./pap./ll.", (r, _) => Text(r, "repository") == "AVPRF" && Text(r, "poryadok") is not null),
        ("AVPRF fond 07, opis 23, delo 18, p.5-12", (r, _) => Text(r, "repository") == "AVPRF" && Text(r, "pages") is not null),
        ("RGASPI f./op./d./ll.", (r, references) => Text(r, "repository") == "RGASPI" && references == 1 && !Cyrillic().IsMatch(Text(r, "citation")!)),
        ("RGANI, RGAE or GAPPOD", (r, _) => Text(r, "repository") is "RGANI" or "RGAE" or "GAPPOD"),
        ("APRF", (r, references) => Text(r, "repository") == "APRF" && references == 1 && !Cyrillic().IsMatch(Text(r, "citation")!)),
        ("GARF", (r, _) => Text(r, "repository") == "GARF" && !Cyrillic().IsMatch(Text(r, "citation")!)),
        ("TsAMO", (r, _) => Text(r, "repository") == "TsAMO"),
        ("in Cyrillic", (r, _) => Cyrillic().IsMatch(Text(r, "citation")!)),
        ("two archives in one citation", (_, references) => references == 2),
        ("PRC FMA file number", (r, _) => Text(r, "repository") == "PRC FMA" && Text(r, "fileNumber") is not null),
        ("SAPMO-BArch signature", (r, _) => Text(r, "repository") == "SAPMO-BArch" && Text(r, "signature") is not null),
        ("Hungarian fond and doboz", (r, _) => Text(r, "repository") == "MNL OL" && Text(r, "box") is not null),
        ("Romanian year, issue and country", (r, _) => Text(r, "repository") == "AMAE" && Text(r, "year") is not null),
        ("Polish signature", (r, _) => Text(r, "repository") == "AAN"),
        ("NARA record group and box", (r, _) => Text(r, "repository") == "NARA" && Text(r, "recordGroup") is not null),
        ("FRUS source note", (r, _) => Text(r, "citation")!.StartsWith("Source:", StringComparison.Ordinal) && Text(r, "classification") is not null),
        ("published source", (r, _) => Text(r, "publication") is not null),
        ("unknown archive", (r, _) => r["repositoryKnown"]?.GetValue<bool>() == false && Text(r, "publication") is null),
    ];

    /// <summary>Each kind of EDTF date, told apart by its form.</summary>
    private static readonly (string Kind, string Pattern)[] DateKinds =
    [
        ("exact day", @"^\d{4}-\d{2}-\d{2}$"), ("month", @"^\d{4}-(0\d|1[0-2])$"), ("year", @"^\d{4}$"), ("uncertain", @"^\d{4}\?$"),
        ("approximate", @"^\d{4}~$"), ("unspecified digit", @"^\d{3}X$"), ("interval", @"^\d{4}-\d{2}/\d{4}-\d{2}$"), ("season", @"^\d{4}-2[1-4]$"),
        ("open start", @"^\.\./\d{4}$"), ("uncertain day", @"^\d{4}-\d{2}-\d{2}\?$"),
    ];

    [Fact]
    public async Task the_catalogue_holds_every_citation_shape_every_kind_of_date_both_languages_and_every_state()
    {
        await Generate();

        var records = await RecordsInAccessionOrder();

        var references = records.SelectMany(record => Items(record, "provenance").Select(r => (Reference: r, Count: Items(record, "provenance").Count()))).ToList();
        foreach (var (shape, holds) in CitationShapes)
            Assert.True(references.Any(r => holds(r.Reference, r.Count)), $"no record cites its provenance in the shape: {shape}");

        var created = records.SelectMany(record => Items(record, "dates")).Where(d => Text(d, "role") == "created").Select(d => Text(d, "edtf")!).ToList();
        foreach (var (kind, pattern) in DateKinds)
            Assert.True(created.Any(edtf => Regex.IsMatch(edtf, pattern)), $"no record is dated by a {kind} ({pattern})");

        Assert.Contains(records, r => Cyrillic().IsMatch(Text(r, "title")!) && Cyrillic().IsMatch(Text(r, "summary")!));
        Assert.Contains(records, r => !Cyrillic().IsMatch(Text(r, "title")!));
        var texts = records.SelectMany(r => Items(r, "fullTexts")).Select(t => (Text(t, "language"), Text(t, "kind"))).ToHashSet();
        Assert.Superset(new HashSet<(string?, string?)> { ("ru", "original"), ("en", "translation"), ("en", "original") }, texts);
        Assert.Superset(
            new HashSet<string> { "ru", "zh", "de", "hu", "ro", "pl", "en" },
            records.SelectMany(r => Items(r, "originalLanguages")).Select(l => Text(l, "code")!).ToHashSet());
        Assert.Superset(new HashSet<string> { "published", "withdrawn", "draft" }, records.Select(r => Text(r, "status")!).ToHashSet());
        Assert.Contains(records, r => Text(r, "classification") is not null);

        // The corpus's translators and funders, and no one else; a few of them credited again and again.
        var translators = records.SelectMany(r => Items(r, "translations")).SelectMany(t => t["translators"]!.AsArray().Select(n => n!.GetValue<string>())).ToList();
        Assert.Subset(
            new HashSet<string> { "Gary Goldberg", "James F. Person", "David Wolff", "Mark Kramer", "Eliza Gheorghe", "Vadim J. Birstein", "Michael B. Petrovich" },
            translators.ToHashSet());
        Assert.True(translators.GroupBy(t => t).Max(g => g.Count()) >= 10, "no translator is credited again and again");
        var funders = records.SelectMany(r => Items(r, "fundingNotes")).Select(f => Text(f, "funder")!).ToList();
        Assert.Subset(new HashSet<string> { "Leon Levy Foundation", "ROK Ministry of Unification", "Blavatnik Family Foundation" }, funders.ToHashSet());
        Assert.Contains(records, r => Items(r, "fundingNotes").Count() >= 2);
        Assert.Superset(
            new HashSet<string> { "obtained", "contributed" }, records.SelectMany(r => Items(r, "acquisitionCredits")).Select(a => Text(a, "role")!).ToHashSet());

        var corrections = new HashSet<string>();
        foreach (var record in records)
        {
            foreach (var e in await History(record))
            {
                if (Text(e, "reason") is not null) corrections.Add(Text(e, "type")!);
            }
        }

        Assert.Superset(new HashSet<string> { "title_revised", "provenance_corrected", "record_withdrawn" }, corrections);
    }

    [Fact]
    public async Task the_same_seed_makes_the_same_records_in_the_same_order_whatever_the_number_of_writers()
    {
        await Generate("--writers", "4");
        var first = Comparable(await RecordsInAccessionOrder());
        await Service.ResetAsync();

        await Generate("--writers", "1");
        var second = Comparable(await RecordsInAccessionOrder());

        Assert.Equal(Records, second.Count);
        var differs = first.Zip(second).Select((pair, index) => (pair, index)).FirstOrDefault(p => p.pair.First != p.pair.Second);
        Assert.True(differs == default, $"record {differs.index} differs:\n{differs.pair.First}\n{differs.pair.Second}");
    }

    /// <summary>A record as the seed makes it: without what the catalogue assigns at accession (id, number, time) or what names them.</summary>
    private static List<string> Comparable(List<JsonNode> records) => records.Select(record =>
    {
        var copy = record.DeepClone().AsObject();
        copy.Remove("id");
        copy.Remove("accessionNumber");
        copy.Remove("accessionedAt");
        // Each text's address names the record's id.
        foreach (var text in copy["fullTexts"]!.AsArray()) text!.AsObject().Remove("href");
        return copy.ToJsonString();
    }).ToList();

    [Fact]
    public async Task a_generation_that_names_no_number_of_records_says_how_to_use_it_and_writes_nothing()
    {
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "generate", "--seed", "7");

        Assert.True(exit == 64, output);
        Assert.Contains("generate: --records N is wanted: how many records to generate", output);
        Assert.Contains("usage: generate --records N", output);
        Assert.Empty((await Api.Get("/api/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
    }

    [Theory]
    [InlineData(new[] { "--records", "0" }, "--records '0': N is a whole number from 1 to 10,000,000")]
    [InlineData(new[] { "--records", "100", "--writers", "33" }, "--writers '33': W is a whole number from 1 to 32")]
    [InlineData(new[] { "--records", "100", "--seed", "-1" }, "--seed '-1': S is a whole number from 0 to 2,147,483,647")]
    [InlineData(new[] { "--records", "100", "--seed" }, "--seed wants S after it")]
    [InlineData(new[] { "--records", "1", "--records", "2" }, "--records is given twice")]
    [InlineData(new[] { "--record", "100" }, "'--record' is not one of its options")]
    [InlineData(new[] { "--records", "1\u001b[2J" }, "--records '1U+001B[2J': N is")]
    public async Task a_generation_asked_with_a_wrong_argument_names_it_before_anything_starts(string[] arguments, string said)
    {
        var error = new StringWriter();

        var exit = await Catalogue.Api.Hosting.CatalogueCommandLine.AnswerBeforeStartAsync(Program.Capabilities([]).Verbs, ["generate", .. arguments], TextWriter.Null, error);

        Assert.Equal(64, exit);
        Assert.StartsWith($"generate: {said}", error.ToString());
        Assert.Contains("usage: generate --records N [--seed S] [--writers W]", error.ToString());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Credits;
using Catalogue.Api.Imports;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Pages in the archive's layout whose citations end in each credit sentence the archive writes, after each shape of
/// locators it writes: the reference is read into locators, the translators and the people who obtained or contributed
/// the copy are credited, and nothing of either ends up in the other.
/// </summary>
public sealed class when_a_citation_ends_in_credits_of_any_shape(CatalogueService service) : CatalogueScenario(service)
{
    /// <param name="Pages">Pages of a file or a publication, where the citation gives them instead of folios.</param>
    public sealed record Locators(string Reference, string Repository, string Fond, string Opis, string? Delo, string? Poryadok, string? Papka, string? Folios, string? Pages);

    public sealed record Credit(string Sentence, string[] Translators, (string Role, string[] People)[] Acquisitions);

    private static readonly Locators[] LocatorShapes =
    [
        new(ArchiveLayoutPages.SeedReference, "AVPRF", "0100", "42", null, "19", "288", "81-85", null),
        new("RGASPI, f. 3, op. 65, d. 775, ll. 12-15", "RGASPI", "3", "65", "775", null, null, "12-15", null),
        new("RGASPI, f.17, op.128, d.1019", "RGASPI", "17", "128", "1019", null, null, null, null),
        new("AVPRF fond 07, opis 23, delo 18, p.5-12", "AVPRF", "07", "23", "18", null, null, null, "5-12"),
    ];

    private static readonly Credit[] CreditShapes =
    [
        new("Translated by David Wolff.", ["David Wolff"], []),
        new("Translated for CWIHP by David Wolff.", ["David Wolff"], []),
        new("Translated for NKIDP by C. Translator.", ["C. Translator"], []),
        new("Obtained and translated for NKIDP by Eliza Gheorghe.", ["Eliza Gheorghe"], [("obtained", ["Eliza Gheorghe"])]),
        new("Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator.", ["B. Translator"], [("obtained", ["A. N. Other"])]),
        new("Contributed by Sergey Radchenko and translated by Gary Goldberg.", ["Gary Goldberg"], [("contributed", ["Sergey Radchenko"])]),
    ];

    public static TheoryData<int, int> Shapes()
    {
        var shapes = new TheoryData<int, int>();
        for (var l = 0; l < LocatorShapes.Length; l++)
        {
            for (var c = 0; c < CreditShapes.Length; c++) shapes.Add(l, c);
        }

        return shapes;
    }

    private async Task<(Reply Reply, JsonNode Record)> Import(string page)
    {
        var reply = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.Created);
        return (reply, (await Api.Get($"/api/records/{reply.Id}")).ShouldBe(HttpStatusCode.OK).Json);
    }

    private static string? Text(JsonNode node, string name) => node[name]?.GetValue<string>();

    private static string[] Strings(JsonNode? list) => [.. list!.AsArray().Select(item => item!.GetValue<string>())];

    [Theory, MemberData(nameof(Shapes))]
    public async Task the_reference_the_translators_and_the_other_credits_are_each_kept(int locatorShape, int creditShape)
    {
        var locators = LocatorShapes[locatorShape];
        var credit = CreditShapes[creditShape];

        var (reply, record) = await Import(ArchiveLayoutPages.Citing(locators.Reference, credit.Sentence));

        Assert.Equal("created", Text(reply.Json, "status"));
        Assert.Empty(reply.Json["warnings"]!.AsArray());

        var reference = Assert.Single(record["provenance"]!.AsArray())!;
        Assert.Equal(locators.Reference, Text(reference, "citation"));
        Assert.Equal(
            (locators.Repository, locators.Fond, locators.Opis, locators.Delo, locators.Poryadok, locators.Papka, locators.Folios, locators.Pages),
            (Text(reference, "repository"), Text(reference, "fond"), Text(reference, "opis"), Text(reference, "delo"), Text(reference, "poryadok"),
                Text(reference, "papka"), Text(reference, "folios"), Text(reference, "pages")));
        Assert.Empty(reference["unparsed"]!.AsArray());

        var translation = Assert.Single(record["translations"]!.AsArray())!;
        Assert.Equal(credit.Translators, Strings(translation["translators"]));
        Assert.Equal(credit.Sentence.TrimEnd('.'), Text(translation, "credit"));

        var acquisitions = record["acquisitionCredits"]!.AsArray();
        Assert.Equal(
            credit.Acquisitions.Select(a => ((string?)a.Role, string.Join(" | ", a.People), (string?)credit.Sentence.TrimEnd('.'))),
            acquisitions.Select(a => (Text(a!, "role"), string.Join(" | ", Strings(a!["people"])), Text(a!, "credit"))));
    }

    [Fact]
    public async Task an_rgaspi_page_obtained_by_one_person_and_translated_by_another_keeps_its_provenance_apart_from_the_credits()
    {
        const string credits = "Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator.";

        var (reply, record) = await Import(ArchiveLayoutPages.Citing("RGASPI, f.17, op.128, d.1019", credits));

        var reference = Assert.Single(record["provenance"]!.AsArray())!;
        Assert.Equal(("RGASPI", "17", "128", "1019"), (Text(reference, "repository"), Text(reference, "fond"), Text(reference, "opis"), Text(reference, "delo")));
        var translation = Assert.Single(record["translations"]!.AsArray())!;
        Assert.DoesNotContain("RGASPI", Text(translation, "credit"));
        Assert.Equal(["B. Translator"], Strings(translation["translators"]));
        var obtained = Assert.Single(record["acquisitionCredits"]!.AsArray())!;
        Assert.Equal(("obtained", "Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator"), (Text(obtained, "role"), Text(obtained, "credit")));
        Assert.Equal(["A. N. Other"], Strings(obtained["people"]));
        Assert.Contains("provenance_recorded", Strings(reply.Json["changes"]));
        Assert.Contains("acquisition_credited", Strings(reply.Json["changes"]));
    }

    [Fact]
    public async Task an_avprf_page_translated_for_nkidp_keeps_its_folder_pages_apart_from_the_translator()
    {
        var (_, record) = await Import(ArchiveLayoutPages.Citing("AVPRF fond 07, opis 23, delo 18, p.5-12", "Translated for NKIDP by C. Translator."));

        var reference = Assert.Single(record["provenance"]!.AsArray())!;
        Assert.Equal("AVPRF fond 07, opis 23, delo 18, p.5-12", Text(reference, "citation"));
        Assert.Equal(("07", "23", "18", "5-12"), (Text(reference, "fond"), Text(reference, "opis"), Text(reference, "delo"), Text(reference, "pages")));
        var translation = Assert.Single(record["translations"]!.AsArray())!;
        Assert.Equal(("Translated for NKIDP by C. Translator", "C. Translator"), (Text(translation, "credit"), Assert.Single(Strings(translation["translators"]))));
        Assert.Empty(record["acquisitionCredits"]!.AsArray());
    }

    [Fact]
    public async Task importing_such_a_page_again_changes_nothing()
    {
        var page = ArchiveLayoutPages.Citing("RGASPI, f. 3, op. 65, d. 775, ll. 12-15", "Contributed by Sergey Radchenko and translated by Gary Goldberg.");
        var (first, _) = await Import(page);

        var again = (await Api.PostRaw("/api/imports", page, "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("unchanged", Text(again.Json, "status"));
        Assert.Equal(first.Version, again.Version);
    }

    [Fact]
    public async Task a_record_the_old_reading_left_without_provenance_gets_it_when_its_page_is_imported_again()
    {
        const string reference = "RGASPI, f.17, op.128, d.1019";
        const string credits = "Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator.";
        var id = ArchivePageImporter.RecordIdFor(ArchivePageImporter.WilsonCenterScheme, "7001");
        await using (var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            // What the import of such a page used to leave: no provenance, and the reference inside the translation credit.
            new ChangeContext("key:test", Guid.NewGuid().ToString("N"), ArchivePageImporter.HttpSourcePrefix, Reason: null).StampOnto(session);
            session.Events.StartStream<CatalogueRecord>(id,
                new RecordAccessioned(id, "CAT-TEST-7001", [new ExternalIdentifier(ArchivePageImporter.WilsonCenterScheme, "7001")],
                    "https://wilson-center-digital-archive.dvincitest.com/document/7001", ArchiveLayoutPages.SeedTitle, "Memorandum of Conversation",
                    DateTimeOffset.UtcNow),
                new TranslationCredited(2, "en", ["B. Translator"], $"{reference}. {credits.TrimEnd('.')}"));
            await session.SaveChangesAsync();
        }

        var reply = (await Api.PostRaw("/api/imports", ArchiveLayoutPages.Citing(reference, credits, documentId: 7001), "text/plain")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("updated", Text(reply.Json, "status"));
        Assert.Contains("provenance_recorded", Strings(reply.Json["changes"]));
        Assert.Contains("translation_credit_corrected", Strings(reply.Json["changes"]));
        Assert.Contains("acquisition_credited", Strings(reply.Json["changes"]));
        var record = (await Api.Get($"/api/records/{id}")).Json;
        Assert.Equal("1019", Assert.Single(record["provenance"]!.AsArray())!["delo"]!.GetValue<string>());
        Assert.Equal(credits.TrimEnd('.'), Text(Assert.Single(record["translations"]!.AsArray())!, "credit"));
        Assert.Equal(AcquisitionRoles.Obtained, Text(Assert.Single(record["acquisitionCredits"]!.AsArray())!, "role"));
    }
}

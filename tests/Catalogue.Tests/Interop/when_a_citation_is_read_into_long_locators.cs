using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// The citation parser keeps what it reads as the citation wrote it: a list of folios, an archive's name in full, a
/// stretch it could not read. Such a reading may be longer than an archivist may type into one locator, and a record
/// cited so is still exported as a line the import takes back.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_citation_is_read_into_long_locators(CatalogueService service) : CatalogueScenario(service)
{
    private const string NdJson = "application/x-ndjson";

    public static TheoryData<string, string> Citations => new()
    {
        { "folios listed one by one", "AVPRF, f. 0100, op. 42, d. 5, ll. " + string.Join(", ", Enumerable.Range(1, 59)) },
        { "eighty parts not read", "AVPRF, f. 0100, " + string.Join(", ", Enumerable.Range(0, 80).Select(i => $"q{i}")) + ", op. 42" },
        { "one long part not read", "AVPRF, f. 0100, op. 42, " + string.Join(" ", Enumerable.Range(0, 300).Select(i => $"w{i}")) + " d. 5" },
        { "an archive named at length", "Archive " + new string('x', 300) + ", f. 1, op. 2, d. 3" },
    };

    [Theory]
    [MemberData(nameof(Citations))]
    public async Task the_record_is_exported_as_a_line_its_import_takes_back(string cited, string citation)
    {
        var id = (await Api.Post("/api/records", new { title = $"A document cited with {cited}" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, citation })).ShouldBe(HttpStatusCode.OK);
        var line = (await Api.Get("/api/exports/records")).ShouldBe(HttpStatusCode.OK).Text;
        var reference = JsonNode.Parse(line)!["provenance"]![0]!;
        Assert.NotNull(reference["parserVersion"]);

        var batch = (await Api.PostRaw("/api/imports/jsonl", line, NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal("[]", batch["problems"]!.ToJsonString());
        Assert.Equal((0L, 1L), (batch["rejected"]!.GetValue<long>(), batch["unchanged"]!.GetValue<long>()));

        // And into a catalogue that has never seen it, as the same record.
        await using var other = await Service.StartOwnCatalogueAsync("longlocators");
        (await other.Admin.PostRaw("/api/imports/jsonl", line, NdJson)).ShouldBe(HttpStatusCode.OK);
        var copy = (await other.Admin.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["provenance"]![0]!.AsObject();
        var original = reference.DeepClone().AsObject();
        foreach (var counted in new[] { "number", "file" })
        {
            copy.Remove(counted);
            original.Remove(counted);
        }

        Assert.True(JsonNode.DeepEquals(original, copy), $"{original}\n≠\n{copy}");
    }

    [Fact]
    public async Task a_locator_given_by_hand_keeps_the_bound_an_archivist_types_within()
    {
        var line = $$"""{"title":"A reference typed by hand","provenance":[{"repository":"AVPRF","fond":"{{new string('1', 51)}}"}]}""";

        var batch = (await Api.PostRaw("/api/imports/jsonl", line + "\n", NdJson)).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(1, batch["rejected"]!.GetValue<long>());
        Assert.Equal("provenance[0].fond", batch["problems"]![0]!["field"]!.GetValue<string>());
    }
}

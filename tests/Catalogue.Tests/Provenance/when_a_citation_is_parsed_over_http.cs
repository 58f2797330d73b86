using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Provenance;

public sealed class when_a_citation_is_parsed_over_http(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_references_come_back_with_the_parser_version_and_nothing_is_recorded()
    {
        var reply = (await Api.Post("/api/citations/parse", new { citation = "AP RF, f. 45, op. 1, d. 334, l. 141; and RGASPI, f. 558, op. 11, d. 334, ll. 0141" }))
            .ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(string.IsNullOrEmpty(reply["parserVersion"]!.GetValue<string>()));
        var references = reply["references"]!.AsArray();
        Assert.Equal(2, references.Count);
        Assert.Equal("APRF", references[0]!["repository"]!.GetValue<string>());
        Assert.Equal("AP RF", references[0]!["repositoryAsWritten"]!.GetValue<string>());
        Assert.Equal("45", references[0]!["fond"]!.GetValue<string>());
        Assert.Equal("334", references[0]!["delo"]!.GetValue<string>());
        Assert.Equal("141", references[0]!["folios"]!.GetValue<string>());
        Assert.Equal("RGASPI", references[1]!["repository"]!.GetValue<string>());
        Assert.Equal("0141", references[1]!["folios"]!.GetValue<string>());
        Assert.NotNull(reply["unparsed"]);
        Assert.Equal(0, await Service.ListedRecordCount());
    }

    [Fact]
    public async Task text_that_is_not_part_of_the_reference_comes_back_as_unparsed_with_a_reason()
    {
        var reply = (await Api.Post("/api/citations/parse", new { citation = "Fooarchive, box 3, folder 7; and some junk text" }))
            .ShouldBe(HttpStatusCode.OK).Json;

        var reference = Assert.Single(reply["references"]!.AsArray())!;
        Assert.Equal("Fooarchive", reference["repository"]!.GetValue<string>());
        Assert.Equal("3", reference["box"]!.GetValue<string>());
        Assert.Equal("7", reference["folder"]!.GetValue<string>());
        Assert.Null(reference["collection"]);
        Assert.Equal("Fooarchive, box 3, folder 7", reference["raw"]!.GetValue<string>());
        var unparsed = Assert.Single(reply["unparsed"]!.AsArray())!;
        Assert.Equal("and some junk text", unparsed["text"]!.GetValue<string>());
        Assert.Equal("text after the reference was not interpreted", unparsed["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_answer_keeps_its_shape_whatever_the_parser_calls_its_types()
    {
        var reply = (await Api.Post("/api/citations/parse", new { citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85; and some notes" }))
            .ShouldBe(HttpStatusCode.OK);

        // Every member, nulls included, in order: clients read this JSON by its names, never by the parser's type names.
        Assert.Equal(
            $$"""
            {"parserVersion":"{{Catalogue.Citations.CitationParser.Version}}","references":[{"repository":"AVPRF","repositoryAsWritten":"AVPRF","repositoryKnown":true,"fond":"0100","opis":"42","delo":null,"poryadok":"19","papka":"288","folios":"81-85","fileNumber":null,"documentNumber":null,"pages":null,"box":null,"recordGroup":null,"series":null,"signature":null,"year":null,"issue":null,"country":null,"collection":null,"folder":null,"lot":null,"classification":null,"publication":null,"raw":"AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85"}],"unparsed":[{"text":"and some notes","reason":"text after the reference was not interpreted"}]}
            """,
            reply.Text);
    }

    [Fact]
    public async Task an_empty_citation_is_refused_field_by_field()
    {
        var reply = (await Api.Post("/api/citations/parse", new { citation = "" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("citation", reply.ErrorFields);
    }

    [Theory]
    [InlineData("f. f. f. op. op. ll. ll. ll. -- ;;; and and and")]
    [InlineData("\u0000\u0001 f. \uFFFF op. \u202E d. 1")]
    [InlineData("((((((((((((((((((((((((((((((((((((((((")]
    public async Task a_hostile_citation_is_answered_without_a_server_error(string citation)
    {
        var reply = await Api.Post("/api/citations/parse", new { citation });

        Assert.True((int)reply.Status < 500, reply.Text);
    }
}

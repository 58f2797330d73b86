using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Provenance.Deciding;

/// <summary>A correction names what it changes: a locator left out stays, one sent as "" is removed.</summary>
public sealed class when_correcting_provenance
{
    private static readonly CatalogueRecord WithReferenceTwo = ARecord(new ProvenanceRecorded(2, Avprf));

    [Fact]
    public void correcting_the_folios_alone_keeps_the_rest_of_the_reference() =>
        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Folios checked against the scan", Folios: "81-85ob"), WithReferenceTwo)
            .ShouldAppend(new ProvenanceCorrected(2, Avprf with { Folios = "81-85ob" }));

    [Fact]
    public void an_empty_locator_removes_it() =>
        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("There is no poryadok in this file", Poryadok: ""), WithReferenceTwo)
            .ShouldAppend(new ProvenanceCorrected(2, Avprf with { Poryadok = null }));

    [Fact]
    public void a_corrected_locator_is_no_longer_the_parser_s_reading()
    {
        var parsed = Avprf with { Raw = Avprf.Citation, ParserVersion = "1.0.0" };

        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Verso written on", Folios: "81-85ob"), ARecord(new ProvenanceRecorded(2, parsed)))
            .ShouldAppend(new ProvenanceCorrected(2, Avprf with { Folios = "81-85ob" }));
    }

    [Fact]
    public void a_citation_sent_without_locators_is_read_anew()
    {
        const string citation = "AVPRF, f. 0100, op. 43, por. 10, pap. 302, ll. 1-5";

        var corrected = Assert.IsType<ProvenanceCorrected>(
            Assert.Single(CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Citation copied wrongly", Citation: citation), WithReferenceTwo).Events));

        Assert.Equal((2, "43", "302", citation), (corrected.Number, corrected.Reference.Opis, corrected.Reference.Papka, corrected.Reference.Citation));
    }

    [Fact]
    public void a_box_and_folder_are_corrected_and_removed_like_any_locator()
    {
        var nara = ARecord(new ProvenanceRecorded(2, new ArchivalReference { Repository = "NARA", RecordGroup = "59", Box = "4", Folder = "12" }));

        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Box renumbered at accession") { Box = "40", Folder = "" }, nara)
            .ShouldAppend(new ProvenanceCorrected(2, new ArchivalReference { Repository = "NARA", RecordGroup = "59", Box = "40" }));
    }

    [Fact]
    public void the_same_locators_change_nothing() =>
        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Checked", Folios: "81-85"), WithReferenceTwo).ShouldChangeNothing();

    [Fact]
    public void a_correction_leaving_neither_citation_nor_locator_is_refused()
    {
        var bare = ARecord(new ProvenanceRecorded(2, new ArchivalReference { Repository = "AVPRF", Fond = "0100" }));

        CorrectProvenanceEndpoint.Decide(2, new CorrectProvenance("Wrong", Repository: "", Fond: ""), bare).ShouldBeRefused("citation");
    }

    [Fact]
    public void a_reference_the_record_does_not_have_is_refused() =>
        CorrectProvenanceEndpoint.Decide(7, new CorrectProvenance("Checked", Folios: "1-5"), WithReferenceTwo).ShouldBeRefused("number");
}

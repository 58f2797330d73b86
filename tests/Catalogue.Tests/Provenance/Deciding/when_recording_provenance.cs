using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Provenance.Deciding;

/// <summary>Each reference the record does not have yet is recorded, numbered by the version that records it.</summary>
public sealed class when_recording_provenance
{
    [Fact]
    public void locators_given_as_fields_are_recorded_as_they_are() =>
        RecordProvenanceEndpoint.Decide(
                new RecordProvenance(Repository: "AVPRF", Fond: "0100", Opis: "42", Poryadok: "19", Papka: "288", Folios: "81-85", Citation: Avprf.Citation),
                ARecord())
            .ShouldAppend(new ProvenanceRecorded(2, Avprf));

    [Fact]
    public void a_citation_alone_is_read_one_reference_per_archive_numbered_in_turn()
    {
        const string citation = "APRF, Fond 45, Opis 1, Delo 336, List 122 and AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13";
        var record = ARecord(new TitleRevised("Memorandum"));

        var recorded = RecordProvenanceEndpoint.Decide(new RecordProvenance(citation), record).Events.Cast<ProvenanceRecorded>().ToList();

        Assert.Equal([(3, "APRF", "336"), (4, "AVPRF", "5")], recorded.Select(r => (r.Number, r.Reference.Repository, r.Reference.Delo)));
        Assert.All(recorded, r => Assert.Equal(citation, r.Reference.Citation));
        Assert.All(recorded, r => Assert.NotNull(r.Reference.ParserVersion));
    }

    [Fact]
    public void a_reference_the_record_has_changes_nothing() =>
        RecordProvenanceEndpoint.Decide(
                new RecordProvenance(Repository: "AVPRF", Fond: "0100", Opis: "42", Poryadok: "19", Papka: "288", Folios: "81-85", Citation: Avprf.Citation),
                ARecord(new ProvenanceRecorded(2, Avprf)))
            .ShouldChangeNothing();

    [Fact]
    public void a_citation_the_record_has_read_by_an_older_parser_is_left_to_the_reparse()
    {
        const string citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92-93 ob.";
        var olderReading = new ArchivalReference { Repository = "RGASPI", Fond = "558", Opis = "11", Folios = "92-93", Citation = citation, Raw = citation, ParserVersion = "0.9.0" };

        RecordProvenanceEndpoint.Decide(new RecordProvenance(citation), ARecord(new ProvenanceRecorded(2, olderReading))).ShouldChangeNothing();
    }
}

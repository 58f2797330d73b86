using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Citations;
using static Catalogue.Tests.Support.RecordLives;
using ArchivalReference = Catalogue.Api.Records.ArchivalReference;

namespace Catalogue.Tests.Provenance.Deciding;

/// <summary>Today's parser re-reads the citations an older one read; what it reads the same way is left alone.</summary>
public sealed class when_reparsing_provenance
{
    private const string Citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92-93 ob.";

    [Fact]
    public void a_citation_read_differently_today_is_reparsed()
    {
        var olderReading = new ArchivalReference { Repository = "RGASPI", Fond = "558", Opis = "11", Folios = "92-93", Citation = Citation, Raw = Citation, ParserVersion = "0.9.0" };

        var reparsed = Assert.IsType<ProvenanceReparsed>(Assert.Single(ProvenanceReparse.Decide(ARecord(new ProvenanceRecorded(2, olderReading)))));

        Assert.Equal((2, CitationParser.Version, "342"), (reparsed.Number, reparsed.ParserVersion, reparsed.Reference?.Delo));
    }

    [Fact]
    public void a_citation_read_the_same_way_and_locators_given_as_fields_are_left_alone()
    {
        var todaysReading = Assert.Single(ProvenanceReading.Parse(Citation));

        Assert.Empty(ProvenanceReparse.Decide(ARecord(new ProvenanceRecorded(2, todaysReading), new ProvenanceRecorded(3, Avprf))));
    }
}

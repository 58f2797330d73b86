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

    /// <summary>One citation of two archives, as the Wilson Center prints it: read as two references.</summary>
    private const string TwoArchives =
        "APRF, Fond 45, Opis 1, Delo 323, List 41 and AVPRF, Fond 059a, Opis 5a, Delo 1, Papka 34, List 173";

    private static IReadOnlyList<IRecordEvent> Decide(params IRecordEvent[] events) =>
        ProvenanceReparse.Decide(ARecord(events), events.OfType<ProvenanceRecorded>());

    private static (ArchivalReference Aprf, ArchivalReference Avprf) TodaysReadingOfTwoArchives() =>
        ProvenanceReading.Parse(TwoArchives) is [var aprf, var avprf] ? (aprf, avprf) : throw new InvalidOperationException("Read as two references");

    [Fact]
    public void a_citation_read_differently_today_is_reparsed()
    {
        var olderReading = new ArchivalReference { Repository = "RGASPI", Fond = "558", Opis = "11", Folios = "92-93", Citation = Citation, Raw = Citation, ParserVersion = "0.9.0" };

        var reparsed = Assert.IsType<ProvenanceReparsed>(Assert.Single(Decide(new ProvenanceRecorded(2, olderReading))));

        Assert.Equal((2, CitationParser.Version, "342"), (reparsed.Number, reparsed.ParserVersion, reparsed.Reference?.Delo));
    }

    [Fact]
    public void a_citation_read_the_same_way_and_locators_given_as_fields_are_left_alone()
    {
        var todaysReading = Assert.Single(ProvenanceReading.Parse(Citation));

        Assert.Empty(Decide(new ProvenanceRecorded(2, todaysReading), new ProvenanceRecorded(3, Avprf)));
    }

    /// <summary>
    /// Found from outside: the APRF locator corrected by hand, a re-parse gave its reading to the AVPRF reference (the
    /// only one of the citation still the parser's) and recorded the AVPRF locator again as a new reference.
    /// </summary>
    [Fact]
    public void a_locator_corrected_by_hand_keeps_its_place_and_the_other_locators_of_the_citation_keep_theirs()
    {
        var (aprf, avprf) = TodaysReadingOfTwoArchives();

        Assert.Empty(Decide(
            new ProvenanceRecorded(2, aprf),
            new ProvenanceRecorded(3, avprf),
            new ProvenanceCorrected(2, aprf with { Folios = "41ob", Raw = null, ParserVersion = null })));
    }

    [Fact]
    public void a_locator_given_a_citation_of_its_own_is_not_read_again_from_the_citation_it_came_from()
    {
        var (aprf, avprf) = TodaysReadingOfTwoArchives();
        var ownCitation = Assert.Single(ProvenanceReading.Parse("APRF, f. 45, op. 1, d. 323, l. 41 ob."));

        Assert.Empty(Decide(new ProvenanceRecorded(2, aprf), new ProvenanceRecorded(3, avprf), new ProvenanceCorrected(2, ownCitation)));
    }

    [Fact]
    public void the_locators_an_older_parser_read_are_read_again_each_by_the_reference_that_holds_it()
    {
        var (aprf, avprf) = TodaysReadingOfTwoArchives();
        var olderAvprf = avprf with { Papka = null, ParserVersion = "0.9.0" };

        var reparsed = Assert.IsType<ProvenanceReparsed>(Assert.Single(Decide(
            new ProvenanceRecorded(2, aprf with { ParserVersion = "0.9.0" }),
            new ProvenanceRecorded(3, olderAvprf),
            new ProvenanceCorrected(2, aprf with { Folios = "41ob", Raw = null, ParserVersion = null }))));

        Assert.Equal((3, "AVPRF", "34"), (reparsed.Number, reparsed.Reference?.Repository, reparsed.Reference?.Papka));
    }

    [Fact]
    public void a_locator_an_older_parser_missed_is_recorded_once()
    {
        var (aprf, avprf) = TodaysReadingOfTwoArchives();
        var olderAprf = aprf with { ParserVersion = "0.9.0", Unparsed = ["and AVPRF, Fond 059a, Opis 5a, Delo 1, Papka 34, List 173 (not read)"] };

        var events = Decide(new ProvenanceRecorded(2, olderAprf));

        Assert.Equal(2, events.Count);
        Assert.Equal(2, Assert.IsType<ProvenanceReparsed>(events[0]).Number);
        var recorded = Assert.IsType<ProvenanceRecorded>(events[1]);
        Assert.Equal((4, "AVPRF"), (recorded.Number, recorded.Reference.Repository));
        Assert.True(recorded.Reference.SameReadingAs(avprf));
    }
}

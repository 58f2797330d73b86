using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>Only a record with a title and at least one provenance reference may be published.</summary>
public sealed class when_publishing_a_record
{
    private static readonly CatalogueRecord Ready = ARecord(new ProvenanceRecorded(2, Avprf));

    [Fact]
    public void a_record_with_a_title_and_provenance_is_published() =>
        PublishRecordEndpoint.Decide(Ready).ShouldAppend(new RecordPublished());

    [Fact]
    public void a_record_without_provenance_is_refused_naming_it() =>
        PublishRecordEndpoint.Decide(ARecord()).ShouldBeRefused("provenance");

    [Fact]
    public void a_record_without_a_title_is_refused_naming_it() =>
        PublishRecordEndpoint.Decide(Ready with { Title = " " }).ShouldBeRefused("title");

    [Fact]
    public void a_published_record_changes_nothing() =>
        PublishRecordEndpoint.Decide(ARecord(new ProvenanceRecorded(2, Avprf), new RecordPublished())).ShouldChangeNothing();
}

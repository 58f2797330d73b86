using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>A withdrawn record accepts nothing but its reinstatement, which makes it a draft again.</summary>
public sealed class when_withdrawing_and_reinstating_a_record
{
    private static readonly CatalogueRecord Published = ARecord(new ProvenanceRecorded(2, Avprf), new RecordPublished());

    private static readonly CatalogueRecord Withdrawn = ARecord(new ProvenanceRecorded(2, Avprf), new RecordPublished(), new RecordWithdrawn());

    [Fact]
    public void a_published_record_is_withdrawn() =>
        WithdrawRecordEndpoint.Decide(Published).ShouldAppend(new RecordWithdrawn());

    [Fact]
    public void a_draft_is_withdrawn_too() =>
        WithdrawRecordEndpoint.Decide(ARecord()).ShouldAppend(new RecordWithdrawn());

    [Fact]
    public void a_withdrawn_record_is_not_withdrawn_again() =>
        WithdrawRecordEndpoint.Decide(Withdrawn).ShouldChangeNothing();

    [Fact]
    public void a_withdrawn_record_is_reinstated_as_a_draft()
    {
        ReinstateRecordEndpoint.Decide(Withdrawn).ShouldAppend(new RecordReinstated());
        Assert.Equal(RecordStatus.Draft, RecordEvolution.Apply(Withdrawn, new RecordReinstated(), Withdrawn.Version + 1)!.Status);
    }

    [Fact]
    public void a_record_that_is_not_withdrawn_is_not_reinstated()
    {
        var refusal = ReinstateRecordEndpoint.Decide(Published).ShouldBeRefused();

        Assert.Contains(RecordStatus.Published, refusal.Detail);
    }

    [Fact]
    public void a_withdrawn_record_refuses_every_change_but_its_reinstatement()
    {
        Assert.Equal(422, RecordWriter.StateRefusal(Withdrawn, [new TitleRevised("Another title")])?.Status);
        Assert.Equal(422, RecordWriter.StateRefusal(Withdrawn, [new RecordReinstated(), new TitleRevised("Another title")])?.Status);
        Assert.Null(RecordWriter.StateRefusal(Withdrawn, [new RecordReinstated()]));
        Assert.Null(RecordWriter.StateRefusal(Published, [new TitleRevised("Another title")]));
    }
}

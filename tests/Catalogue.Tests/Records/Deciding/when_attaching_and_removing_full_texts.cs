using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>A record holds one text per language and kind; attaching another in its place is a correction.</summary>
public sealed class when_attaching_and_removing_full_texts
{
    private const string Russian = "Из дневника Н.В. Рощина";

    private static readonly CatalogueRecord WithTheOriginal = ARecord(new FullTextAttached(Russian, "ru", TextKinds.Original));

    [Fact]
    public void a_text_is_attached_exactly_as_sent() =>
        AttachFullTextEndpoint.Decide(new AttachFullText($"\n{Russian} ", "ru", TextKinds.Original), ARecord())
            .ShouldAppend(new FullTextAttached($"\n{Russian} ", "ru", TextKinds.Original));

    [Fact]
    public void a_text_in_another_language_or_kind_needs_no_reason() =>
        AttachFullTextEndpoint.Decide(new AttachFullText("From the Diary of N.V. Roshchin", "en", TextKinds.Translation), WithTheOriginal)
            .ShouldAppend(new FullTextAttached("From the Diary of N.V. Roshchin", "en", TextKinds.Translation));

    [Fact]
    public void another_text_in_the_same_language_and_kind_needs_a_reason() =>
        AttachFullTextEndpoint.Decide(new AttachFullText("Из дневника Н. В. Рощина", "ru", TextKinds.Original), WithTheOriginal).ShouldNeedAReason();

    [Fact]
    public void the_same_text_changes_nothing() =>
        AttachFullTextEndpoint.Decide(new AttachFullText(Russian, "ru", TextKinds.Original), WithTheOriginal).ShouldChangeNothing();

    [Fact]
    public void the_text_in_a_language_and_kind_is_removed() =>
        RemoveFullTextEndpoint.Decide(new RemoveFullText("ru", TextKinds.Original, "Attached to the wrong record"), WithTheOriginal)
            .ShouldAppend(new FullTextRemoved("ru", TextKinds.Original));

    [Fact]
    public void removing_a_text_the_record_does_not_have_is_refused() =>
        RemoveFullTextEndpoint.Decide(new RemoveFullText("ru", TextKinds.Translation, "Attached to the wrong record"), WithTheOriginal).ShouldBeRefused();
}

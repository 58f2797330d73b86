using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>Subjects are matched in any letter case, when they are tagged and when they are removed.</summary>
public sealed class when_tagging_and_removing_subjects
{
    private static readonly CatalogueRecord Tagged = ARecord(new SubjectsTagged(["Korean War", "Sino-Soviet relations"]));

    [Fact]
    public void only_the_subjects_the_record_does_not_have_are_tagged() =>
        TagSubjectsEndpoint.Decide(new TagSubjects(["korean war", " Taiwan ", "Taiwan", "TAIWAN"]), Tagged).ShouldAppend(new SubjectsTagged(["Taiwan"]));

    [Fact]
    public void subjects_the_record_has_in_any_letter_case_change_nothing() =>
        TagSubjectsEndpoint.Decide(new TagSubjects(["KOREAN WAR", "Sino-Soviet relations"]), Tagged).ShouldChangeNothing();

    [Fact]
    public void a_removal_names_the_subjects_as_the_record_has_them() =>
        RemoveSubjectsEndpoint.Decide(new RemoveSubjects([" korean war "], "Not what the document is about"), Tagged)
            .ShouldAppend(new SubjectsRemoved(["Korean War"]));

    [Fact]
    public void a_removal_naming_a_subject_the_record_does_not_have_removes_nothing_and_names_it()
    {
        var refusal = RemoveSubjectsEndpoint.Decide(new RemoveSubjects(["Korean War", "Korea War"], "Not what the document is about"), Tagged)
            .ShouldBeRefused("subjects");

        Assert.Contains("'Korea War'", refusal.Detail);
        Assert.DoesNotContain("'Korean War'", refusal.Detail);
    }
}

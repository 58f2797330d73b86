using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>
/// Subjects are matched in any letter case and in either Unicode form of an accented letter (one character, or a letter
/// and a combining accent as a Mac or a PDF gives it), when they are tagged and when they are removed.
/// </summary>
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

    private const string Composed = "Caf\u00e9 Z\u00fcrich, 1954";
    private const string Decomposed = "Cafe\u0301 Zu\u0308rich, 1954";

    [Fact]
    public void a_term_typed_in_both_forms_is_tagged_once_as_composed_characters()
    {
        Assert.NotEqual(Composed, Decomposed);

        TagSubjectsEndpoint.Decide(new TagSubjects([Decomposed, Composed]), Tagged).ShouldAppend(new SubjectsTagged([Composed]));
    }

    [Fact]
    public void a_term_the_record_has_in_the_other_form_changes_nothing_and_is_removed_by_either()
    {
        var record = ARecord(new SubjectsTagged([Decomposed]));

        TagSubjectsEndpoint.Decide(new TagSubjects([Composed]), record).ShouldChangeNothing();
        RemoveSubjectsEndpoint.Decide(new RemoveSubjects([Composed], "Too narrow"), record).ShouldAppend(new SubjectsRemoved([Decomposed]));
    }

    [Fact]
    public void a_record_tagged_both_ways_before_holds_the_term_once()
    {
        var record = ARecord(new SubjectsTagged([Composed]), new SubjectsTagged([Decomposed]));

        Assert.Equal([Composed], record.Subjects);
    }
}

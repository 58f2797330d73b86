using Catalogue.Api.Credits;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Credits.Deciding;

/// <summary>A funding note is added, numbered by the version that adds it, and removed by its number.</summary>
public sealed class when_noting_funding
{
    private const string Levy = "Leon Levy Foundation";

    private const string Note = "This document was made possible with support from Leon Levy Foundation";

    [Fact]
    public void a_note_is_added_trimmed_and_numbered() =>
        FundingNoteEndpoints.Decide(new AddFundingNote($" {Levy}", $"{Note} "), ARecord(new TitleRevised("Memorandum")))
            .ShouldAppend(new FundingNoteAdded(3, Levy, Note));

    [Fact]
    public void the_same_note_again_changes_nothing() =>
        FundingNoteEndpoints.Decide(new AddFundingNote(Levy, Note), ARecord(new FundingNoteAdded(2, Levy, Note))).ShouldChangeNothing();

    [Fact]
    public void a_funder_typed_with_a_combining_accent_is_kept_in_composed_letters_and_the_same_note_changes_nothing()
    {
        const string composed = "Fondation Émile Hugot", decomposed = "Fondation E\u0301mile Hugot";

        FundingNoteEndpoints.Decide(new AddFundingNote(decomposed, Note), ARecord()).ShouldAppend(new FundingNoteAdded(2, composed, Note));
        FundingNoteEndpoints.Decide(new AddFundingNote(decomposed, Note), ARecord(new FundingNoteAdded(2, composed, Note))).ShouldChangeNothing();
    }

    /// <summary>
    /// Found from outside: the funder typed in other letter case made a second note of the same words, one no read shows
    /// apart (search and the funders report fold the two spellings into one funder).
    /// </summary>
    [Fact]
    public void the_same_note_with_its_funder_in_other_letter_case_changes_nothing() =>
        FundingNoteEndpoints.Decide(new AddFundingNote("LEON levy foundation", Note), ARecord(new FundingNoteAdded(2, Levy, Note))).ShouldChangeNothing();

    [Fact]
    public void the_same_funder_with_another_note_is_a_note_of_its_own() =>
        FundingNoteEndpoints.Decide(new AddFundingNote(Levy, "Translation funded by the Leon Levy Foundation"), ARecord(new FundingNoteAdded(2, Levy, Note)))
            .ShouldAppend(new FundingNoteAdded(3, Levy, "Translation funded by the Leon Levy Foundation"));

    [Fact]
    public void a_note_is_removed_by_its_number() =>
        FundingNoteEndpoints.Decide(2, ARecord(new FundingNoteAdded(2, Levy, Note))).ShouldAppend(new FundingNoteRemoved(2));

    [Fact]
    public void removing_a_note_the_record_does_not_have_is_refused() =>
        FundingNoteEndpoints.Decide(3, ARecord(new FundingNoteAdded(2, Levy, Note))).ShouldBeRefused("number");
}

using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Records.Deciding;

/// <summary>
/// Source citation, classification marks, creators, participants, original languages and summary: each is given once,
/// then replaced as a whole by a correction, which needs a reason; sending what the record already says changes nothing.
/// </summary>
public sealed class when_describing_a_document
{
    private const string Citation = "\"From the Diary of N.V. Roshchin\", November 10, 1949, Wilson Center Digital Archive.";

    [Fact]
    public void a_first_source_citation_is_recorded_without_a_reason() =>
        RecordSourceCitationEndpoint.Decide(new RecordSourceCitation($" {Citation} "), ARecord()).ShouldAppend(new SourceCitationRecorded(Citation));

    [Fact]
    public void another_source_citation_needs_a_reason() =>
        RecordSourceCitationEndpoint.Decide(new RecordSourceCitation("Wilson Center Digital Archive"), ARecord(new SourceCitationRecorded(Citation)))
            .ShouldNeedAReason();

    [Fact]
    public void the_same_source_citation_changes_nothing() =>
        RecordSourceCitationEndpoint.Decide(new RecordSourceCitation(Citation), ARecord(new SourceCitationRecorded(Citation))).ShouldChangeNothing();

    [Fact]
    public void classification_marks_are_recorded_then_replaced_with_a_reason()
    {
        RecordClassificationEndpoint.Decide(new RecordClassification(" Top Secret, Copy 4 "), ARecord())
            .ShouldAppend(new ClassificationRecorded("Top Secret, Copy 4"));

        var marked = ARecord(new ClassificationRecorded("Top Secret, Copy 4"));
        RecordClassificationEndpoint.Decide(new RecordClassification("Secret"), marked).ShouldNeedAReason();
        RecordClassificationEndpoint.Decide(new RecordClassification("Secret", Reason: "Misread stamp"), marked).ShouldAppend(new ClassificationRecorded("Secret"));
        RecordClassificationEndpoint.Decide(new RecordClassification("Top Secret, Copy 4"), marked).ShouldChangeNothing();
    }

    [Fact]
    public void creators_are_recorded_trimmed_once_each_and_without_a_blank_role() =>
        RecordPeopleEndpoints.Decide(
                new RecordCreators([new Person(" N.V. Roshchin ", " author "), new Person("N.V. Roshchin", "author"), new Person("Soviet Embassy in Beijing", " ")]),
                ARecord())
            .ShouldAppend(new CreatorsRecorded([new Person("N.V. Roshchin", "author"), new Person("Soviet Embassy in Beijing")]));

    /// <summary>«Андрей» typed on a Mac can arrive as «Андреи» and a combining breve: one person, kept as composed letters.</summary>
    [Fact]
    public void a_person_typed_with_combining_accents_is_the_person_typed_with_composed_letters()
    {
        const string composed = "Андрей Громыко", decomposed = "Андреи\u0306 Громыко";
        Assert.NotEqual(composed, decomposed);

        RecordPeopleEndpoints.Decide(new RecordParticipants([new Person(decomposed, "Minister"), new Person(composed, "Minister")]), ARecord())
            .ShouldAppend(new ParticipantsRecorded([new Person(composed, "Minister")]));
        RecordPeopleEndpoints.Decide(new RecordCreators([new Person(decomposed, "Me\u0301moire")]), ARecord(new CreatorsRecorded([new Person(composed, "Mémoire")])))
            .ShouldChangeNothing();
    }

    [Fact]
    public void other_creators_need_a_reason_and_the_same_ones_change_nothing()
    {
        var record = ARecord(new CreatorsRecorded([new Person("N.V. Roshchin", "author")]));

        RecordPeopleEndpoints.Decide(new RecordCreators([new Person("Zhou Enlai")]), record).ShouldNeedAReason();
        RecordPeopleEndpoints.Decide(new RecordCreators([new Person("N.V. Roshchin", "author")]), record).ShouldChangeNothing();
    }

    [Fact]
    public void participants_are_recorded_then_replaced_with_a_reason()
    {
        var zhou = new Person("Zhou Enlai", "Prime Minister and Foreign Minister");
        var roshchin = new Person("N.V. Roshchin", "Soviet Ambassador");
        RecordPeopleEndpoints.Decide(new RecordParticipants([zhou]), ARecord()).ShouldAppend(new ParticipantsRecorded([zhou]));

        var record = ARecord(new ParticipantsRecorded([zhou]));
        RecordPeopleEndpoints.Decide(new RecordParticipants([zhou, roshchin]), record).ShouldNeedAReason();
        RecordPeopleEndpoints.Decide(new RecordParticipants([zhou, roshchin], Reason: "The ambassador took part"), record)
            .ShouldAppend(new ParticipantsRecorded([zhou, roshchin]));
    }

    [Fact]
    public void original_languages_are_recorded_once_each_then_replaced_with_a_reason()
    {
        RecordOriginalLanguagesEndpoint.Decide(new RecordOriginalLanguages([new Language(" ru ", " Russian "), new Language("ru", "Russian")]), ARecord())
            .ShouldAppend(new OriginalLanguagesRecorded([new Language("ru", "Russian")]));

        var record = ARecord(new OriginalLanguagesRecorded([new Language("ru", "Russian")]));
        RecordOriginalLanguagesEndpoint.Decide(new RecordOriginalLanguages([new Language("zh", "Chinese")]), record).ShouldNeedAReason();
        RecordOriginalLanguagesEndpoint.Decide(new RecordOriginalLanguages([new Language("ru", "Russian")]), record).ShouldChangeNothing();
    }

    [Fact]
    public void a_summary_is_given_then_revised_with_a_reason()
    {
        const string summary = "Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai.";
        ReviseSummaryEndpoint.Decide(new ReviseSummary($"{summary}\n"), ARecord()).ShouldAppend(new SummaryRevised(summary));

        var record = ARecord(new SummaryRevised(summary));
        ReviseSummaryEndpoint.Decide(new ReviseSummary("Roshchin and Zhou Enlai discuss Korea."), record).ShouldNeedAReason();
        ReviseSummaryEndpoint.Decide(new ReviseSummary(summary), record).ShouldChangeNothing();
    }
}

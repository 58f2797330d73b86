using Catalogue.Api.Records;

namespace Catalogue.Tests.Support;

/// <summary>Records as their events make them, for the tests of the fold and of decisions, which need no database.</summary>
public static class RecordLives
{
    public static readonly Guid Id = Guid.Parse("0f6d1c52-7a43-4a8e-9a43-000000117886");

    public static readonly DateTimeOffset AccessionedAt = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    public const string Title = "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949";

    public static RecordAccessioned Accessioned(Guid? id = null) => new(
        id ?? Id,
        "CAT-2026-000001",
        [new ExternalIdentifier("wilson-center", "117886")],
        "https://wilson-center-digital-archive.dvincitest.com/document/117886",
        Title,
        "Memorandum of Conversation",
        AccessionedAt);

    /// <summary>The record just accessioned, then changed by <paramref name="then"/>.</summary>
    public static CatalogueRecord ARecord(params IRecordEvent[] then) => RecordEvolution.Fold(null, [Accessioned(), .. then])!;

    public static readonly ArchivalReference Avprf = new()
    {
        Repository = "AVPRF",
        RepositoryAsWritten = "AVPRF",
        RepositoryKnown = true,
        Fond = "0100",
        Opis = "42",
        Poryadok = "19",
        Papka = "288",
        Folios = "81-85",
        Citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
    };

    /// <summary>
    /// A record's life holding every kind of record event, each at a point where the record has what it changes (a
    /// date to revise, a subject to remove, a withdrawal to reinstate from). A new kind of event gets its place here.
    /// </summary>
    public static IReadOnlyList<IRecordEvent> EveryKindOfEvent(Guid id) =>
    [
        Accessioned(id),
        new TitleRevised("Memorandum of Conversation with Zhou Enlai, 10 November 1949"),
        new SourceCitationRecorded("\"From the Diary of N.V. Roshchin\", November 10, 1949, Wilson Center Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85."),
        new DateRecorded(DateRoles.Described, "November 10, 1949", "1949-11-10"),
        new DateRevised(DateRoles.Described, "10 November 1949", "1949-11-10"),
        new ClassificationRecorded("Top Secret, Copy 4"),
        new CreatorsRecorded([new Person("N.V. Roshchin", "author")]),
        new ParticipantsRecorded([new Person("Zhou Enlai", "Prime Minister and Foreign Minister"), new Person("N.V. Roshchin", "Soviet Ambassador")]),
        new OriginalLanguagesRecorded([new Language("ru", "Russian")]),
        new SummaryRevised("Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai."),
        new SubjectsTagged(["Korean War", "Sino-Soviet relations"]),
        new SubjectsRemoved(["Korean War"]),
        new FullTextAttached("Из дневника Н.В. Рощина", "ru", TextKinds.Original),
        new FullTextRemoved("ru", TextKinds.Original),
        new ProvenanceRecorded(15, Avprf),
        new ProvenanceCorrected(15, Avprf with { Folios = "81-85ob" }),
        new ProvenanceReparsed(15, Avprf with { Folios = "81-85ob", Raw = Avprf.Citation, ParserVersion = "2.0.0" }, "2.0.0"),
        new TranslationCredited(18, "en", ["David Wolff"], "Translated by David Wolff"),
        new TranslationCreditCorrected(18, "en", ["David Wolff"], "Translated for CWIHP by David Wolff"),
        new TranslationWithdrawn(18),
        new FundingNoteAdded(21, "Leon Levy Foundation", "This document was made possible with support from Leon Levy Foundation"),
        new FundingNoteRemoved(21),
        new AcquisitionCredited(23, global::Catalogue.Api.Credits.AcquisitionRoles.Obtained, ["Vladislav Zubok"], "Obtained for CWIHP by Vladislav Zubok"),
        new AcquisitionCreditWithdrawn(23),
        new PlacesAdded(["Moscow", "Beijing"]),
        new PlacesRemoved(["Moscow"]),
        new RecordPublished(),
        new RecordWithdrawn(),
        new RecordReinstated(),
        // At the end, so the numbers of the entries above stay the versions that recorded them.
        new DocumentTypeRevised("Memorandum"),
        new SourceUrlRevised("https://digitalarchive.wilsoncenter.org/document/117886"),
        new ExternalIdentifiersRevised([new ExternalIdentifier("wilson-center", "117886"), new ExternalIdentifier("cwihp-bulletin", "6-7/1995")]),
    ];
}

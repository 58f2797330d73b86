using Marten;

namespace Catalogue.Api.Records;

/// <summary>Marks the events of a catalogue record's stream.</summary>
public interface IRecordEvent;

// Every event a record's stream may hold. They are the permanent contract of the event store: stored events are read
// back by their stored name into these shapes for as long as the catalogue keeps them, so no stored name and no shape
// changes once shipped (see README, "Changing an event once it has shipped"). How each changes a record is in
// RecordEvolution; its stored name is in StoredNames below.

// Accession, its corrections, title and source citation

/// <summary>A document taken into the catalogue: always the first event of a record's stream.</summary>
public sealed record RecordAccessioned(
    Guid RecordId,
    string AccessionNumber,
    IReadOnlyList<ExternalIdentifier> ExternalIds,
    string? SourceUrl,
    string Title,
    string? DocumentType,
    DateTimeOffset AccessionedAt) : IRecordEvent;

public sealed record TitleRevised(string Title) : IRecordEvent;

/// <summary>
/// The kind of document ("Memorandum of Conversation") as corrected after its accession; null when the record no longer
/// names one.
/// </summary>
public sealed record DocumentTypeRevised(string? DocumentType) : IRecordEvent;

/// <summary>The address of the document at its source as corrected after its accession; null when the record no longer gives one.</summary>
public sealed record SourceUrlRevised(string? SourceUrl) : IRecordEvent;

/// <summary>The holding archives' identifiers of the document, the whole list as corrected, replacing the one before (empty: none).</summary>
public sealed record ExternalIdentifiersRevised(IReadOnlyList<ExternalIdentifier> ExternalIds) : IRecordEvent;

/// <summary>How the source cites the document, as it writes it; a later one replaces it.</summary>
public sealed record SourceCitationRecorded(string Citation) : IRecordEvent;

// Description: dates, classification, people, languages, summary, subjects, full texts

/// <summary>A date in a role the record had no date for yet.</summary>
public sealed record DateRecorded(string Role, string AsWritten, string Edtf) : IRecordEvent;

/// <summary>A date replacing the one the record had in the same role.</summary>
public sealed record DateRevised(string Role, string AsWritten, string Edtf) : IRecordEvent;

/// <summary>The classification marks as written on the document; a later one replaces them.</summary>
public sealed record ClassificationRecorded(string Marks) : IRecordEvent;

/// <summary>The whole list of creators, replacing the one before.</summary>
public sealed record CreatorsRecorded(IReadOnlyList<Person> Creators) : IRecordEvent;

/// <summary>The whole list of participants, replacing the one before.</summary>
public sealed record ParticipantsRecorded(IReadOnlyList<Person> Participants) : IRecordEvent;

/// <summary>The whole list of the original's languages, replacing the one before.</summary>
public sealed record OriginalLanguagesRecorded(IReadOnlyList<Language> Languages) : IRecordEvent;

/// <summary>The summary, given for the first time or replacing the one before.</summary>
public sealed record SummaryRevised(string Summary) : IRecordEvent;

/// <summary>Subject terms the record did not have yet, in any letter case.</summary>
public sealed record SubjectsTagged(IReadOnlyList<string> Subjects) : IRecordEvent;

/// <summary>The subjects as the record had them, whatever letter case the removal named them in.</summary>
public sealed record SubjectsRemoved(IReadOnlyList<string> Subjects) : IRecordEvent;

/// <summary>
/// Places the document is about or was written in (geographic access points, EAD's <c>geogname</c>) that the record
/// did not have yet, in any letter case.
/// </summary>
public sealed record PlacesAdded(IReadOnlyList<string> Places) : IRecordEvent;

/// <summary>The places as the record had them, whatever letter case the removal named them in.</summary>
public sealed record PlacesRemoved(IReadOnlyList<string> Places) : IRecordEvent;

/// <summary>The document's text in one language and kind, replacing any text the record had in that language and kind.</summary>
public sealed record FullTextAttached(string Text, string Language, string Kind) : IRecordEvent;

/// <summary>The text in one language and kind taken off the record; it stays in the history, with the event that attached it.</summary>
public sealed record FullTextRemoved(string Language, string Kind) : IRecordEvent;

// Provenance

/// <summary>The reference number is the record version at which the reference was first recorded.</summary>
public sealed record ProvenanceRecorded(int Number, ArchivalReference Reference) : IRecordEvent;

/// <summary>An archivist's correction of reference <see cref="Number"/>: <see cref="Reference"/> is the whole reference as corrected.</summary>
public sealed record ProvenanceCorrected(int Number, ArchivalReference Reference) : IRecordEvent;

/// <summary>
/// A newer citation parser read a stored citation differently. <see cref="Reference"/> is the new reading;
/// null when the citation no longer yields this reference.
/// </summary>
public sealed record ProvenanceReparsed(int Number, ArchivalReference? Reference, string ParserVersion) : IRecordEvent;

// Credits and funding

/// <summary>The translation number is the record version at which the translation was first credited.</summary>
public sealed record TranslationCredited(int Number, string Language, IReadOnlyList<string> Translators, string Credit) : IRecordEvent;

/// <summary>A correction of translation <see cref="Number"/>: the whole credit as corrected.</summary>
public sealed record TranslationCreditCorrected(int Number, string Language, IReadOnlyList<string> Translators, string Credit) : IRecordEvent;

public sealed record TranslationWithdrawn(int Number) : IRecordEvent;

/// <summary>The note number is the record version at which the note was added.</summary>
public sealed record FundingNoteAdded(int Number, string Funder, string Note) : IRecordEvent;

public sealed record FundingNoteRemoved(int Number) : IRecordEvent;

/// <summary>
/// Who obtained, contributed, donated or provided the document (<see cref="Role"/>), with the credit line as written;
/// the credit number is the record version at which the credit was first given.
/// </summary>
public sealed record AcquisitionCredited(int Number, string Role, IReadOnlyList<string> People, string Credit) : IRecordEvent;

public sealed record AcquisitionCreditWithdrawn(int Number) : IRecordEvent;

// Publication state

public sealed record RecordPublished : IRecordEvent;

/// <summary>The record left the public catalogue; it accepts nothing but its reinstatement.</summary>
public sealed record RecordWithdrawn : IRecordEvent;

/// <summary>A withdrawn record back in the catalogue, as a draft.</summary>
public sealed record RecordReinstated : IRecordEvent;

/// <summary>The names record events are stored under, and their registration with Marten.</summary>
public static class RecordEvents
{
    /// <summary>
    /// The name each record event is stored under (<c>mt_events.type</c>) and read back by. Written out rather than
    /// derived from the class name, so a class can be renamed or moved without orphaning the events stored under its
    /// old name; a name itself never changes. These are the names Marten derived from the class names before they were
    /// written out here.
    /// </summary>
    public static string StoredNameOf<TEvent>() where TEvent : IRecordEvent => StoredNames.Single(n => n.Event == typeof(TEvent)).StoredName;

    public static readonly IReadOnlyList<(Type Event, string StoredName)> StoredNames =
    [
        (typeof(RecordAccessioned), "record_accessioned"),
        (typeof(TitleRevised), "title_revised"),
        (typeof(DocumentTypeRevised), "document_type_revised"),
        (typeof(SourceUrlRevised), "source_url_revised"),
        (typeof(ExternalIdentifiersRevised), "external_identifiers_revised"),
        (typeof(SourceCitationRecorded), "source_citation_recorded"),

        (typeof(DateRecorded), "date_recorded"),
        (typeof(DateRevised), "date_revised"),
        (typeof(ClassificationRecorded), "classification_recorded"),
        (typeof(CreatorsRecorded), "creators_recorded"),
        (typeof(ParticipantsRecorded), "participants_recorded"),
        (typeof(OriginalLanguagesRecorded), "original_languages_recorded"),
        (typeof(SummaryRevised), "summary_revised"),
        (typeof(SubjectsTagged), "subjects_tagged"),
        (typeof(SubjectsRemoved), "subjects_removed"),
        (typeof(PlacesAdded), "places_added"),
        (typeof(PlacesRemoved), "places_removed"),
        (typeof(FullTextAttached), "full_text_attached"),
        (typeof(FullTextRemoved), "full_text_removed"),

        (typeof(ProvenanceRecorded), "provenance_recorded"),
        (typeof(ProvenanceCorrected), "provenance_corrected"),
        (typeof(ProvenanceReparsed), "provenance_reparsed"),

        (typeof(TranslationCredited), "translation_credited"),
        (typeof(TranslationCreditCorrected), "translation_credit_corrected"),
        (typeof(TranslationWithdrawn), "translation_withdrawn"),
        (typeof(FundingNoteAdded), "funding_note_added"),
        (typeof(FundingNoteRemoved), "funding_note_removed"),
        (typeof(AcquisitionCredited), "acquisition_credited"),
        (typeof(AcquisitionCreditWithdrawn), "acquisition_credit_withdrawn"),

        (typeof(RecordPublished), "record_published"),
        (typeof(RecordWithdrawn), "record_withdrawn"),
        (typeof(RecordReinstated), "record_reinstated"),
    ];

    /// <summary>Registers every record event under its stored name; the live store and a scratch rebuild store alike.</summary>
    public static void Register(StoreOptions opts)
    {
        foreach (var (type, name) in StoredNames) opts.Events.MapEventType(type, name);
    }
}

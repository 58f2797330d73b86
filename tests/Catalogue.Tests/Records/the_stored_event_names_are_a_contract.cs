using Catalogue.Api.Records;
using Marten;

namespace Catalogue.Tests.Records;

/// <summary>
/// A stored event is read back by the name it was stored under, so the names are a contract with every event already
/// in the store: a name that changed would orphan them all, and an event Marten named by itself would carry whatever
/// its class happens to be called.
/// </summary>
public sealed class the_stored_event_names_are_a_contract
{
    /// <summary>
    /// Spelt out a second time on purpose, never derived from <see cref="RecordEvents.StoredNames"/>: changing a name
    /// there fails here. A new event is added to both; a line here is never changed or removed.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, string> Pinned = new Dictionary<Type, string>
    {
        [typeof(RecordAccessioned)] = "record_accessioned",
        [typeof(TitleRevised)] = "title_revised",
        [typeof(SourceCitationRecorded)] = "source_citation_recorded",
        [typeof(DateRecorded)] = "date_recorded",
        [typeof(DateRevised)] = "date_revised",
        [typeof(ClassificationRecorded)] = "classification_recorded",
        [typeof(CreatorsRecorded)] = "creators_recorded",
        [typeof(ParticipantsRecorded)] = "participants_recorded",
        [typeof(OriginalLanguagesRecorded)] = "original_languages_recorded",
        [typeof(SummaryRevised)] = "summary_revised",
        [typeof(SubjectsTagged)] = "subjects_tagged",
        [typeof(SubjectsRemoved)] = "subjects_removed",
        [typeof(PlacesAdded)] = "places_added",
        [typeof(PlacesRemoved)] = "places_removed",
        [typeof(FullTextAttached)] = "full_text_attached",
        [typeof(FullTextRemoved)] = "full_text_removed",
        [typeof(ProvenanceRecorded)] = "provenance_recorded",
        [typeof(ProvenanceCorrected)] = "provenance_corrected",
        [typeof(ProvenanceReparsed)] = "provenance_reparsed",
        [typeof(TranslationCredited)] = "translation_credited",
        [typeof(TranslationCreditCorrected)] = "translation_credit_corrected",
        [typeof(TranslationWithdrawn)] = "translation_withdrawn",
        [typeof(FundingNoteAdded)] = "funding_note_added",
        [typeof(FundingNoteRemoved)] = "funding_note_removed",
        [typeof(AcquisitionCredited)] = "acquisition_credited",
        [typeof(AcquisitionCreditWithdrawn)] = "acquisition_credit_withdrawn",
        [typeof(RecordPublished)] = "record_published",
        [typeof(RecordWithdrawn)] = "record_withdrawn",
        [typeof(RecordReinstated)] = "record_reinstated",
        [typeof(DocumentTypeRevised)] = "document_type_revised",
        [typeof(SourceUrlRevised)] = "source_url_revised",
        [typeof(ExternalIdentifiersRevised)] = "external_identifiers_revised",
    };

    /// <summary>Every record event the service defines, whether or not anything registers it.</summary>
    public static IReadOnlyList<Type> RecordEventTypes { get; } =
    [
        .. typeof(IRecordEvent).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IRecordEvent)))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];

    private static readonly IReadOnlyDictionary<Type, string> Table = RecordEvents.StoredNames.ToDictionary(n => n.Event, n => n.StoredName);

    [Fact]
    public void every_pinned_event_keeps_its_stored_name()
    {
        foreach (var (type, name) in Pinned)
        {
            Assert.True(Table.TryGetValue(type, out var stored), $"{type.Name} is no longer in RecordEvents.StoredNames; the events stored as '{name}' would not be read.");
            Assert.True(stored == name, $"{type.Name} is stored as '{name}' and must stay so, but RecordEvents.StoredNames now says '{stored}'.");
        }
    }

    [Fact]
    public void every_record_event_has_a_stored_name_of_its_own()
    {
        foreach (var type in RecordEventTypes)
        {
            Assert.True(Table.ContainsKey(type), $"{type.Name} has no stored name: add it to RecordEvents.StoredNames, and pin it in {nameof(the_stored_event_names_are_a_contract)}.");
            Assert.True(Pinned.ContainsKey(type), $"{type.Name} has a stored name that is not pinned: add it to {nameof(Pinned)}.");
        }

        var shared = RecordEvents.StoredNames.GroupBy(n => n.StoredName).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(shared.Count == 0, $"Stored names given to more than one event: {string.Join(", ", shared)}.");
    }

    [Fact]
    public void the_catalogue_s_store_stores_every_record_event_under_its_pinned_name()
    {
        var opts = new StoreOptions();
        Program.Capabilities([]).Store("Host=unused").Configure(opts);

        var registered = ((IReadOnlyStoreOptions)opts).Events.AllKnownEventTypes()
            .Where(t => t.EventType.IsAssignableTo(typeof(IRecordEvent)))
            .ToDictionary(t => t.EventType, t => t.EventTypeName);

        Assert.Equal(
            Pinned.Select(p => $"{p.Key.Name} → {p.Value}").Order(StringComparer.Ordinal),
            registered.Select(r => $"{r.Key.Name} → {r.Value}").Order(StringComparer.Ordinal));
    }
}

namespace Catalogue.Api.Records;

/// <summary>
/// How each event changes a record. Pure and deterministic: the inline projection, the importer's
/// look-ahead and any replay (as-of, diff, blame) fold events through this one function.
/// </summary>
public static class RecordEvolution
{
    /// <remarks>
    /// A language is folded by the code the catalogue records it by (<see cref="LanguageCodes.Canonical"/>) whatever code
    /// its event was given: events stored before codes were made one per language say "rus" where later ones say "ru",
    /// and the read models count, filter and file them as one language. The events keep what was given.
    /// </remarks>
    public static CatalogueRecord? Apply(CatalogueRecord? record, object @event, long version)
    {
        if (@event is RecordAccessioned accessioned)
        {
            return new CatalogueRecord
            {
                Id = accessioned.RecordId,
                Version = version,
                AccessionNumber = accessioned.AccessionNumber,
                AccessionedAt = accessioned.AccessionedAt,
                ExternalIds = accessioned.ExternalIds,
                SourceUrl = accessioned.SourceUrl,
                Title = accessioned.Title,
                DocumentType = accessioned.DocumentType,
            };
        }

        // No record without its accession: a rebuild of the read models also passes streams that are not records'
        // (Marten's gap fillers keep a stream of their own).
        if (record is null) return null;

        // A filler of a failed write carries nothing of the record. One could land in a record's stream only when a record
        // had been made on the fillers' own stream (an import once allowed it); folded as an event unknown, it stopped every
        // async read model at it for good.
        if (@event is JasperFx.Events.Tombstone) return record;

        var next = @event switch
        {
            TitleRevised e => record with { Title = e.Title },
            DocumentTypeRevised e => record with { DocumentType = e.DocumentType },
            SourceUrlRevised e => record with { SourceUrl = e.SourceUrl },
            ExternalIdentifiersRevised e => record with { ExternalIds = e.ExternalIds },
            SourceCitationRecorded e => record with { SourceCitation = e.Citation },
            DateRecorded e => record with { Dates = WithDate(record.Dates, new DocumentDate(e.Role, e.AsWritten, e.Edtf)) },
            DateRevised e => record with { Dates = WithDate(record.Dates, new DocumentDate(e.Role, e.AsWritten, e.Edtf)) },
            ClassificationRecorded e => record with { Classification = e.Marks },
            CreatorsRecorded e => record with { Creators = e.Creators },
            ParticipantsRecorded e => record with { Participants = e.Participants },
            SummaryRevised e => record with { Summary = e.Summary },
            OriginalLanguagesRecorded e => record with { OriginalLanguages = [.. e.Languages.Select(l => l with { Code = LanguageCodes.Canonical(l.Code) }).Distinct()] },
            ProvenanceRecorded e => record with { Provenance = [.. record.Provenance, new ProvenanceEntry(e.Number, e.Reference)] },
            ProvenanceCorrected e => record with
            {
                Provenance = [.. record.Provenance.Select(p => p.Number == e.Number ? new ProvenanceEntry(e.Number, e.Reference) : p)],
            },
            ProvenanceReparsed { Reference: null } e => record with { Provenance = [.. record.Provenance.Where(p => p.Number != e.Number)] },
            ProvenanceReparsed e => record with
            {
                Provenance = [.. record.Provenance.Select(p => p.Number == e.Number ? new ProvenanceEntry(e.Number, e.Reference!) : p)],
            },
            TranslationCredited e => record with
            {
                Translations = [.. record.Translations, new TranslationEntry(e.Number, LanguageCodes.Canonical(e.Language), e.Translators, e.Credit)],
            },
            TranslationCreditCorrected e => record with
            {
                Translations = [.. record.Translations.Select(t => t.Number == e.Number ? new TranslationEntry(e.Number, LanguageCodes.Canonical(e.Language), e.Translators, e.Credit) : t)],
            },
            TranslationWithdrawn e => record with { Translations = [.. record.Translations.Where(t => t.Number != e.Number)] },
            AcquisitionCredited e => record with
            {
                AcquisitionCredits = [.. record.AcquisitionCredits, new AcquisitionEntry(e.Number, e.Role, e.People, e.Credit)],
            },
            AcquisitionCreditWithdrawn e => record with { AcquisitionCredits = [.. record.AcquisitionCredits.Where(a => a.Number != e.Number)] },
            FundingNoteAdded e => record with { FundingNotes = [.. record.FundingNotes, new FundingEntry(e.Number, e.Funder, e.Note)] },
            FundingNoteRemoved e => record with { FundingNotes = [.. record.FundingNotes.Where(f => f.Number != e.Number)] },
            SubjectsTagged e => record with { Subjects = [.. record.Subjects.Concat(e.Subjects).Distinct(AccessTerms.Same)] },
            SubjectsRemoved e => record with { Subjects = [.. record.Subjects.Where(s => !e.Subjects.Contains(s, AccessTerms.Same))] },
            PlacesAdded e => record with { Places = [.. record.Places.Concat(e.Places).Distinct(AccessTerms.Same)] },
            PlacesRemoved e => record with { Places = [.. record.Places.Where(p => !e.Places.Contains(p, AccessTerms.Same))] },
            FullTextAttached e => record with
            {
                FullTexts = [.. record.FullTexts.Where(t => !t.Is(e.Language, e.Kind)), FullTextEntry.Attached(record.Id, e, version)],
            },
            FullTextRemoved e => record with { FullTexts = [.. record.FullTexts.Where(t => !t.Is(e.Language, e.Kind))] },
            RecordPublished => record with { Status = RecordStatus.Published },
            RecordWithdrawn => record with { Status = RecordStatus.Withdrawn },
            RecordReinstated => record with { Status = RecordStatus.Draft },
            // Skipping it would still move the version: the read model, a replay and a diff would each say the event
            // happened and show nothing of it.
            _ => throw new InvalidOperationException(
                $"A record's stream holds a {@event.GetType().FullName} event, which {nameof(RecordEvolution)}.{nameof(Apply)} does not know how to fold."),
        };

        return next with { Version = version };
    }

    public static CatalogueRecord? Fold(CatalogueRecord? record, IEnumerable<object> events)
    {
        foreach (var e in events)
        {
            record = Apply(record, e, (record?.Version ?? 0) + 1);
        }

        return record;
    }

    private static IReadOnlyList<DocumentDate> WithDate(IReadOnlyList<DocumentDate> dates, DocumentDate date) =>
        [.. dates.Where(d => d.Role != date.Role), date];
}

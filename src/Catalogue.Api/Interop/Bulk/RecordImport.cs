using Catalogue.Api.Provenance;
using Catalogue.Api.Records;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Why a line was rejected, in which field. Field and message can quote the line (a property's name, a value), which
/// may hold anything: a control character or a lone surrogate is shown as its code point, since the batch keeps its
/// problems as JSON in PostgreSQL, which refuses <c>\u0000</c> and lone surrogates (a 500 for the whole import).
/// </summary>
public sealed record LineProblem(long Line, string Field, string Message)
{
    public string Field { get; init; } = Shown(Field);

    public string Message { get; init; } = Shown(Message);

    private static string Shown(string text)
    {
        if (!text.Any(c => char.IsControl(c) || char.IsSurrogate(c))) return text;
        var shown = new System.Text.StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) shown.Append(c).Append(text[++i]);
            else if (char.IsControl(c) || char.IsSurrogate(c)) shown.Append($"U+{(int)c:X4}");
            else shown.Append(c);
        }

        return shown.ToString();
    }
}

/// <summary>
/// How an imported record becomes events. A new record gets the events its accession and description would have got
/// from archivists, in that order, each reference, credit and note numbered by the version of the event that records
/// it, as any record's are; so what reads it (the record, its history, search, reports, harvests) knows it like any
/// other. A record the catalogue already holds gets the corrections that bring it to what the line says, field by
/// field, or none when it already says that. What the line leaves out (absent or null; a blank cell of a CSV row) the
/// record keeps as it is; a list the line gives replaces the record's. A change the catalogue has no event for (an
/// accession number, or emptying a date) is a problem of the line, which then changes nothing; the document type, source
/// address and external identifiers have theirs, and a line's <c>""</c> or <c>[]</c> takes them away as their commands do.
/// </summary>
public static class RecordImport
{
    public static List<IRecordEvent> Create(ImportedRecord line, Guid id, string accessionNumber, DateTimeOffset accessionedAt)
    {
        var events = new List<IRecordEvent>
        {
            // In UTC, as every instant the catalogue records: the offset it was written with says nothing of the record.
            new RecordAccessioned(
                id, accessionNumber, AccessionRules.Kept(line.ExternalIds), Clean(line.SourceUrl), line.Title!.Trim(), Clean(line.DocumentType), accessionedAt.ToUniversalTime()),
        };
        if (Clean(line.SourceCitation) is { } citation) events.Add(new SourceCitationRecorded(citation));
        foreach (var date in line.Dates ?? []) events.Add(new DateRecorded(date.Role, date.AsWritten.Trim(), date.Edtf.Trim()));
        if (Clean(line.Classification) is { } marks) events.Add(new ClassificationRecorded(marks));
        if (People(line.Creators) is { Count: > 0 } creators) events.Add(new CreatorsRecorded(creators));
        if (People(line.Participants) is { Count: > 0 } participants) events.Add(new ParticipantsRecorded(participants));
        if (Clean(line.Summary) is { } summary) events.Add(new SummaryRevised(summary));
        if (Languages(line.OriginalLanguages) is { Count: > 0 } languages) events.Add(new OriginalLanguagesRecorded(languages));
        AddDescribedBy(events, line);
        return events;
    }

    /// <summary>
    /// The corrections that make <paramref name="record"/> say what the line says, with their reason; none when it
    /// already does. Problems name what the line asks that no event can do; then nothing is to be appended.
    /// </summary>
    public static (List<IRecordEvent> Events, List<LineProblem> Problems) Change(CatalogueRecord record, ImportedRecord line, long lineNumber)
    {
        var problems = new List<LineProblem>();
        var events = new List<IRecordEvent>();
        void Cannot(string field, string message) => problems.Add(new LineProblem(lineNumber, field, message));

        if (Clean(line.AccessionNumber) is { } number && AccessionNumbers.AsKept(number) != record.AccessionNumber)
            Cannot("accessionNumber", $"Record {record.Id} has the accession number {record.AccessionNumber}; an accession number is never changed.");
        if (line.AccessionedAt is { } at && at != record.AccessionedAt)
            Cannot("accessionedAt", $"Record {record.Id} was accessioned at {record.AccessionedAt:O}; when a record was accessioned is never changed.");

        var wantedStatus = line.Status ?? record.Status;
        if (record.Status == RecordStatus.Withdrawn && wantedStatus != RecordStatus.Withdrawn) events.Add(new RecordReinstated());

        if (Clean(line.Title) is { } title && title != record.Title) events.Add(new TitleRevised(title));
        // As their commands correct them: "" (or []) takes the value away, as those commands do.
        if (line.DocumentType is not null && Clean(line.DocumentType) != record.DocumentType) events.Add(new DocumentTypeRevised(Clean(line.DocumentType)));
        if (line.SourceUrl is not null && Clean(line.SourceUrl) != record.SourceUrl) events.Add(new SourceUrlRevised(Clean(line.SourceUrl)));
        if (line.ExternalIds is not null && AccessionRules.Kept(line.ExternalIds) is var ids && !ids.SequenceEqual(record.ExternalIds))
            events.Add(new ExternalIdentifiersRevised(ids));
        Single(line.SourceCitation, record.SourceCitation, "sourceCitation", v => new SourceCitationRecorded(v));
        foreach (var date in line.Dates ?? [])
        {
            var wanted = new DocumentDate(date.Role, date.AsWritten.Trim(), date.Edtf.Trim());
            var current = record.DateFor(date.Role);
            if (current is null) events.Add(new DateRecorded(wanted.Role, wanted.AsWritten, wanted.Edtf));
            else if (current != wanted) events.Add(new DateRevised(wanted.Role, wanted.AsWritten, wanted.Edtf));
        }

        foreach (var date in record.Dates.Where(d => line.Dates is not null && !line.Dates.Any(w => w.Role == d.Role)))
            Cannot("dates", $"The record has a {date.Role} date ({date.AsWritten}) the line does not give; a date is corrected, never taken away.");
        Single(line.Classification, record.Classification, "classification", v => new ClassificationRecorded(v));
        if (line.Creators is not null) List(People(line.Creators), record.Creators, "creators", v => new CreatorsRecorded(v));
        if (line.Participants is not null) List(People(line.Participants), record.Participants, "participants", v => new ParticipantsRecorded(v));
        Single(line.Summary, record.Summary, "summary", v => new SummaryRevised(v));
        if (line.OriginalLanguages is not null) List(Languages(line.OriginalLanguages), record.OriginalLanguages, "originalLanguages", v => new OriginalLanguagesRecorded(v));

        var references = line.Provenance is null ? [.. record.Provenance] : References(line);
        for (var i = 0; i < references.Count; i++)
        {
            if (i < record.Provenance.Count)
            {
                if (!record.Provenance[i].SameAs(references[i])) events.Add(new ProvenanceCorrected(record.Provenance[i].Number, references[i]));
            }
            else
            {
                events.Add(new ProvenanceRecorded(checked((int)(record.Version + events.Count + 1)), references[i]));
            }
        }

        if (record.Provenance.Count > references.Count)
            Cannot("provenance", $"The record has {record.Provenance.Count} provenance references and the line {references.Count}; a reference is corrected, never taken away.");

        var translations = line.Translations is null ? record.Translations.Select(t => (t.Language, t.Translators, t.Credit)).ToList() : Translations(line);
        foreach (var gone in record.Translations.Where(t => !translations.Any(w => SameTranslation(t, w.Language, w.Translators, w.Credit))))
            events.Add(new TranslationWithdrawn(gone.Number));
        foreach (var (language, translators, credit) in translations.Where(w => !record.Translations.Any(t => SameTranslation(t, w.Language, w.Translators, w.Credit))))
            events.Add(new TranslationCredited(checked((int)(record.Version + events.Count + 1)), language, translators, credit));

        var acquisitions = line.AcquisitionCredits is null ? [.. record.AcquisitionCredits] : Acquisitions(line);
        foreach (var gone in record.AcquisitionCredits.Where(a => !acquisitions.Any(w => SameAcquisition(a, w))))
            events.Add(new AcquisitionCreditWithdrawn(gone.Number));
        foreach (var credit in acquisitions.Where(w => !record.AcquisitionCredits.Any(a => SameAcquisition(a, w))))
            events.Add(new AcquisitionCredited(checked((int)(record.Version + events.Count + 1)), credit.Role, credit.People, credit.Credit));

        var notes = line.FundingNotes is null ? record.FundingNotes.Select(f => (f.Funder, f.Note)).ToList() : FundingNotes(line);
        foreach (var gone in record.FundingNotes.Where(f => !notes.Any(w => w.Funder == f.Funder && w.Note == f.Note)))
            events.Add(new FundingNoteRemoved(gone.Number));
        foreach (var (funder, note) in notes.Where(w => !record.FundingNotes.Any(f => w.Funder == f.Funder && w.Note == f.Note)))
            events.Add(new FundingNoteAdded(checked((int)(record.Version + events.Count + 1)), funder, note));

        var subjects = line.Subjects is null ? record.Subjects : Terms(line.Subjects);
        if (Missing(record.Subjects, subjects) is { Count: > 0 } untagged) events.Add(new SubjectsRemoved(untagged));
        if (Missing(subjects, record.Subjects) is { Count: > 0 } tagged) events.Add(new SubjectsTagged(tagged));
        var places = line.Places is null ? record.Places : Terms(line.Places);
        if (Missing(record.Places, places) is { Count: > 0 } removed) events.Add(new PlacesRemoved(removed));
        if (Missing(places, record.Places) is { Count: > 0 } added) events.Add(new PlacesAdded(added));

        var texts = Texts(line);
        foreach (var gone in record.FullTexts.Where(t => line.FullTexts is not null && !texts.Any(w => t.Is(w.Language!, w.Kind!))))
            events.Add(new FullTextRemoved(gone.Language, gone.Kind));
        foreach (var (text, index) in texts.Select((text, index) => (text, index)))
        {
            var held = record.FullTexts.FirstOrDefault(t => t.Is(text.Language!, text.Kind!));
            if (text.Text is not null)
            {
                if (held is null || !held.Holds(text.Text)) events.Add(new FullTextAttached(text.Text, text.Language!, text.Kind!));
            }
            else if (held?.Sha256 != text.Sha256)
            {
                Cannot($"fullTexts[{index}].text", held is null
                    ? $"Record {record.Id} holds no {text.Kind} text in '{text.Language}' to keep: give the text itself."
                    : $"Record {record.Id}'s {text.Kind} text in '{text.Language}' is not the one 'sha256' names (it was changed since the line was written): give the text itself to replace it, or the record's sha256 to keep it.");
            }
        }

        // The line's own texts are within a record's bound, but those it keeps by their digest come on top of them.
        if (problems.Count == 0 && RecordCapacity.ExcessOf(record, events) is { } excess) Cannot(excess.Field, excess.Detail);

        var published = record.Status == RecordStatus.Published;
        if (wantedStatus == RecordStatus.Published && !published) events.Add(new RecordPublished());
        if (wantedStatus == RecordStatus.Draft && published)
            Cannot("status", "The record is published; a published record leaves the catalogue by withdrawal ('status': 'withdrawn'), never back to a draft.");
        if (wantedStatus == RecordStatus.Withdrawn && record.Status != RecordStatus.Withdrawn) events.Add(new RecordWithdrawn());
        if (wantedStatus == RecordStatus.Withdrawn && record.Status == RecordStatus.Withdrawn && events.Count > 0)
            Cannot("status", $"Record {record.Id} is withdrawn and accepts no change; a line that changes it must not leave it withdrawn.");

        return problems.Count > 0 ? ([], problems) : (events, problems);

        void Single(string? given, string? current, string field, Func<string, IRecordEvent> make)
        {
            if (given is null) return;
            var wanted = Clean(given);
            if (wanted is not null && wanted != current) events.Add(make(wanted));
            else if (wanted is null && current is not null) Cannot(field, $"The line empties the record's {field}; it is corrected, never taken away.");
        }

        void List<T>(IReadOnlyList<T> wanted, IReadOnlyList<T> current, string field, Func<IReadOnlyList<T>, IRecordEvent> make)
        {
            if (wanted.Count > 0 && !wanted.SequenceEqual(current)) events.Add(make(wanted));
            else if (wanted.Count == 0 && current.Count > 0) Cannot(field, $"The line empties the record's {field}; they are corrected, never taken away.");
        }
    }

    /// <summary>What follows a record's description when it is new: references, credits, notes, terms, texts, and its state.</summary>
    private static void AddDescribedBy(List<IRecordEvent> events, ImportedRecord line)
    {
        // The events start the stream, so the next one's version is one more than their count.
        int Next() => events.Count + 1;
        foreach (var reference in References(line)) events.Add(new ProvenanceRecorded(Next(), reference));
        foreach (var (language, translators, credit) in Translations(line)) events.Add(new TranslationCredited(Next(), language, translators, credit));
        foreach (var credit in Acquisitions(line)) events.Add(new AcquisitionCredited(Next(), credit.Role, credit.People, credit.Credit));
        foreach (var (funder, note) in FundingNotes(line)) events.Add(new FundingNoteAdded(Next(), funder, note));
        if (Terms(line.Subjects) is { Count: > 0 } subjects) events.Add(new SubjectsTagged(subjects));
        if (Terms(line.Places) is { Count: > 0 } places) events.Add(new PlacesAdded(places));
        foreach (var text in Texts(line)) events.Add(new FullTextAttached(text.Text!, text.Language!, text.Kind!));
        switch (line.Status)
        {
            case RecordStatus.Published:
                events.Add(new RecordPublished());
                break;
            case RecordStatus.Withdrawn:
                events.Add(new RecordWithdrawn());
                break;
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Where the line names a text by its digest alone, keeping one the record holds: no new record has one to keep.</summary>
    public static int? TextKeptByDigest(ImportedRecord line)
    {
        for (var at = 0; at < (line.FullTexts?.Count ?? 0); at++)
        {
            if (line.FullTexts![at].Text is null) return at;
        }

        return null;
    }

    /// <summary>Each person once, as the creators' and participants' commands record them: a line and a command saying the same make the same record.</summary>
    private static List<Person> People(IReadOnlyList<Person>? people) =>
        people is null ? [] : AccessTerms.AsKept(people);

    private static List<Language> Languages(IReadOnlyList<Language>? languages) =>
        languages?.Select(l => new Language(LanguageCodes.Canonical(l.Code), l.Name.Trim())).ToList() ?? [];

    private static List<ImportedFullText> Texts(ImportedRecord line) =>
        line.FullTexts?.Select(t => t with { Language = LanguageCodes.Canonical(t.Language!) }).ToList() ?? [];

    /// <summary>
    /// The line's references: each as the line gives it — an export's, the parser's reading with its version, or
    /// locators typed (their repository resolved against the authority list, as the command resolves it) — but a
    /// citation given alone, which is read by the citation parser into a reference for each archive it names, as
    /// <c>POST /api/records/{id}/provenance</c> and a CSV row's <c>citation</c> read it (kept unread, it named no
    /// repository, fond or folios for search, the reports, browsing or a finding aid to go by).
    /// </summary>
    /// <remarks>
    /// A citation given alone is read once, and not at all when the line gives the parser's reading of it already, as
    /// the command records a reference it already holds once: read twice, its readings were references twice over, of
    /// which a re-parse took the second away and the line sent again brought it back.
    /// </remarks>
    private static List<ArchivalReference> References(ImportedRecord line)
    {
        var read = (line.Provenance ?? []).Where(p => p.ParserVersion is not null && p.Citation is not null).Select(p => p.Citation!.Trim()).ToHashSet(StringComparer.Ordinal);
        return line.Provenance?.SelectMany(p => !ProvenanceReading.IsCitationAlone(p) ? [ProvenanceReading.TakenWhole(p.Reference())]
            : read.Add(p.Citation!.Trim()) ? ProvenanceReading.Parse(p.Citation!.Trim()) : []).ToList() ?? [];
    }

    private static List<(string Language, IReadOnlyList<string> Translators, string Credit)> Translations(ImportedRecord line) =>
        line.Translations?.Select(t => (LanguageCodes.Canonical(t.Language!), (IReadOnlyList<string>)AccessTerms.AsKeptNames(t.Translators!), t.Credit!.Trim())).ToList() ?? [];

    private static List<AcquisitionEntry> Acquisitions(ImportedRecord line) =>
        line.AcquisitionCredits?.Select(a => new AcquisitionEntry(0, a.Role!, AccessTerms.AsKeptNames(a.People!), a.Credit!.Trim())).ToList() ?? [];

    private static List<(string Funder, string Note)> FundingNotes(ImportedRecord line) =>
        line.FundingNotes?.Select(f => (AccessTerms.AsKeptName(f.Funder!), f.Note!.Trim())).ToList() ?? [];

    private static List<string> Terms(IReadOnlyList<string>? terms) =>
        terms is null ? [] : AccessTerms.AsKept(terms);

    /// <summary>The terms of <paramref name="from"/> that <paramref name="among"/> does not hold, in any letter case or Unicode form.</summary>
    private static List<string> Missing(IReadOnlyList<string> from, IReadOnlyList<string> among) =>
        from.Where(t => !among.Contains(t, AccessTerms.Same)).ToList();

    private static bool SameTranslation(TranslationEntry entry, string language, IReadOnlyList<string> translators, string credit) =>
        entry.Language == language && entry.Translators.SequenceEqual(translators) && entry.Credit == credit;

    private static bool SameAcquisition(AcquisitionEntry entry, AcquisitionEntry wanted) =>
        entry.Role == wanted.Role && entry.People.SequenceEqual(wanted.People) && entry.Credit == wanted.Credit;
}

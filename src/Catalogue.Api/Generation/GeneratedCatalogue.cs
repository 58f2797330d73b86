using Catalogue.Api.Credits;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;

namespace Catalogue.Api.Generation;

/// <summary>What becomes of a record once described.</summary>
public enum Fate
{
    Draft,
    Published,

    /// <summary>Published, then withdrawn.</summary>
    Withdrawn,

    /// <summary>Withdrawn before it was ever published.</summary>
    WithdrawnDraft,

    /// <summary>Published, withdrawn, then reinstated: a draft again.</summary>
    Reinstated,
}

/// <summary>What an archivist later corrected in a record.</summary>
public enum Revision
{
    None,
    Title,
    Provenance,
    TitleAndProvenance,
    Date,
}

/// <summary>
/// A catalogue made from a seed: record <c>i</c> of seed <c>s</c> is always the same record — the same title, citation,
/// people, dates, texts, corrections and fate — whichever writer makes it and whenever. Only what the catalogue itself
/// assigns at accession differs between runs: the record's id, its accession number and its accession time.
/// </summary>
public static class GeneratedCatalogue
{
    /// <summary>
    /// Records reviewed together: a session's corrections of one kind are made for one reason, as an archivist checking
    /// a run of records against the scans gives one. It is also how many records the generator writes per transaction.
    /// </summary>
    public const int SessionSize = 50;

    public static readonly Deck<Holding> Shapes = new("holding", Holdings.All);

    public static readonly Deck<Fate> Fates = new("fate",
        [(Fate.Draft, 22), (Fate.Published, 70), (Fate.Withdrawn, 5), (Fate.WithdrawnDraft, 2), (Fate.Reinstated, 1)]);

    public static readonly Deck<Revision> Revisions = new("revision",
        [(Revision.None, 84), (Revision.Title, 7), (Revision.Provenance, 5), (Revision.TitleAndProvenance, 2), (Revision.Date, 2)]);

    private static readonly string[] ProvenanceReasons =
        ["Folio range checked against the scan", "Folios checked against the microfilm", "The verso of the last folio found on checking the scan"];

    private static readonly string[] WithdrawalReasons =
    [
        "Duplicate of an earlier accession",
        "The rights holder asked for the translation to be taken down",
        "The scan belongs to another file; withdrawn until it is replaced",
        "Withdrawn at the request of the holding archive",
    ];

    private static readonly string[] ReinstatementReasons = ["The withdrawal was made in error", "Rights cleared with the holding archive"];

    private const string PinyinReason = "Chinese names in the title given in pinyin, as the catalogue writes them";
    private const string HeadingReason = "Provisional title replaced by the document's own heading";
    private const string DateReason = "Date read from the registration stamp on the first folio";

    private static readonly string[] Subjects =
    [
        "Sino-Soviet relations", "Korean War, 1950-1953", "Cold War", "Soviet Union--Foreign relations--China", "Nuclear weapons", "Vietnam War, 1961-1975",
        "Decolonization", "Warsaw Pact", "German question", "Hungary--History--Revolution, 1956", "Intelligence", "Economic assistance, Soviet",
        "Propaganda", "Berlin Crisis, 1958-1962", "Arms control", "Korea (North)", "Diplomacy", "Communist parties", "Soviet Union--Foreign relations--United States",
        "Taiwan Strait Crisis", "Prisoners of war", "Trade", "Railroads", "Students, Foreign",
    ];

    private static readonly string[] RussianSubjects = ["Советско-китайские отношения", "Корейская война", "Внешняя политика СССР", "Экономическая помощь"];

    public static GeneratedRecord Record(int seed, int index)
    {
        var random = SeededRandom.For(seed, "record", index);
        var holding = Shapes.Deal(seed, index);
        var dateKind = DocumentDates.Kinds.Deal(seed, index);
        var fate = Fates.Deal(seed, index);
        var revision = Revisions.Deal(seed, index);
        var session = index / SessionSize;

        var year = random.Between(holding.FromYear, holding.ToYear);
        var date = new DateOnly(year, random.Between(1, 12), 1).AddDays(random.Next(28));
        var russianCatalogue = holding.Original.Code == "ru" && random.Chance(0.12);
        var sketch = DocumentSketches.Sketch(random, holding, date, russianCatalogue);
        var citation = holding.Cite(random, year);
        var title = russianCatalogue ? sketch.RussianTitle ?? sketch.Title : sketch.Title;

        var steps = new List<GeneratedStep>();
        var (created, createdEdtf) = holding.Family == DocumentFamily.ForeignRelations && dateKind == DateKind.Day
            ? ($"Washington, {DocumentDates.EnglishDate(date)}, {random.Between(1, 11)}:{random.Between(0, 59):D2} {random.Pick(["a.m.", "p.m."])}", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            : DocumentDates.Written(dateKind, date, russianCatalogue, random.Next(3) == 0 ? random.Next(3) : 0);
        // The digital archive writes its citations in English, whatever language the record is catalogued in.
        var citedDate = russianCatalogue ? DocumentDates.Written(dateKind, date, russian: false).AsWritten : created;

        // How the digital archive cites it: title, date, archive, reference, credit and address in one sentence.
        var translated = holding.Original.Code != "en" && (holding.Family == DocumentFamily.Memoir || random.Chance(0.85));
        var credit = translated && holding.Family != DocumentFamily.Memoir
            ? Figures.Credit(random, random.Pick(Figures.Translators), holding.Programme)
            : null;
        var documentNumber = 100_000 + (int)(((long)index * 7919 + (long)seed * 104_729) % 900_000);
        var (scheme, externalId, sourceUrl, sourceCitation) = holding.Family == DocumentFamily.ForeignRelations
            ? FrusSource(random, sketch.Title, citation)
            : ("wilson-center", documentNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"https://digitalarchive.wilsoncenter.org/document/{documentNumber}",
                $"\"{sketch.Title},\" {citedDate}, History and Public Policy Program Digital Archive, {citation.TrimEnd('.')}.{(credit is null ? "" : " " + credit.Sentence)} " +
                $"https://digitalarchive.wilsoncenter.org/document/{documentNumber}");

        steps.Add(GeneratedRecord.Checked(new RecordSourceCitation(sourceCitation), RecordSourceCitationEndpoint.Decide));
        if (createdEdtf.Length > 0 && random.Chance(0.97))
        {
            steps.Add(Date(DateRoles.Created, created, createdEdtf));
        }

        if (sketch.Described is { } described && described != date)
        {
            var (asWritten, edtf) = DocumentDates.Written(DateKind.Day, described, russianCatalogue);
            steps.Add(Date(DateRoles.Described, asWritten, edtf));
        }

        if (holding.Family != DocumentFamily.ForeignRelations && random.Chance(0.4))
        {
            var published = new DateOnly(random.Between(2009, 2024), random.Between(1, 12), random.Between(1, 28));
            steps.Add(Date(DateRoles.Published, DocumentDates.EnglishDate(published), published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var classification = holding.Family == DocumentFamily.ForeignRelations ? ProvenanceReading.Parse(citation)[0].Classification : sketch.Classification;
        if (classification is not null)
        {
            steps.Add(GeneratedRecord.Checked(new RecordClassification(classification), RecordClassificationEndpoint.Decide));
        }

        if (sketch.Creators.Count > 0)
        {
            steps.Add(GeneratedRecord.Checked(new RecordCreators(sketch.Creators), RecordPeopleEndpoints.Decide));
        }

        if (sketch.Participants.Count > 0)
        {
            steps.Add(GeneratedRecord.Checked(new RecordParticipants(sketch.Participants), RecordPeopleEndpoints.Decide));
        }

        steps.Add(GeneratedRecord.Checked(
            new ReviseSummary(DocumentTexts.Summary(random, sketch.Subject, sketch.DocumentType, russianCatalogue)), ReviseSummaryEndpoint.Decide));
        steps.Add(GeneratedRecord.Checked(new RecordOriginalLanguages([holding.Original]), RecordOriginalLanguagesEndpoint.Decide));
        steps.Add(GeneratedRecord.Checked(new RecordProvenance(citation), RecordProvenanceEndpoint.Decide));

        if (holding.Family == DocumentFamily.Memoir)
        {
            steps.Add(GeneratedRecord.Checked(
                new CreditTranslation("en", [Figures.MemoirTranslator], $"Translated by {Figures.MemoirTranslator}."), CreditTranslationEndpoint.Decide));
        }
        else if (credit is not null)
        {
            steps.Add(GeneratedRecord.Checked(new CreditTranslation("en", [credit.Translator], credit.Sentence), CreditTranslationEndpoint.Decide));
            if (credit.Acquisition is var (role, person))
            {
                steps.Add(GeneratedRecord.Checked(new CreditAcquisition(role, [person], credit.Sentence), CreditAcquisitionEndpoint.Decide));
            }

            if (random.Chance(0.7))
            {
                var funders = Figures.Funders(random, holding.Programme);
                var note = Figures.FundingNote(random, funders);
                foreach (var funder in funders)
                {
                    steps.Add(GeneratedRecord.Checked(new AddFundingNote(funder, note), FundingNoteEndpoints.Decide));
                }
            }
        }

        var subjects = Enumerable.Range(0, random.Between(1, 4)).Select(_ => random.Pick(Subjects)).ToList();
        if (russianCatalogue) subjects.Add(random.Pick(RussianSubjects));
        steps.Add(GeneratedRecord.Checked(new TagSubjects(subjects), TagSubjectsEndpoint.Decide));

        steps.AddRange(FullTexts(random, holding, sketch, translated));

        var changes = new List<GeneratedChange> { new(ChangeKind.Description, null, steps) };
        var provisional = ProvisionalTitle(sketch, russianCatalogue, year);
        if (revision is Revision.Title or Revision.TitleAndProvenance)
        {
            changes.Add(new(ChangeKind.TitleRevision, provisional.Reason,
                [GeneratedRecord.Checked(new ReviseTitle(title, Reason: provisional.Reason), ReviseTitleEndpoint.Decide)]));
        }

        // Only folios can be checked against a scan; a reference without them is left as the parser read it.
        if (revision is Revision.Provenance or Revision.TitleAndProvenance && ProvenanceReading.Parse(citation).Any(p => p.Folios is not null))
        {
            var reason = SeededRandom.For(seed, "provenance reason", session).Pick(ProvenanceReasons);
            changes.Add(new(ChangeKind.ProvenanceCorrection, reason,
            [
                GeneratedRecord.Checked(
                    record => new CorrectProvenance(reason, Folios: CheckedFolios(WithFolios(record).Folios!)),
                    (command, record) => CorrectProvenanceEndpoint.Decide(WithFolios(record).Number, command, record)),
            ]));
        }

        if (revision == Revision.Date && dateKind != DateKind.Day && createdEdtf.Length > 0)
        {
            var (asWritten, edtf) = DocumentDates.Written(DateKind.Day, date, russianCatalogue);
            changes.Add(new(ChangeKind.DateRevision, DateReason,
                [GeneratedRecord.Checked(new RecordDate(DateRoles.Created, asWritten, edtf, Reason: DateReason), RecordDateEndpoint.Decide)]));
        }

        if (fate is Fate.Published or Fate.Withdrawn or Fate.Reinstated)
        {
            changes.Add(new(ChangeKind.Publication, null, [GeneratedRecord.Checked(new PublishRecord(), (_, record) => PublishRecordEndpoint.Decide(record))]));
        }

        if (fate is Fate.Withdrawn or Fate.WithdrawnDraft or Fate.Reinstated)
        {
            var reason = SeededRandom.For(seed, "withdrawal reason", session).Pick(WithdrawalReasons);
            changes.Add(new(ChangeKind.Withdrawal, reason, [GeneratedRecord.Checked(new WithdrawRecord(reason), (_, record) => WithdrawRecordEndpoint.Decide(record))]));
        }

        if (fate is Fate.Reinstated)
        {
            var reason = SeededRandom.For(seed, "reinstatement reason", session).Pick(ReinstatementReasons);
            changes.Add(new(ChangeKind.Reinstatement, reason, [GeneratedRecord.Checked(new ReinstateRecord(reason), (_, record) => ReinstateRecordEndpoint.Decide(record))]));
        }

        var accessionTitle = revision is Revision.Title or Revision.TitleAndProvenance ? provisional.Title : title;
        var accession = new AccessionRecord(accessionTitle, null, [new ExternalIdentifier(scheme, externalId)], sourceUrl, sketch.DocumentType);
        return new GeneratedRecord(index, holding.Shape, accession, changes);

        GeneratedStep Date(string role, string asWritten, string edtf) =>
            GeneratedRecord.Checked(new RecordDate(role, asWritten, edtf), RecordDateEndpoint.Decide);
    }

    /// <summary>
    /// The texts a digital archive holds for a document: an English translation (or the English original) of hundreds to
    /// tens of thousands of characters, and for a Russian document often the Russian original beside it.
    /// </summary>
    private static IEnumerable<GeneratedStep> FullTexts(SeededRandom random, Holding holding, DocumentSketch sketch, bool translated)
    {
        var english = holding.Original.Code == "en";
        var russian = holding.Original.Code == "ru";
        var withEnglish = english ? random.Chance(0.8) : translated && random.Chance(0.85);
        var withRussian = russian && random.Chance(withEnglish ? 0.45 : 0.6);
        if (!withEnglish && !withRussian) yield break;

        var length = random.Next(100) switch
        {
            < 65 => random.LogUniform(300, 3_000),
            < 93 => random.LogUniform(3_000, 15_000),
            _ => random.LogUniform(15_000, 60_000),
        };
        var heading = sketch.Classification is { } marks ? $"{sketch.Title}    {marks}" : sketch.Title;
        var text = DocumentTexts.Compose(random, sketch.Subject, length, withRussian, english, heading, sketch.RussianTitle ?? sketch.Title);
        if (withEnglish)
        {
            yield return GeneratedRecord.Checked(
                new AttachFullText(text.English, "en", english ? TextKinds.Original : TextKinds.Translation), AttachFullTextEndpoint.Decide);
        }

        if (withRussian)
        {
            yield return GeneratedRecord.Checked(new AttachFullText(text.Russian, "ru", TextKinds.Original), AttachFullTextEndpoint.Decide);
        }
    }

    /// <summary>The title a record was first accessioned under, before an archivist revised it, and why they did.</summary>
    private static (string Title, string Reason) ProvisionalTitle(DocumentSketch sketch, bool russianCatalogue, int year)
    {
        if (!russianCatalogue)
        {
            foreach (var (figure, _) in Figures.Interlocutors)
            {
                if (figure.WadeGiles is { } older && sketch.Title.Contains(figure.English, StringComparison.Ordinal))
                    return (sketch.Title.Replace(figure.English, older, StringComparison.Ordinal), PinyinReason);
            }
        }

        return (russianCatalogue ? $"Документ без заголовка, {year} г." : $"Untitled {sketch.DocumentType.ToLowerInvariant()}, {year}", HeadingReason);
    }

    /// <summary>The folios as checked against the scan: the verso of the last folio is part of it, or the range ends a folio later.</summary>
    private static string CheckedFolios(string folios)
    {
        if (!folios.EndsWith("ob", StringComparison.Ordinal)) return folios + "ob";
        var dash = folios.LastIndexOf('-');
        var last = int.Parse(new string(folios[(dash + 1)..].TakeWhile(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        return dash < 0 ? $"{last}-{last + 1}" : $"{folios[..dash]}-{last + 1}";
    }

    private static ProvenanceEntry WithFolios(CatalogueRecord record) => record.Provenance.First(p => p.Folios is not null);

    /// <summary>A FRUS document: its volume and number, the history office's address, and its source note as the citation.</summary>
    private static (string Scheme, string Id, string Url, string Citation) FrusSource(SeededRandom random, string title, string sourceNote)
    {
        var volume = random.Pick(["01", "02", "03", "04", "05", "28"]);
        var number = random.Between(1, 400);
        var id = $"frus1964-68v{volume}/d{number}";
        return ("frus", id, $"https://history.state.gov/historicaldocuments/{id}",
            $"Foreign Relations of the United States, 1964–1968, Volume {int.Parse(volume, System.Globalization.CultureInfo.InvariantCulture)}, Document {number}: {title}. {sourceNote}");
    }
}

using System.Globalization;
using System.Text;
using Catalogue.Api.Authorities;
using Catalogue.Api.Records;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten.Events.Aggregation;

namespace Catalogue.Api.Search;

/// <summary>The first and last year a search by year finds a record in.</summary>
public sealed record SearchedYears(int From, int To);

/// <summary>A full text of a record, as search reads it: the text itself, which the record only names by its digest.</summary>
public sealed record SearchedText(string Language, string Kind, string Text);

/// <summary>
/// One record as search finds it: the record as the one fold (<see cref="RecordEvolution"/>) leaves it, its full texts,
/// the texts search matches by weight (<see cref="Title"/> above <see cref="Summary"/> above <see cref="Described"/>
/// above the full texts) and the values each filter and facet counts. An async read model. PostgreSQL keeps a search
/// index beside it, a row per document written in the same statement (<see cref="SearchIndex"/>): the stored weighted
/// text vector and these values in indexed columns, so a search neither parses texts nor reads documents to match,
/// rank and count.
/// </summary>
public sealed partial record RecordSearch
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_recordsearch";

    /// <summary>How many characters of a record's full texts are matched: a text vector holds at most 1 MB of words, and a third of a million characters of any script stay under it.</summary>
    public const int MatchedTextCharacters = 250_000;

    /// <summary>
    /// How many characters of who and what the record names are matched (<see cref="Described"/>). The title, the
    /// summary and these make one text vector, which PostgreSQL holds to 1 MB: a record an archivist kept tagging
    /// (sixty commands of a hundred long subjects) passed it, and its index row, refused, stopped every async read model.
    /// </summary>
    public const int MatchedDescriptionCharacters = 100_000;

    public Guid Id { get; init; }
    public CatalogueRecord Record { get; init; } = new();
    public IReadOnlyList<SearchedText> Texts { get; init; } = [];

    public string Status { get; init; } = RecordStatus.Draft;
    public string Title { get; init; } = "";
    public string Summary { get; init; } = "";

    /// <summary>Who and what the record names: creators, participants, subjects, credits, funding, classification, citations.</summary>
    public string Described { get; init; } = "";

    public IReadOnlyList<string> Repositories { get; init; } = [];
    public IReadOnlyList<string> Fonds { get; init; } = [];
    public IReadOnlyList<string> Opisi { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Each translator once, as first written on the record (one written otherwise in letter case, diacritics or punctuation is the same).</summary>
    public IReadOnlyList<string> Translators { get; init; } = [];

    /// <summary>The folded key (<see cref="AccessPointKeys.Fold"/>) of each of <see cref="Translators"/>, in their order: what the filter matches and the facet counts.</summary>
    public IReadOnlyList<string> TranslatorKeys { get; init; } = [];

    /// <summary>Each funder once, as first written on the record.</summary>
    public IReadOnlyList<string> Funders { get; init; } = [];

    /// <inheritdoc cref="TranslatorKeys"/>
    public IReadOnlyList<string> FunderKeys { get; init; } = [];

    public IReadOnlyList<string> Classifications { get; init; } = [];

    /// <summary>Each subject once, as first written on the record.</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <inheritdoc cref="TranslatorKeys"/>
    public IReadOnlyList<string> SubjectKeys { get; init; } = [];

    /// <summary>
    /// Each person the record names once, as first written: its creators, participants, translators and the people
    /// through whom the copy was acquired — whom the people authority counts the record for.
    /// </summary>
    public IReadOnlyList<string> People { get; init; } = [];

    /// <inheritdoc cref="TranslatorKeys"/>
    public IReadOnlyList<string> PersonKeys { get; init; } = [];

    /// <summary>The date the record is cited by, with the years it can fall in (as the record list gives it).</summary>
    public ListedDate? Date { get; init; }

    /// <summary>The years a search by year finds the record in (<see cref="EdtfDate.YearsCounted"/>); null when none.</summary>
    public SearchedYears? Years { get; init; }

    /// <summary>Each decade of <see cref="Years"/> (1949-10/1950-02 falls in 1940 and 1950): what the decade facet counts.</summary>
    public IReadOnlyList<int> Decades { get; init; } = [];

    /// <summary>The day the cited date is put at in chronological order (<see cref="EdtfDate.SortDay"/>, <c>yyyymmdd</c>); records without one sort last.</summary>
    public int SortDay { get; init; } = Undated;

    public const int Undated = 99_999_999;

    /// <summary>
    /// How this version makes a document from its record. A document an earlier version made (a lower shape, or none:
    /// 0) is made again from the record and texts it holds when the service starts (<see cref="SearchIndexUpgrade"/>),
    /// so a change to what the document keeps needs no rebuild. Raise it when <see cref="Of"/> gives other documents:
    /// 1 kept names' folded keys, 2 the years a search by year finds a record in.
    /// </summary>
    public const int CurrentShape = 2;

    /// <summary>The <see cref="CurrentShape"/> the document was made in; 0 for one made before documents said.</summary>
    public int Shape { get; init; }

    public static RecordSearch Of(CatalogueRecord record, IReadOnlyList<SearchedText> texts)
    {
        var cited = RecordCitation.CitedDate(record);
        var (fromYear, toYear) = cited is null ? (null, null) : EdtfDate.YearRange(cited.Edtf);
        var years = cited is null ? null : EdtfDate.YearsCounted(cited.Edtf);
        var translatorNames = record.Translations.SelectMany(t => t.Translators).ToList();
        var translators = Named(translatorNames);
        var funders = Named(record.FundingNotes.Select(f => f.Funder));
        var subjects = Named(record.Subjects);
        var people = Named(record.Creators.Select(c => c.Name).Concat(record.Participants.Select(p => p.Name)).Concat(translatorNames)
            .Concat(record.AcquisitionCredits.SelectMany(a => a.People)));
        return new RecordSearch
        {
            Shape = CurrentShape,
            Id = record.Id,
            Record = record,
            Texts = texts,
            Status = record.Status,
            Title = record.Title,
            Summary = record.Summary ?? "",
            Described = DescribedText(record),
            Repositories = Distinct(record.Provenance.Select(p => p.Repository)),
            Fonds = Distinct(record.Provenance.Select(p => p.Fond)),
            Opisi = Distinct(record.Provenance.Select(p => p.Opis)),
            Languages = Distinct(record.OriginalLanguages.Select(l => l.Code)),
            Translators = [.. translators.Select(n => n.Name)],
            TranslatorKeys = [.. translators.Select(n => n.Key)],
            Funders = [.. funders.Select(n => n.Name)],
            FunderKeys = [.. funders.Select(n => n.Key)],
            Classifications = Distinct([ClassificationLevel(record.Classification)]),
            Subjects = [.. subjects.Select(n => n.Name)],
            SubjectKeys = [.. subjects.Select(n => n.Key)],
            People = [.. people.Select(n => n.Name)],
            PersonKeys = [.. people.Select(n => n.Key)],
            Date = cited is null ? null : new ListedDate(cited.Role, cited.AsWritten, cited.Edtf, fromYear, toYear),
            Years = years is { } counted ? new SearchedYears(counted.From, counted.To) : null,
            Decades = years is { } y ? [.. Enumerable.Range(y.From / 10, (y.To / 10) - (y.From / 10) + 1).Select(d => d * 10)] : [],
            SortDay = (cited is null ? null : EdtfDate.SortDay(cited.Edtf)) ?? Undated,
        };
    }

    /// <summary>
    /// Each name once by its folded key, as the authorities match names (letter case, diacritics, punctuation and spacing
    /// aside), spelt as first written; a name of no letter or digit is left out, as the authorities leave it.
    /// </summary>
    private static IReadOnlyList<(string Key, string Name)> Named(IEnumerable<string?> names) =>
    [
        .. names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => (Key: AccessPointKeys.Fold(n), Name: n!.Trim()))
            .Where(n => n.Key.Length > 0).DistinctBy(n => n.Key, StringComparer.Ordinal),
    ];

    /// <summary>
    /// The level a classification mark states, without its copy number or handling words, so one facet value counts
    /// "Top Secret, Copy 4" and "TOP SECRET Copy Nº 1" alike, and «Секретно. Экз. № 4» and «Секретно, экз. 1»;
    /// FRUS's "Secret; Immediate; Nodis" is "Secret".
    /// </summary>
    public static string? ClassificationLevel(string? marks)
    {
        if (string.IsNullOrWhiteSpace(marks)) return null;
        var level = marks.Split([',', ';'], 2)[0];
        if (CopyNumberAt(level) is { } copy) level = level[..copy];
        level = level.Trim().Trim(' ', '.', ':');
        return level.Length == 0 ? null : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(level.ToLowerInvariant());
    }

    /// <summary>
    /// Where the copy number begins: the word "copy", or the Russian «экз.» («экземпляр»). Read by hand rather than
    /// by a regular expression with a time limit, which a projection batch met when the cores were busy (the batch
    /// failed and was redone).
    /// </summary>
    private static int? CopyNumberAt(string marks)
    {
        for (var at = 0; at < marks.Length; at++)
        {
            if (at > 0 && char.IsLetterOrDigit(marks[at - 1])) continue;
            var rest = marks.AsSpan(at);
            if (rest.StartsWith("экз", StringComparison.OrdinalIgnoreCase)) return at;
            if (rest.StartsWith("copy", StringComparison.OrdinalIgnoreCase) && (rest.Length == 4 || !char.IsLetter(rest[4]))) return at;
        }

        return null;
    }

    private static string DescribedText(CatalogueRecord record)
    {
        var text = new StringBuilder();
        void Line(string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) text.Append(value).Append('\n');
        }

        Line(record.DocumentType);
        Line(record.Classification);
        foreach (var person in record.Creators.Concat(record.Participants)) Line(person.Role is null ? person.Name : $"{person.Name}, {person.Role}");
        foreach (var subject in record.Subjects) Line(subject);
        foreach (var translation in record.Translations) Line(translation.Credit);
        foreach (var acquisition in record.AcquisitionCredits) Line(acquisition.Credit);
        foreach (var funding in record.FundingNotes) Line($"{funding.Funder}. {funding.Note}");
        Line(record.SourceCitation);
        foreach (var reference in record.Provenance)
        {
            Line(reference.Citation);
            Line(reference.LocatorText());
        }

        return Validation.Echoed.Start(text.ToString(), MatchedDescriptionCharacters);
    }

    private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
        [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct(StringComparer.Ordinal)];

}

/// <summary>
/// Keeps one <see cref="RecordSearch"/> per record, run by the async daemon. It folds through the one fold, as the record
/// list does, so search cannot disagree with the record; the texts are taken from the events that attach them and
/// kept while the record lists them.
/// </summary>
public sealed partial class RecordSearchProjection : SingleStreamProjection<RecordSearch, Guid>
{
    public override (RecordSearch?, ActionType) DetermineAction(RecordSearch? snapshot, Guid id, IReadOnlyList<IEvent> events)
    {
        var record = snapshot?.Record;
        IReadOnlyList<SearchedText> texts = snapshot?.Texts ?? [];
        foreach (var e in events)
        {
            record = RecordEvolution.Apply(record, e.Data, e.Version);
            if (record is null)
            {
                texts = [];
                continue;
            }

            if (e.Data is FullTextAttached attached)
            {
                var language = LanguageCodes.Canonical(attached.Language);
                // Kept as far as it is matched, one text at a time (a removed text leaves the others as a rebuild makes
                // them): a record with long texts in many languages made a document of hundreds of megabytes.
                texts = [.. texts.Where(t => !(LanguageCodes.Canonical(t.Language) == language && t.Kind == attached.Kind)), new SearchedText(language, attached.Kind, Validation.Echoed.Start(attached.Text, RecordSearch.MatchedTextCharacters))];
            }

            texts = [.. texts.Where(t => record.FullTexts.Any(f => f.Is(t.Language, t.Kind)))];
        }

        return RecordDerived.Outcome(snapshot, record is null ? null : RecordSearch.Of(record, texts));
    }
}

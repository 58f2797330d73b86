using Catalogue.Api.Credits;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using FluentValidation;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// One record as a line of a JSON-lines import: the shape <c>GET /api/exports/records</c> writes (the record as
/// <c>GET /api/records/{id}</c> answers it, each full text with its <c>text</c>). What the catalogue counts itself —
/// the record's <c>version</c>, the version each text was attached at, a text's length and digest, its <c>href</c> —
/// is read past: the record is counted anew here. Without an <c>id</c> the record gets one made from its batch and
/// line, so the same file imported again into the same batch makes no second record; without an accession number it
/// gets the next one. A line naming a record the catalogue holds changes what it gives, and leaves what it leaves out.
/// </summary>
public sealed record ImportedRecord
{
    public Guid? Id { get; init; }
    public string? AccessionNumber { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(AccessionInstantConverter))]
    public DateTimeOffset? AccessionedAt { get; init; }
    public IReadOnlyList<ExternalIdentifier>? ExternalIds { get; init; }
    public string? SourceUrl { get; init; }
    public string? SourceCitation { get; init; }
    public string? Title { get; init; }
    public string? DocumentType { get; init; }
    public IReadOnlyList<DocumentDate>? Dates { get; init; }
    public string? Classification { get; init; }
    public IReadOnlyList<Person>? Creators { get; init; }
    public IReadOnlyList<Person>? Participants { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<Language>? OriginalLanguages { get; init; }
    public IReadOnlyList<ArchivalReference>? Provenance { get; init; }
    public IReadOnlyList<ImportedTranslation>? Translations { get; init; }
    public IReadOnlyList<ImportedAcquisition>? AcquisitionCredits { get; init; }
    public IReadOnlyList<ImportedFundingNote>? FundingNotes { get; init; }
    public IReadOnlyList<string>? Subjects { get; init; }
    public IReadOnlyList<string>? Places { get; init; }
    public IReadOnlyList<ImportedFullText>? FullTexts { get; init; }
    public string? Status { get; init; }

    /// <summary>
    /// The record with each value chosen from a fixed list — its state, a date's role, an acquisition's role, a text's
    /// kind — written as the list names it: such values are read in any letter case ("Published" is published). A null
    /// entry stays, for the rules to refuse by its place.
    /// </summary>
    public ImportedRecord WithListedNames() => IsListed() ? this : this with
    {
        Status = Listed(RecordStatus.All, Status),
        Dates = Dates?.Select(d => d is null ? d! : d with { Role = Listed(DateRoles.All, d.Role)! }).ToList(),
        AcquisitionCredits = AcquisitionCredits?.Select(a => a is null ? a! : a with { Role = Listed(AcquisitionRoles.All, a.Role) }).ToList(),
        FullTexts = FullTexts?.Select(t => t is null ? t! : t with { Kind = Listed(TextKinds.All, t.Kind) }).ToList(),
    };

    private static string? Listed(IEnumerable<string> terms, string? given) => Vocabulary.Named(terms, given) ?? given;

    /// <summary>Whether every such value is written as its list names it already (as an export writes them): nothing to copy.</summary>
    private bool IsListed() =>
        Listed(RecordStatus.All, Status) == Status
        && (Dates ?? []).All(d => d is null || Listed(DateRoles.All, d.Role) == d.Role)
        && (AcquisitionCredits ?? []).All(a => a is null || Listed(AcquisitionRoles.All, a.Role) == a.Role)
        && (FullTexts ?? []).All(t => t is null || Listed(TextKinds.All, t.Kind) == t.Kind);

    private static readonly TimeSpan AccessionClockSkew = TimeSpan.FromMinutes(5);

    public sealed class Validator : AbstractValidator<ImportedRecord>
    {
        public Validator()
        {
            RuleFor(x => x.Id).Must(id => id != Guid.Empty).WithMessage("'id' must not be the all-zero id; leave it out to have one made.");
            // Required of a new record (the importer says so); a line correcting a record may leave it out.
            RuleFor(x => x.Title).OptionalLine(CatalogueRules.ShortText * 2);
            RuleFor(x => x.AccessionNumber).OptionalLine(64)
                .Matches("^[A-Za-z0-9][A-Za-z0-9./_-]*$").When(x => !string.IsNullOrEmpty(x.AccessionNumber))
                .WithMessage("'accessionNumber' may hold Latin letters (A-Z, a-z), digits and . / _ - only, and begins with a letter or digit.");
            // A document is accessioned before it is catalogued: a time to come would file it first among the newest
            // for ever. Five minutes are given for the clock of the system that exported it.
            RuleFor(x => x.AccessionedAt).Must(at => at is null || (at.Value.Year >= 1800 && at.Value <= DateTimeOffset.UtcNow + AccessionClockSkew))
                .WithMessage("'accessionedAt' must be a time from the year 1800 on, and not one still to come.");
            // "" takes a record's address away, as POST /api/records/{id}/source-url does; a new record then has none.
            RuleFor(x => x.SourceUrl).SourceUrl().When(x => x.SourceUrl != "");
            RuleFor(x => x.SourceCitation).OptionalLine(CatalogueRules.ShortText * 8);
            RuleFor(x => x.DocumentType).DocumentType();
            RuleFor(x => x.Classification).OptionalLine();
            RuleFor(x => x.Summary).OptionalParagraphs();
            RuleFor(x => x.Status).Must(s => s is null || RecordStatus.All.Contains(s))
                .WithMessage($"'status' must be one of: {string.Join(", ", RecordStatus.All)}.");

            RuleFor(x => x.ExternalIds).AtMost(RecordCapacity.ExternalIds, "external identifiers");
            RuleForEach(x => x.ExternalIds).Present().SetValidator(new ExternalIdentifierValidator());
            RuleFor(x => x.Dates).Must(d => d is null || d.Select(x => x?.Role).Distinct().Count() == d.Count)
                .WithMessage("A record has one date in each role: 'dates' names a role twice.");
            RuleForEach(x => x.Dates).Present().ChildRules(date =>
            {
                date.RuleFor(x => x.Role).NotEmpty().Must(r => DateRoles.All.Contains(r))
                    .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", DateRoles.All)}.");
                date.RuleFor(x => x.AsWritten).RequiredLine(200);
                date.RuleFor(x => x.Edtf).Edtf();
            });
            RuleFor(x => x.Creators).AtMost(RecordCapacity.Creators, "creators");
            RuleForEach(x => x.Creators).Present().SetValidator(new PersonValidator());
            RuleFor(x => x.Participants).AtMost(RecordCapacity.Participants, "participants");
            RuleForEach(x => x.Participants).Present().SetValidator(new PersonValidator());
            RuleFor(x => x.OriginalLanguages).AtMost(RecordCapacity.OriginalLanguages, "languages").EachLanguageOnce();
            RuleForEach(x => x.OriginalLanguages).Present().ChildRules(language =>
            {
                language.RuleFor(x => x.Code).LanguageCode();
                language.RuleFor(x => x.Name).RequiredLine(100);
            });
            RuleFor(x => x.Subjects).AtMost(RecordCapacity.Subjects, "subjects");
            RuleForEach(x => x.Subjects).RequiredLine(200);
            RuleFor(x => x.Places).AtMost(RecordCapacity.Places, "places");
            RuleForEach(x => x.Places).RequiredLine(200);

            RuleFor(x => x.Provenance).AtMost(RecordCapacity.ProvenanceReferences, "provenance references");
            RuleForEach(x => x.Provenance).Present().SetValidator(new ReferenceValidator());
            RuleFor(x => x.Translations).AtMost(RecordCapacity.Translations, "translations");
            RuleForEach(x => x.Translations).Present().SetValidator(new TranslationFieldsValidator());
            RuleFor(x => x.AcquisitionCredits).AtMost(RecordCapacity.AcquisitionCredits, "acquisition credits");
            RuleForEach(x => x.AcquisitionCredits).Present().ChildRules(credit =>
            {
                credit.RuleFor(x => x.Role).NotEmpty().Must(r => AcquisitionRoles.All.Contains(r))
                    .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", AcquisitionRoles.All)}.");
                credit.RuleFor(x => x.People).NotEmpty().WithMessage("'{PropertyName}' must name at least one person.")
                    .Must(p => p is null || p.Count <= 50).WithMessage("At most 50 people.");
                credit.RuleForEach(x => x.People).RequiredLine(300);
                credit.RuleFor(x => x.Credit).RequiredLine(CatalogueRules.ShortText * 2);
            });
            RuleFor(x => x.FundingNotes).AtMost(RecordCapacity.FundingNotes, "funding notes");
            RuleForEach(x => x.FundingNotes).Present().ChildRules(note =>
            {
                note.RuleFor(x => x.Funder).RequiredLine(300);
                note.RuleFor(x => x.Note).RequiredLine(CatalogueRules.ShortText * 2);
            });
            // Compared by the code each is recorded by: "rus" and "ru" name one language, and the second would replace the first.
            RuleFor(x => x.FullTexts).Must(t => t is null || t.Select(x => (x?.Language is { } code ? LanguageCodes.Canonical(code) : null, x?.Kind)).Distinct().Count() == t.Count)
                .WithMessage("A record holds one text in each language and kind: 'fullTexts' names one twice (a language's two- and three-letter codes name it once).");
            RuleFor(x => x.FullTexts).Must(t => t is null || t.Sum(x => x?.Text is { } text ? (long)System.Text.Encoding.UTF8.GetByteCount(text) : 0) <= RecordCapacity.FullTextBytes)
                .WithMessage($"A record's full texts hold at most {RecordCapacity.FullTextBytes:N0} bytes of UTF-8 together.");
            RuleForEach(x => x.FullTexts).Present().ChildRules(text =>
            {
                // Without its text, an entry keeps the text the record holds, named by its digest: an export with
                // fullTexts=false, its metadata edited, comes back without moving the texts.
                text.RuleFor(x => x.Text).NotNull().When(x => x.Sha256 is null)
                    .WithMessage("'{PropertyName}' is required: the text itself, as an export gives it, or the 'sha256' of a text the record holds, to keep it (as an export with fullTexts=false gives it).");
                text.RuleFor(x => x.Text).RequiredParagraphs(AttachFullText.MaxLength, asWritten: true).When(x => x.Text is not null);
                text.RuleFor(x => x.Sha256).Matches("^[0-9a-f]{64}$").When(x => x.Sha256 is not null)
                    .WithMessage("'{PropertyName}' must be a text's SHA-256 as the catalogue gives it: 64 hexadecimal digits in lower case.");
                text.RuleFor(x => x.Language).LanguageCode();
                text.RuleFor(x => x.Kind).NotEmpty().Must(k => TextKinds.All.Contains(k))
                    .WithMessage($"'{{PropertyName}}' must be one of: {string.Join(", ", TextKinds.All)}.");
                text.RuleFor(x => x.Sha256).Must((t, sha) => sha is null || t.Text is null || FullTextDigest.Of(t.Text).Sha256 == sha)
                    .WithMessage("The text is not the one its 'sha256' names: it was changed or cut on the way.");
            });
        }
    }

    /// <summary>A reference as the catalogue read it: its citation as written, or locators, each within its bounds.</summary>
    /// <remarks>
    /// A reference that names a parser version is the parser's reading of its citation, which keeps what it reads as the
    /// citation wrote it: a fond, the folios or an unparsed part may be longer than an archivist may type one, as long as
    /// the citation itself. Such a reading is bounded as its citation is, so every record the catalogue holds is taken
    /// back from its export; a reference given by hand keeps the bounds of the command that records one.
    /// </remarks>
    private sealed class ReferenceValidator : AbstractValidator<ArchivalReference>
    {
        private const int CitationLength = CatalogueRules.ShortText * 4;

        public ReferenceValidator()
        {
            RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Citation) || Locators(x).Any(v => !string.IsNullOrWhiteSpace(v)))
                .OverridePropertyName("citation")
                .WithMessage("A reference must say where the document is: give its citation as written, or its locators.");
            // Typed by hand, as the provenance command takes it: in which archive at least (found from outside: a fond alone
            // was recorded for good, the command refusing the same).
            RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Citation) || !string.IsNullOrWhiteSpace(x.Repository))
                .When(x => x.ParserVersion is null && Locators(x).Any(v => !string.IsNullOrWhiteSpace(v)))
                .OverridePropertyName("citation")
                .WithMessage("Give the citation as written, or its locators: the repository at least, and within it what is known (a fond, folios, a box, …).");
            RuleFor(x => x.Citation).OptionalLine(CitationLength);
            RuleFor(x => x.Raw).OptionalLine(CitationLength);
            RuleFor(x => x.ParserVersion).OptionalLine(50);
            When(x => x.ParserVersion is null, () => Readings(typed: true)).Otherwise(() => Readings(typed: false));
        }

        private void Readings(bool typed)
        {
            int Bound(int typedBound) => typed ? typedBound : CitationLength;
            RuleFor(x => x.Repository).OptionalLine(Bound(200)).NamedInAPath("repository");
            RuleFor(x => x.RepositoryAsWritten).OptionalLine(Bound(200));
            RuleFor(x => x.Publication).OptionalLine(Bound(CatalogueRules.ShortText));
            RuleFor(x => x.Classification).OptionalLine(Bound(CatalogueRules.ShortText));
            RuleFor(x => x.Fond).OptionalLine(Bound(50)).NamedInAPath("fond");
            RuleFor(x => x.Opis).OptionalLine(Bound(50)).NamedInAPath("opis");
            RuleFor(x => x.Delo).OptionalLine(Bound(50)).NamedInAPath("delo");
            RuleFor(x => x.Poryadok).OptionalLine(Bound(50));
            RuleFor(x => x.Papka).OptionalLine(Bound(50)).NamedInAPath("papka");
            RuleFor(x => x.Folios).OptionalLine(Bound(100));
            foreach (var locator in OtherLocator.All) RuleFor(x => locator.Read(x)).OptionalLine(Bound(OtherLocator.MaxLength)).OverridePropertyName(locator.Name);
            // The parser names each part it could not read with why ("q0 (text within the reference was not interpreted)"),
            // one part at least a character of the citation long.
            var most = typed ? 50 : CitationLength;
            RuleFor(x => x.Unparsed).Must(u => u is null || u.Count <= most).WithMessage($"At most {most} unparsed parts.");
            RuleForEach(x => x.Unparsed).RequiredLine(typed ? CatalogueRules.ShortText * 2 : CitationLength + 100);
        }

        private static IEnumerable<string?> Locators(ArchivalReference x) =>
            [x.Repository, x.Fond, x.Opis, x.Delo, x.Poryadok, x.Papka, x.Folios, .. OtherLocator.All.Select(l => l.Read(x))];
    }
}

public sealed record ImportedTranslation(string? Language, IReadOnlyList<string>? Translators, string? Credit) : ITranslationFields;

public sealed record ImportedAcquisition(string? Role, IReadOnlyList<string>? People, string? Credit);

public sealed record ImportedFundingNote(string? Funder, string? Note);

/// <param name="Sha256">When given (an export gives it), the text must be the one it names.</param>
public sealed record ImportedFullText(string? Language, string? Kind, string? Text, string? Sha256 = null);

using Catalogue.Api.Records;

namespace Catalogue.Api.Reports;

/// <summary>A translation credit as far as the reports need it: its number (corrections and withdrawals name it) and its translators.</summary>
public sealed record CountedTranslation(int Number, IReadOnlyList<string> Translators);

/// <summary>A provenance reference as far as the reports need it: its number and where it sits, repository → fond → opis.</summary>
public sealed record CountedPlace(int Number, string? Repository, string? Fond, string? Opis);

/// <summary>
/// What one record counts toward in the reports, kept by <see cref="ReportTallyProjection"/> beside the counts: the
/// record's state, its translators, funders with their notes as written, provenance places, dates and original
/// languages. It is folded through <see cref="RecordEvolution"/>, the one fold (<see cref="AsRecord"/> turns it back into
/// the record as far as the reports need it), so a report can never count a record otherwise than the record reads; and
/// when a record changes, what it counted toward before is what its counts are taken back from.
/// </summary>
public sealed record RecordReportFacts
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_recordreportfacts";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Status { get; init; } = RecordStatus.Draft;
    public IReadOnlyList<CountedTranslation> Translations { get; init; } = [];
    public IReadOnlyList<FundingEntry> FundingNotes { get; init; } = [];
    public IReadOnlyList<CountedPlace> Places { get; init; } = [];
    public IReadOnlyList<DocumentDate> Dates { get; init; } = [];
    public IReadOnlyList<Language> Languages { get; init; } = [];

    public static RecordReportFacts Of(CatalogueRecord record) => new()
    {
        Id = record.Id,
        Version = record.Version,
        Status = record.Status,
        Translations = [.. record.Translations.Select(t => new CountedTranslation(t.Number, t.Translators))],
        FundingNotes = record.FundingNotes,
        Places = [.. record.Provenance.Select(p => new CountedPlace(p.Number, p.Repository, p.Fond, p.Opis))],
        Dates = record.Dates,
        Languages = record.OriginalLanguages,
    };

    /// <summary>The record as far as the reports need it: what the one fold goes on from.</summary>
    public CatalogueRecord AsRecord() => new()
    {
        Id = Id,
        Version = Version,
        Status = Status,
        Translations = [.. Translations.Select(t => new TranslationEntry(t.Number, "", t.Translators, ""))],
        FundingNotes = FundingNotes,
        Provenance = [.. Places.Select(p => new ProvenanceEntry { Number = p.Number, Repository = p.Repository, Fond = p.Fond, Opis = p.Opis })],
        Dates = Dates,
        OriginalLanguages = Languages,
    };

    /// <summary>
    /// Every report key the record counts toward, each once however often the record names it (a record with two
    /// credits for one translator is one record of that translator).
    /// </summary>
    public IReadOnlySet<ReportKey> CountsToward() => ReportKey.Of(AsRecord());
}

using System.Text.Json;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// The real catalogue entries of the corpus (documents from the Wilson Center Digital Archive and FRUS), each made into
/// a record by the events an archivist's commands would append: its title, date, classification, language, every
/// reference its citation holds, its translation and funding credits.
/// </summary>
public static class CorpusRecords
{
    public sealed record Entry(
        string? DocId, string? SourceUrl, string Title, string? DateAsWritten, string? DateIso, string? ArchiveCitation, string? FullCitation,
        string? OriginalLanguage, IReadOnlyList<string>? Translators, string? TranslationCredit, string? FundingCredit, string? Classification);

    private static readonly JsonSerializerOptions Snake = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IReadOnlyList<Entry> Entries { get; } =
    [
        .. File.ReadAllLines(RepositoryFiles.PathOf("tests", "Catalogue.Citations.Tests", "Corpus", "catalogue-entries.jsonl"))
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<Entry>(line, Snake)!),
    ];

    public static IEnumerable<object[]> Numbers => Entries.Select((_, i) => new object[] { i });

    private static readonly Dictionary<string, string> LanguageCodes = new() { ["English"] = "en", ["Russian"] = "ru" };

    public static CatalogueRecord Record(int number)
    {
        var entry = Entries[number];
        var id = Guid.Parse($"00000000-0000-4000-8000-{number:D12}");
        List<IRecordEvent> events =
        [
            new RecordAccessioned(
                id, $"CORPUS-{number:D3}", entry.DocId is null ? [] : [new ExternalIdentifier("wilson-center", entry.DocId)], entry.SourceUrl, entry.Title, null,
                RecordLives.AccessionedAt),
        ];
        if (entry.FullCitation is not null) events.Add(new SourceCitationRecorded(entry.FullCitation));
        if (entry.DateAsWritten is not null && entry.DateIso is not null) events.Add(new DateRecorded(DateRoles.Created, entry.DateAsWritten, entry.DateIso));
        if (entry.Classification is not null) events.Add(new ClassificationRecorded(entry.Classification));
        if (entry.OriginalLanguage is not null) events.Add(new OriginalLanguagesRecorded([new Language(LanguageCodes[entry.OriginalLanguage], entry.OriginalLanguage)]));
        if (entry.ArchiveCitation is not null)
        {
            var references = ProvenanceReading.Parse(entry.ArchiveCitation);
            events.AddRange(references.Select((reference, i) => new ProvenanceRecorded(i + 1, reference)));
        }

        if (entry.TranslationCredit is not null) events.Add(new TranslationCredited(1, "en", entry.Translators ?? [], entry.TranslationCredit));
        if (entry.FundingCredit is not null) events.Add(new FundingNoteAdded(1, entry.FundingCredit, entry.FundingCredit));
        return RecordEvolution.Fold(null, events)!;
    }
}

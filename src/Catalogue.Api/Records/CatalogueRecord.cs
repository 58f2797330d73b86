using Catalogue.Api.Credits;
using Catalogue.Api.Provenance;

namespace Catalogue.Api.Records;

/// <summary>
/// The catalogue record as archivists read it: the fold of one record's event stream.
/// It is also the state the write side decides against, so a decision always sees what the reader sees.
/// </summary>
public sealed record CatalogueRecord
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_cataloguerecord";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string AccessionNumber { get; init; } = "";
    public DateTimeOffset AccessionedAt { get; init; }
    public IReadOnlyList<ExternalIdentifier> ExternalIds { get; init; } = [];
    public string? SourceUrl { get; init; }
    public string? SourceCitation { get; init; }
    public string Title { get; init; } = "";
    public string? DocumentType { get; init; }
    public IReadOnlyList<DocumentDate> Dates { get; init; } = [];
    public string? Classification { get; init; }
    public IReadOnlyList<Person> Creators { get; init; } = [];
    public IReadOnlyList<Person> Participants { get; init; } = [];
    public string? Summary { get; init; }
    public IReadOnlyList<Language> OriginalLanguages { get; init; } = [];
    public IReadOnlyList<ProvenanceEntry> Provenance { get; init; } = [];
    public IReadOnlyList<TranslationEntry> Translations { get; init; } = [];
    public IReadOnlyList<AcquisitionEntry> AcquisitionCredits { get; init; } = [];
    public IReadOnlyList<FundingEntry> FundingNotes { get; init; } = [];
    public IReadOnlyList<string> Subjects { get; init; } = [];
    /// <summary>Places as access points (EAD <c>controlaccess/geogname</c>), as the archivist wrote them.</summary>
    public IReadOnlyList<string> Places { get; init; } = [];
    /// <summary>The texts the record holds, each named by its digest; the texts themselves are read through their <c>href</c>.</summary>
    public IReadOnlyList<FullTextEntry> FullTexts { get; init; } = [];
    public string Status { get; init; } = RecordStatus.Draft;

    public DocumentDate? DateFor(string role) => Dates.FirstOrDefault(d => d.Role == role);
}

public static class RecordStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";

    public static readonly IReadOnlyList<string> All = [Draft, Published, Withdrawn];

    /// <summary>The state <paramref name="given"/> names in any case ("Published"), or null when it names none.</summary>
    public static string? Named(string given) => Validation.Vocabulary.Named(All, given);
}

/// <summary>One provenance reference on a record, numbered by the record version that first recorded it.</summary>
public sealed record ProvenanceEntry : ArchivalReference
{
    public ProvenanceEntry()
    {
    }

    public ProvenanceEntry(int number, ArchivalReference reference)
        : base(reference.Reference())
    {
        Number = number;
    }

    public int Number { get; init; }
}

public sealed record TranslationEntry(int Number, string Language, IReadOnlyList<string> Translators, string Credit);

/// <summary>Who obtained, contributed, donated or provided the copy (<see cref="Credits.AcquisitionRoles"/>), with the credit line as written.</summary>
public sealed record AcquisitionEntry(int Number, string Role, IReadOnlyList<string> People, string Credit);

public sealed record FundingEntry(int Number, string Funder, string Note);

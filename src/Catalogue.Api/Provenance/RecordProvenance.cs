using Catalogue.Api.Imports;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

/// <summary>
/// Records where the original is kept, as structured locators, as a citation, or both. A citation given
/// without locators is read on the server; the citation is always kept exactly as written.
/// </summary>
public sealed record RecordProvenance(
    string? Citation = null,
    string? Repository = null,
    string? Fond = null,
    string? Opis = null,
    string? Delo = null,
    string? Poryadok = null,
    string? Papka = null,
    string? Folios = null,
    long? Version = null,
    string? Reason = null) : IRecordCommand, IProvenanceFields
{
    public sealed class Validator : AbstractValidator<RecordProvenance>
    {
        public Validator()
        {
            Include(new ProvenanceFieldsValidator());
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

/// <summary>The reference number is the record version at which the reference was first recorded.</summary>
public sealed record ProvenanceRecorded(int Number, ArchivalReference Reference) : IRecordEvent;

public static class RecordProvenanceEndpoint
{
    public static Decision Decide(RecordProvenance command, CatalogueRecord record)
    {
        var reference = command.ToReference();
        if (record.Provenance.Any(p => ProvenanceEntry.From(p.Number, reference) == p)) return Decision.Nothing;
        return Decision.Append(new ProvenanceRecorded(checked((int)record.Version + 1), reference));
    }

    [WolverinePost("/api/records/{id}/provenance")]
    public static Task<IResult> Post(Guid id, RecordProvenance command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

/// <summary>The provenance locators a command may carry.</summary>
public interface IProvenanceFields
{
    string? Citation { get; }
    string? Repository { get; }
    string? Fond { get; }
    string? Opis { get; }
    string? Delo { get; }
    string? Poryadok { get; }
    string? Papka { get; }
    string? Folios { get; }
}

public sealed class ProvenanceFieldsValidator : AbstractValidator<IProvenanceFields>
{
    public ProvenanceFieldsValidator()
    {
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Citation) || HasLocators(x))
            .WithName("citation")
            .OverridePropertyName("citation")
            .WithMessage("Give the citation as written, or at least a repository and a fond (or folios).");
        RuleFor(x => x.Citation).OptionalLine(CatalogueRules.ShortText * 4);
        RuleFor(x => x.Repository).OptionalLine(200);
        RuleFor(x => x.Fond).OptionalLine(50);
        RuleFor(x => x.Opis).OptionalLine(50);
        RuleFor(x => x.Delo).OptionalLine(50);
        RuleFor(x => x.Poryadok).OptionalLine(50);
        RuleFor(x => x.Papka).OptionalLine(50);
        RuleFor(x => x.Folios).OptionalLine(100);
    }

    public static bool HasLocators(IProvenanceFields x) =>
        new[] { x.Repository, x.Fond, x.Opis, x.Delo, x.Poryadok, x.Papka, x.Folios }.Any(v => !string.IsNullOrWhiteSpace(v));
}

public static class ProvenanceFieldsExtensions
{
    /// <summary>Structured locators win; a bare citation is read with the citation parser, and kept as written either way.</summary>
    public static ArchivalReference ToReference(this IProvenanceFields fields)
    {
        var citation = string.IsNullOrWhiteSpace(fields.Citation) ? null : fields.Citation.Trim();
        if (!ProvenanceFieldsValidator.HasLocators(fields) && citation is not null)
        {
            return AvprfCitation.TryParse(citation, out var parsed)
                ? parsed with { Citation = citation }
                : new ArchivalReference(null, null, null, null, null, null, null, citation);
        }

        return new ArchivalReference(
            Clean(fields.Repository), Clean(fields.Fond), Clean(fields.Opis), Clean(fields.Delo),
            Clean(fields.Poryadok), Clean(fields.Papka), Clean(fields.Folios), citation);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

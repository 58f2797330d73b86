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
    string? Reason = null) : OtherLocatorFields, IRecordCommand, IProvenanceFields
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

public static class RecordProvenanceEndpoint
{
    /// <summary>One event per reference the record does not have yet; a citation naming two archives records two.</summary>
    public static Decision Decide(RecordProvenance command, CatalogueRecord record)
    {
        var added = ProvenanceReading.Read(command)
            .Where(reference => !record.Provenance.Any(existing => existing.SameAs(reference) || ReadFromTheSameText(existing, reference)))
            .Select((reference, i) => (IRecordEvent)new ProvenanceRecorded(checked((int)record.Version + 1 + i), reference))
            .ToArray();
        return added.Length == 0 ? Decision.Nothing : Decision.Append(added);
    }

    /// <summary>A citation recorded before is not recorded again when a newer parser reads it differently; that is re-parse's work.</summary>
    private static bool ReadFromTheSameText(ArchivalReference existing, ArchivalReference reference) =>
        reference.ParserVersion is not null && existing.ParserVersion is not null
        && existing.Citation == reference.Citation && existing.Raw == reference.Raw;

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
    string? FileNumber { get; }
    string? DocumentNumber { get; }
    string? Pages { get; }
    string? Box { get; }
    string? RecordGroup { get; }
    string? Series { get; }
    string? Signature { get; }
    string? Year { get; }
    string? Issue { get; }
    string? Country { get; }
    string? Collection { get; }
    string? Folder { get; }
    string? Lot { get; }
}

public sealed class ProvenanceFieldsValidator : AbstractValidator<IProvenanceFields>
{
    public ProvenanceFieldsValidator()
    {
        // A reference says where the document is: in which archive at least (a file only the repository is known of is
        // one), and where in it when that is known. A stray locator alone ("year": "1950", "country": "USSR") was recorded
        // for good (references are corrected, never taken away) and let a record publish.
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Citation) || !string.IsNullOrWhiteSpace(x.Repository))
            .WithName("citation")
            .OverridePropertyName("citation")
            .WithMessage("Give the citation as written, or its locators: the repository at least, and within it what is known (a fond, folios, a box, …).");
        Include(new EachField());
    }

    /// <summary>The rules of each field given, whichever fields a command needs.</summary>
    public sealed class EachField : AbstractValidator<IProvenanceFields>
    {
        public EachField()
        {
            RuleFor(x => x.Citation).OptionalLine(CatalogueRules.ShortText * 4);
            RuleFor(x => x.Repository).OptionalLine(200).NamedInAPath("repository");
            RuleFor(x => x.Fond).OptionalLine(50).NamedInAPath("fond");
            RuleFor(x => x.Opis).OptionalLine(50).NamedInAPath("opis");
            RuleFor(x => x.Delo).OptionalLine(50).NamedInAPath("delo");
            RuleFor(x => x.Poryadok).OptionalLine(50);
            RuleFor(x => x.Papka).OptionalLine(50).NamedInAPath("papka");
            RuleFor(x => x.Folios).OptionalLine(100);
            foreach (var locator in OtherLocator.All) RuleFor(x => locator.Given(x)).OptionalLine(OtherLocator.MaxLength).OverridePropertyName(locator.Name);
        }
    }

    /// <summary>Whether a command names any locator at all, an empty one (which removes it) included.</summary>
    public static bool NamesLocators(IProvenanceFields x) => Locators(x).Any(v => v is not null);

    public static bool HasLocators(IProvenanceFields x) => Locators(x).Any(v => !string.IsNullOrWhiteSpace(v));

    private static IEnumerable<string?> Locators(IProvenanceFields x) =>
        [x.Repository, x.Fond, x.Opis, x.Delo, x.Poryadok, x.Papka, x.Folios, .. OtherLocator.All.Select(l => l.Given(x))];
}

public static class BrowseTreeRules
{
    /// <summary>A level of the browse tree (repository, fond, opis, file): a name its path can reach (<see cref="ProvenanceQueries.CanBeNamedInAPath"/>).</summary>
    public static IRuleBuilderOptions<T, string?> NamedInAPath<T>(this IRuleBuilderOptions<T, string?> rule, string field) =>
        rule.Must(ProvenanceQueries.CanBeNamedInAPath).WithMessage(ProvenanceQueries.CannotBeNamedInAPath(field));
}

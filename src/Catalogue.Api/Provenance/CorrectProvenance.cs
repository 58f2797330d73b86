using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

/// <summary>
/// Corrects one provenance reference. A correction names what it changes: a locator left out stays as it is, one sent
/// as "" is removed; a citation sent without locators is read anew. The old value stays in the record's history; the
/// reason is required.
/// </summary>
public sealed record CorrectProvenance(
    string? Reason,
    string? Citation = null,
    string? Repository = null,
    string? Fond = null,
    string? Opis = null,
    string? Delo = null,
    string? Poryadok = null,
    string? Papka = null,
    string? Folios = null,
    long? Version = null) : OtherLocatorFields, IRecordCommand, IProvenanceFields, Hosting.IKeepsWhatItLeavesOut
{
    public sealed class Validator : AbstractValidator<CorrectProvenance>
    {
        public Validator()
        {
            RuleFor(x => x).Must(x => x.Citation is not null || ProvenanceFieldsValidator.NamesLocators(x))
                .WithName("citation")
                .OverridePropertyName("citation")
                .WithMessage("Name what to correct: the citation as written, or the locators that change (\"\" removes one).");
            Include(new ProvenanceFieldsValidator.EachField());
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class CorrectProvenanceEndpoint
{
    public static Decision Decide(int number, CorrectProvenance command, CatalogueRecord record)
    {
        var existing = record.Provenance.FirstOrDefault(p => p.Number == number);
        if (existing is null)
            return Decision.Refuse("No such provenance reference", $"The record has no provenance reference number {number} to correct.", "number");

        ArchivalReference corrected;
        if (!ProvenanceFieldsValidator.NamesLocators(command) && ProvenanceReading.Clean(command.Citation) is { } citation)
        {
            var references = ProvenanceReading.Parse(citation);
            if (references.Count != 1)
            {
                return Decision.Refuse(
                    "A correction replaces one reference",
                    $"The citation reads as {references.Count} references; correct reference {number} with one of them and record the others separately.",
                    "citation");
            }

            corrected = references[0];
        }
        else
        {
            corrected = ProvenanceReading.Correct(existing, command);
        }

        if (SaysNothing(corrected))
        {
            return Decision.Refuse(
                "A reference must say where the document is",
                $"After this correction reference {number} would have neither a citation nor a locator; correct it, or record a new reference instead.",
                "citation");
        }

        if (corrected.Citation is null && corrected.Repository is null && existing.Repository is not null)
        {
            return Decision.Refuse(
                "A reference must say where the document is",
                $"After this correction reference {number} would have no citation and no repository; a reference names the archive at least.",
                "repository");
        }

        if (existing.SameAs(corrected)) return Decision.Nothing;
        return Decision.Append(new ProvenanceCorrected(number, corrected));
    }

    /// <summary>No citation and not one locator: what is left says nothing about where the document is.</summary>
    private static bool SaysNothing(ArchivalReference reference) =>
        (reference.Reference() with { RepositoryAsWritten = null, RepositoryKnown = null, Raw = null, ParserVersion = null, Unparsed = [] }).SameAs(new ArchivalReference());

    [WolverinePost("/api/records/{id}/provenance/{number}/corrections")]
    public static Task<IResult> Post(Guid id, int number, CorrectProvenance command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, command, record));
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Provenance;

/// <summary>Corrects one provenance reference. The old value stays in the record's history; the reason is required.</summary>
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
    long? Version = null) : IRecordCommand, IProvenanceFields
{
    public sealed class Validator : AbstractValidator<CorrectProvenance>
    {
        public Validator()
        {
            Include(new ProvenanceFieldsValidator());
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public sealed record ProvenanceCorrected(int Number, ArchivalReference Reference) : IRecordEvent;

public static class CorrectProvenanceEndpoint
{
    public static Decision Decide(int number, CorrectProvenance command, CatalogueRecord record)
    {
        var existing = record.Provenance.FirstOrDefault(p => p.Number == number);
        if (existing is null)
            return Decision.Refuse("No such provenance reference", $"The record has no provenance reference number {number} to correct.", "number");

        var references = ProvenanceReading.Read(command);
        if (references.Count != 1)
        {
            return Decision.Refuse(
                "A correction replaces one reference",
                $"The citation reads as {references.Count} references; correct reference {number} with one of them and record the others separately.",
                "citation");
        }

        if (existing.SameAs(references[0])) return Decision.Nothing;
        return Decision.Append(new ProvenanceCorrected(number, references[0]));
    }

    [WolverinePost("/api/records/{id}/provenance/{number}/corrections")]
    public static Task<IResult> Post(Guid id, int number, CorrectProvenance command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, command, record));
}

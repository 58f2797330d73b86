using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Corrects the kind of document the accession named ("Memorandum of Conversation"), or names one the accession left
/// out; <c>""</c> takes it away. The field is required, so a body that forgets it never takes the type away.
/// </summary>
public sealed record ReviseDocumentType(string? DocumentType, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReviseDocumentType>
    {
        public Validator()
        {
            RuleFor(x => x.DocumentType).NotNull().WithMessage("'{PropertyName}' is required: the document type, or \"\" to take away the one the record names.")
                .DocumentType();
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class ReviseDocumentTypeEndpoint
{
    public static Decision Decide(ReviseDocumentType command, CatalogueRecord record)
    {
        var documentType = string.IsNullOrWhiteSpace(command.DocumentType) ? null : command.DocumentType.Trim();
        if (documentType == record.DocumentType) return Decision.Nothing;
        if (record.DocumentType is not null && !command.SaysWhy()) return Decision.NeedsReason("a document type");
        return Decision.Append(new DocumentTypeRevised(documentType));
    }

    [WolverinePost("/api/records/{id}/document-type")]
    public static Task<IResult> Post(Guid id, ReviseDocumentType command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

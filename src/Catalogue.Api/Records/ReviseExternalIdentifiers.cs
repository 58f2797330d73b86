using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Corrects the holding archives' identifiers of the document: the whole list, replacing the one the record has
/// (<c>[]</c> takes them all away), each identifier trimmed and kept once, as the accession keeps them.
/// </summary>
public sealed record ReviseExternalIdentifiers(IReadOnlyList<ExternalIdentifier>? ExternalIds, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReviseExternalIdentifiers>
    {
        public Validator()
        {
            RuleFor(x => x.ExternalIds).NotNull().WithMessage("'{PropertyName}' is required: the identifiers, or [] to take away those the record has.")
                .AtMost(RecordCapacity.ExternalIds, "external identifiers");
            RuleForEach(x => x.ExternalIds).Present().SetValidator(new ExternalIdentifierValidator());
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class ReviseExternalIdentifiersEndpoint
{
    public static Decision Decide(ReviseExternalIdentifiers command, CatalogueRecord record)
    {
        var ids = AccessionRules.Kept(command.ExternalIds);
        if (ids.SequenceEqual(record.ExternalIds)) return Decision.Nothing;
        if (record.ExternalIds.Count > 0 && !command.SaysWhy()) return Decision.NeedsReason("external identifiers");
        return Decision.Append(new ExternalIdentifiersRevised(ids));
    }

    [WolverinePost("/api/records/{id}/external-ids")]
    public static Task<IResult> Post(Guid id, ReviseExternalIdentifiers command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

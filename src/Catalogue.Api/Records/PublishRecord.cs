using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Makes a record public. Only a record with a title and at least one provenance reference may be published.</summary>
public sealed record PublishRecord(long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<PublishRecord>
    {
        public Validator()
        {
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class PublishRecordEndpoint
{
    public static Decision Decide(CatalogueRecord record)
    {
        if (record.Status == RecordStatus.Published) return Decision.Nothing;
        if (string.IsNullOrWhiteSpace(record.Title))
            return Decision.Refuse("Not ready to publish", "A record needs a title before it can be published.", "title");
        if (record.Provenance.Count == 0)
            return Decision.Refuse("Not ready to publish", "A record needs at least one provenance reference before it can be published.", "provenance");
        return Decision.Append(new RecordPublished());
    }

    [WolverinePost("/api/records/{id}/publish")]
    public static Task<IResult> Post(Guid id, PublishRecord command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, Decide);
}

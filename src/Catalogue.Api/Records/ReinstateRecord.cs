using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Takes a withdrawn record back into the catalogue, as a draft: publishing it again is a decision of its own. A
/// reinstatement must say why.
/// </summary>
public sealed record ReinstateRecord(string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReinstateRecord>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class ReinstateRecordEndpoint
{
    public static Decision Decide(CatalogueRecord record) =>
        record.Status == RecordStatus.Withdrawn
            ? Decision.Append(new RecordReinstated())
            : Decision.Refuse("The record is not withdrawn", $"Only a withdrawn record can be reinstated; this one is {record.Status}.");

    [WolverinePost("/api/records/{id}/reinstatement")]
    public static Task<IResult> Post(Guid id, ReinstateRecord command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, Decide);
}

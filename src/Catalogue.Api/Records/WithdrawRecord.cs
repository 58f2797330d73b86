using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Withdraws a record from the public catalogue; its history stays. A withdrawal must say why.</summary>
public sealed record WithdrawRecord(string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<WithdrawRecord>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class WithdrawRecordEndpoint
{
    public static Decision Decide(CatalogueRecord record) =>
        record.Status == RecordStatus.Withdrawn ? Decision.Nothing : Decision.Append(new RecordWithdrawn());

    [WolverinePost("/api/records/{id}/withdraw")]
    public static Task<IResult> Post(Guid id, WithdrawRecord command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, Decide);
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

public sealed record WithdrawAcquisitionCredit(string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<WithdrawAcquisitionCredit>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class WithdrawAcquisitionCreditEndpoint
{
    public static Decision Decide(int number, CatalogueRecord record) =>
        record.AcquisitionCredits.Any(a => a.Number == number)
            ? Decision.Append(new AcquisitionCreditWithdrawn(number))
            : Decision.Refuse("No such acquisition credit", $"The record has no acquisition credit number {number} to withdraw.", "number");

    [WolverinePost("/api/records/{id}/acquisition-credits/{number}/withdrawal")]
    public static Task<IResult> Post(Guid id, int number, WithdrawAcquisitionCredit command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, record));
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

public sealed record WithdrawTranslation(string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<WithdrawTranslation>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class WithdrawTranslationEndpoint
{
    public static Decision Decide(int number, CatalogueRecord record) =>
        record.Translations.Any(t => t.Number == number)
            ? Decision.Append(new TranslationWithdrawn(number))
            : Decision.Refuse("No such translation", $"The record has no translation number {number} to withdraw.", "number");

    [WolverinePost("/api/records/{id}/translations/{number}/withdrawal")]
    public static Task<IResult> Post(Guid id, int number, WithdrawTranslation command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, record));
}

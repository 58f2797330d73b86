using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

public sealed record CorrectTranslationCredit(string? Reason, string? Language, IReadOnlyList<string>? Translators, string? Credit, long? Version = null)
    : IRecordCommand, ITranslationFields
{
    public sealed class Validator : AbstractValidator<CorrectTranslationCredit>
    {
        public Validator()
        {
            Include(new TranslationFieldsValidator());
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public sealed record TranslationCreditCorrected(int Number, string Language, IReadOnlyList<string> Translators, string Credit) : IRecordEvent;

public static class CorrectTranslationCreditEndpoint
{
    public static Decision Decide(int number, CorrectTranslationCredit command, CatalogueRecord record)
    {
        var existing = record.Translations.FirstOrDefault(t => t.Number == number);
        if (existing is null)
            return Decision.Refuse("No such translation", $"The record has no translation number {number} to correct.", "number");

        var (language, translators, credit) = command.Normalised();
        if (existing.Language == language && existing.Credit == credit && existing.Translators.SequenceEqual(translators))
            return Decision.Nothing;
        return Decision.Append(new TranslationCreditCorrected(number, language, translators, credit));
    }

    [WolverinePost("/api/records/{id}/translations/{number}/corrections")]
    public static Task<IResult> Post(Guid id, int number, CorrectTranslationCredit command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, command, record));
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

/// <summary>
/// Corrects a translation credit. A correction names what it changes (language, translators, credit line); what it
/// leaves out stays as it is. The reason is required.
/// </summary>
public sealed record CorrectTranslationCredit(string? Reason, string? Language = null, IReadOnlyList<string>? Translators = null, string? Credit = null, long? Version = null)
    : IRecordCommand, ITranslationFields, Hosting.IKeepsWhatItLeavesOut
{
    public sealed class Validator : AbstractValidator<CorrectTranslationCredit>
    {
        public Validator()
        {
            RuleFor(x => x).Must(x => x.Language is not null || x.Translators is not null || x.Credit is not null)
                .WithName("credit")
                .OverridePropertyName("credit")
                .WithMessage("Name what to correct: the language, the translators or the credit line as written.");
            RuleFor(x => x.Language).LanguageCode().When(x => x.Language is not null);
            RuleFor(x => x.Translators).NotEmpty().WithMessage("'translators' must name at least one translator.")
                .Must(t => t is null || t.Count <= 50).WithMessage("At most 50 translators.")
                .When(x => x.Translators is not null);
            RuleForEach(x => x.Translators).RequiredLine(300);
            RuleFor(x => x.Credit).RequiredLine(CatalogueRules.ShortText * 2).When(x => x.Credit is not null);
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class CorrectTranslationCreditEndpoint
{
    public static Decision Decide(int number, CorrectTranslationCredit command, CatalogueRecord record)
    {
        var existing = record.Translations.FirstOrDefault(t => t.Number == number);
        if (existing is null)
            return Decision.Refuse("No such translation", $"The record has no translation number {number} to correct.", "number");

        var language = command.Language is { } given ? LanguageCodes.Canonical(given.Trim()) : existing.Language;
        var translators = (command.Translators is { } named ? AccessTerms.AsKeptNames(named) : null) ?? existing.Translators;
        var credit = command.Credit?.Trim() ?? existing.Credit;
        if (existing.Language == language && existing.Credit == credit && existing.Translators.SequenceEqual(translators))
            return Decision.Nothing;
        return Decision.Append(new TranslationCreditCorrected(number, language, translators, credit));
    }

    [WolverinePost("/api/records/{id}/translations/{number}/corrections")]
    public static Task<IResult> Post(Guid id, int number, CorrectTranslationCredit command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, command, record));
}

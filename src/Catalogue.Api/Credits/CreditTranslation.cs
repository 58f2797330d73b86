using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

/// <summary>Credits a translation: its language, its translators, and the credit line as written ("Translated for CWIHP by David Wolff").</summary>
public sealed record CreditTranslation(string? Language, IReadOnlyList<string>? Translators, string? Credit, long? Version = null, string? Reason = null)
    : IRecordCommand, ITranslationFields
{
    public sealed class Validator : AbstractValidator<CreditTranslation>
    {
        public Validator()
        {
            Include(new TranslationFieldsValidator());
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class CreditTranslationEndpoint
{
    public static Decision Decide(CreditTranslation command, CatalogueRecord record)
    {
        var (language, translators, credit) = command.Normalised();
        if (record.Translations.Any(t => t.Language == language && t.Credit == credit && t.Translators.SequenceEqual(translators)))
            return Decision.Nothing;
        return Decision.Append(new TranslationCredited(checked((int)record.Version + 1), language, translators, credit));
    }

    [WolverinePost("/api/records/{id}/translations")]
    public static Task<IResult> Post(Guid id, CreditTranslation command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

public interface ITranslationFields
{
    string? Language { get; }
    IReadOnlyList<string>? Translators { get; }
    string? Credit { get; }
}

public sealed class TranslationFieldsValidator : AbstractValidator<ITranslationFields>
{
    public TranslationFieldsValidator()
    {
        RuleFor(x => x.Language).LanguageCode();
        RuleFor(x => x.Translators).NotEmpty().WithMessage("'translators' must name at least one translator.")
            .Must(t => t is null || t.Count <= 50).WithMessage("At most 50 translators.");
        RuleForEach(x => x.Translators).RequiredLine(300);
        RuleFor(x => x.Credit).RequiredLine(CatalogueRules.ShortText * 2);
    }
}

public static class TranslationFieldsExtensions
{
    public static (string Language, IReadOnlyList<string> Translators, string Credit) Normalised(this ITranslationFields fields) =>
        (LanguageCodes.Canonical(fields.Language!), AccessTerms.AsKeptNames(fields.Translators!), fields.Credit!.Trim());
}

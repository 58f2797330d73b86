using System.Text.RegularExpressions;
using Catalogue.Api.Records;
using FluentValidation;

namespace Catalogue.Api.Validation;

/// <summary>Shape rules shared by the catalogue's commands.</summary>
public static partial class CatalogueRules
{
    public const int ShortText = 500;
    public const int LongText = 20_000;
    public const int ReasonLength = 2_000;

    /// <summary>A required single-line text: not blank, bounded, no control characters.</summary>
    public static IRuleBuilderOptions<T, string?> RequiredLine<T>(this IRuleBuilder<T, string?> rule, int max = ShortText) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .MaximumLength(max)
            .Must(NoControlCharacters).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>An optional single-line text: bounded, no control characters when given.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalLine<T>(this IRuleBuilder<T, string?> rule, int max = ShortText) =>
        rule.MaximumLength(max)
            .Must(v => v is null || NoControlCharacters(v)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>A required multi-line text (summaries, notes): line breaks and tabs are allowed.</summary>
    public static IRuleBuilderOptions<T, string?> RequiredParagraphs<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .MaximumLength(max)
            .Must(NoControlCharactersExceptLayout).WithMessage("'{PropertyName}' must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> OptionalReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(ReasonLength)
            .Must(v => v is null || NoControlCharactersExceptLayout(v)).WithMessage("'{PropertyName}' must not contain control characters.");

    public static IRuleBuilderOptions<T, string?> RequiredReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("A correction or withdrawal must say why: 'reason' is required.")
            .MaximumLength(ReasonLength)
            .Must(v => v is null || NoControlCharactersExceptLayout(v)).WithMessage("'{PropertyName}' must not contain control characters.");

    /// <summary>
    /// Every item of a list must be there: a JSON <c>null</c> among the items is refused by its place
    /// (<c>creators[0]</c>) instead of reaching the command as a missing object.
    /// </summary>
    public static IRuleBuilderOptions<T, TItem> Present<T, TItem>(this IRuleBuilderInitialCollection<T, TItem> rule) =>
        rule.NotNull().WithMessage("Item {CollectionIndex} of '{PropertyName}' must not be null.");

    public static IRuleBuilderOptions<T, long?> ExpectedVersion<T>(this IRuleBuilder<T, long?> rule) =>
        rule.GreaterThan(0).WithMessage("'version' must be the record version you edited (1 or more).");

    /// <summary>ISO 639-1 or 639-2/3 code in lower case ("ru", "zh", "rus"), or "und"/"mul".</summary>
    public static IRuleBuilderOptions<T, string?> LanguageCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Matches(LanguageCodePattern()).WithMessage("'{PropertyName}' must be an ISO 639 code such as \"ru\" or \"zh\".");

    public static IRuleBuilderOptions<T, string?> Edtf<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(v => v is not null && EdtfDate.IsValid(v))
            .WithMessage("'{PropertyName}' must be an EDTF date such as 1949-11-10, 1949?, 1950~, 195X or 1949-10/1949-12.");

    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(2_000)
            .Must(v => v is null || (Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("'{PropertyName}' must be an absolute http(s) URL.");

    public static bool NoControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    public static bool NoControlCharactersExceptLayout(string? value) =>
        value is null || !value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    [GeneratedRegex("^(?:[a-z]{2,3})$")]
    private static partial Regex LanguageCodePattern();
}

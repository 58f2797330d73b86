using System.Globalization;
using System.Text;
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

    /// <summary>A required single-line text: bounded, at least one visible character, nothing hidden (see <see cref="HiddenCharacterIn"/>).</summary>
    public static IRuleBuilderOptions<T, string?> RequiredLine<T>(this IRuleBuilder<T, string?> rule, int max = ShortText) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .AtMostCharacters(max)
            .Must(SaysSomethingOrIsBlank).WithMessage(SaysNothing)
            .NothingHidden(layout: false);

    /// <summary>
    /// At most <paramref name="max"/> characters as a reader counts them, one for each letter, emoji or CJK ideograph
    /// whether or not it lies past the Basic Multilingual Plane (found from outside: 600 emoji in a title were refused as
    /// 1,200 characters, the UTF-16 units .NET counts, and a name in CJK Extension B had half the room).
    /// </summary>
    /// <remarks>
    /// A name is kept in composed letters (NFC), which a few letters are longer in: क़ (U+0958) is क and a nukta. Counted
    /// as sent only, 300 of them were taken as a translator of 600 characters, whom search's filter (300 at most) and so
    /// the report's own link refused, and whose record's exported line was refused when imported again.
    /// </remarks>
    public static IRuleBuilderOptions<T, string?> AtMostCharacters<T>(this IRuleBuilder<T, string?> rule, int max) =>
        rule.Must((_, value, context) =>
            {
                if (!IsLongerThan(value, max) && !IsLongerComposed(value, max)) return true;
                var characters = value!.EnumerateRunes().Count();
                context.MessageFormatter.AppendArgument("Characters", characters > max
                    ? characters.ToString("N0", CultureInfo.InvariantCulture)
                    : $"{value.Normalize(NormalizationForm.FormC).EnumerateRunes().Count().ToString("N0", CultureInfo.InvariantCulture)} once its letters are composed (NFC)");
                return false;
            })
            .WithMessage($"'{{PropertyName}}' may hold at most {max.ToString("N0", CultureInfo.InvariantCulture)} characters; it holds {{Characters}}.");

    /// <summary>
    /// Whether <paramref name="value"/> holds more than <paramref name="max"/> characters as a reader counts them (see
    /// <see cref="AtMostCharacters"/>): a query's value is bounded as the field it looks for is.
    /// </summary>
    // Only a text longer in UTF-16 units than the limit can be longer in characters: most are never walked.
    public static bool IsLongerThan(string? value, int max) => value is not null && value.Length > max && value.EnumerateRunes().Count() > max;

    // Composing makes a character at most three (U+1D160, a musical note, is three), so a text of a third of the limit
    // or less is never walked; nor one composed already.
    private static bool IsLongerComposed(string? value, int max)
    {
        if (value is null || value.Length * 3 <= max) return false;
        try
        {
            return !value.IsNormalized(NormalizationForm.FormC) && IsLongerThan(value.Normalize(NormalizationForm.FormC), max);
        }
        catch (ArgumentException)
        {
            // Half a surrogate pair, which NothingHidden refuses.
            return false;
        }
    }

    /// <summary>A list of at most <paramref name="most"/> entries (or none given), told as "At most 100 subjects.".</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> AtMost<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, int most, string entries) =>
        rule.Must(list => list is null || list.Count <= most).WithMessage($"At most {most} {entries}.");

    /// <summary>
    /// A value chosen from <paramref name="terms"/>, read in any letter case as the API reads such values; the command
    /// keeps it as the list spells it (<see cref="Vocabulary.Named"/>).
    /// </summary>
    public static IRuleBuilderOptions<T, string?> Listed<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> terms, string field) =>
        rule.NotEmpty().Must(given => Vocabulary.Named(terms, given) is not null)
            .WithMessage($"'{field}' must be one of: {string.Join(", ", terms)}.");

    /// <summary>An optional single-line text: bounded, nothing hidden, and when it is not blank, at least one visible character.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalLine<T>(this IRuleBuilder<T, string?> rule, int max = ShortText) =>
        rule.AtMostCharacters(max)
            .Must(SaysSomethingOrIsBlank).WithMessage(SaysNothing)
            .NothingHidden(layout: false);

    /// <summary>A required multi-line text (summaries, notes): line breaks and tabs are allowed.</summary>
    /// <param name="asWritten">A document's own text (a full text), whose bidirectional controls are kept as it has them.</param>
    public static IRuleBuilderOptions<T, string?> RequiredParagraphs<T>(this IRuleBuilder<T, string?> rule, int max = LongText, bool asWritten = false) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .AtMostCharacters(max)
            .Must(SaysSomethingOrIsBlank).WithMessage(SaysNothing)
            .NothingHidden(layout: true, asWritten);

    /// <summary>An optional multi-line text: bounded, line breaks and tabs allowed, and when it is not blank, something visible.</summary>
    public static IRuleBuilderOptions<T, string?> OptionalParagraphs<T>(this IRuleBuilder<T, string?> rule, int max = LongText) =>
        rule.AtMostCharacters(max)
            .Must(SaysSomethingOrIsBlank).WithMessage(SaysNothing)
            .NothingHidden(layout: true);

    public static IRuleBuilderOptions<T, string?> OptionalReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.AtMostCharacters(ReasonLength)
            .Must(SaysSomethingOrIsBlank).WithMessage(SaysNothing)
            .NothingHidden(layout: true);

    public static IRuleBuilderOptions<T, string?> RequiredReason<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("A correction or withdrawal must say why: 'reason' is required.")
            .AtMostCharacters(ReasonLength)
            .Must(SaysSomethingOrIsBlank).WithMessage("A correction or withdrawal must say why: 'reason' holds no visible character.")
            .NothingHidden(layout: true);

    /// <summary>
    /// Every item of a list must be there: a JSON <c>null</c> among the items is refused by its place
    /// (<c>creators[0]</c>) instead of reaching the command as a missing object.
    /// </summary>
    public static IRuleBuilderOptions<T, TItem> Present<T, TItem>(this IRuleBuilderInitialCollection<T, TItem> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' must not be null: give the item, or leave it out of the list.");

    public static IRuleBuilderOptions<T, long?> ExpectedVersion<T>(this IRuleBuilder<T, long?> rule) =>
        rule.GreaterThan(0).WithMessage("'version' must be the record version you edited (1 or more).");

    /// <summary>ISO 639-1 or 639-2/3 code in either letter case ("ru", "zh", "rus", "RU"), or "und"/"mul"; recorded as <see cref="Records.LanguageCodes.Canonical"/> gives it.</summary>
    public static IRuleBuilderOptions<T, string?> LanguageCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Matches(LanguageCodePattern()).WithMessage("'{PropertyName}' must be an ISO 639 code such as \"ru\" or \"zh\".");

    /// <summary>
    /// Each language by one code: "ru" twice, or "ru" and "rus", under two names would be kept as two languages of one
    /// code, counted and cited twice. The same language given twice alike is kept once, as before.
    /// </summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Language>?> EachLanguageOnce<T>(this IRuleBuilder<T, IReadOnlyList<Language>?> rule) =>
        rule.Must((_, languages, context) =>
            {
                var twice = (languages ?? [])
                    .Where(l => l?.Code is not null && l.Name is not null && LanguageCodePattern().IsMatch(l.Code))
                    .GroupBy(l => LanguageCodes.Canonical(l.Code.Trim()))
                    .FirstOrDefault(g => g.Select(l => l.Name.Trim()).Distinct(StringComparer.Ordinal).Count() > 1);
                if (twice is null) return true;
                context.MessageFormatter.AppendArgument("Code", twice.Key);
                context.MessageFormatter.AppendArgument("Given", string.Join(", ", twice.Select(l => $"'{l.Code.Trim()}' ({l.Name.Trim()})")));
                return false;
            })
            .WithMessage("'{PropertyName}' gives the language '{Code}' twice, as {Given}: a language is recorded by one code, so give it once, with one name.");

    public static IRuleBuilderOptions<T, string?> Edtf<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("'{PropertyName}' is required.")
            .Must(v => v is not null && EdtfDate.IsValid(v))
            .WithMessage("'{PropertyName}' must be an EDTF date such as 1949-11-10, 1949?, 1950~, 195X or 1949-10/1949-12.");

    /// <summary>
    /// An absolute http(s) URL, written out as a reader would type it: no spaces, control characters or invisible
    /// formatting characters, which could make one address display as another (U+202E turns "gpj.exe" into "exe.jpg").
    /// </summary>
    public static IRuleBuilderOptions<T, string?> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string?> rule) =>
        rule.AtMostCharacters(2_000)
            .Must((_, value, context) =>
            {
                if (UnprintableInUrl(value) is not { } found) return true;
                context.MessageFormatter.AppendArgument("Character", found);
                return false;
            })
            .WithMessage("'{PropertyName}' must not contain {Character}: a URL holds no spaces, control or invisible formatting characters.")
            .Must(v => v is null || (Uri.TryCreate(v, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            .WithMessage("'{PropertyName}' must be an absolute http(s) URL.")
            .Must(v => v is null || !HoldsUserInformation(v))
            .WithMessage("'{PropertyName}' must not hold a user name or password (user@ or user:password@ before the host): the address is published with the record.");

    /// <summary>
    /// Whether the URL names a user before its host, "https://user:pass@host/" — even an empty one ("https://@host/"),
    /// which <see cref="Uri.UserInfo"/> does not tell from none.
    /// </summary>
    private static bool HoldsUserInformation(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        if (uri.UserInfo.Length > 0) return true;
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0) return false;
        var authority = url[(start + 2)..];
        var end = authority.IndexOfAny(['/', '\\', '?', '#']);
        return (end < 0 ? authority : authority[..end]).Contains('@');
    }

    private const string SaysNothing =
        "'{PropertyName}' must contain at least one visible character (a letter, digit, punctuation mark or symbol), not only spaces or invisible characters.";

    private static IRuleBuilderOptions<T, string?> NothingHidden<T>(this IRuleBuilderOptions<T, string?> rule, bool layout, bool asWritten = false) =>
        rule.Must((_, value, context) =>
            {
                if (HiddenCharacterIn(value, layout, asWritten) is not { } found) return true;
                context.MessageFormatter.AppendArgument("Character", found);
                return false;
            })
            .WithMessage("'{PropertyName}' must not contain {Character}.");

    /// <summary>True when the text holds a letter, digit, punctuation mark or symbol: something a reader can see.</summary>
    public static bool SaysSomething(string? value) => value is null || value.EnumerateRunes().Any(IsVisible);

    private static bool SaysSomethingOrIsBlank(string? value) => string.IsNullOrWhiteSpace(value) || SaysSomething(value);

    private static bool IsVisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => true,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation => true,
        UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
        _ => false,
    };

    /// <summary>
    /// The first character no catalogue text may hold, described for a problem detail, or null when there is none:
    /// C0 and C1 control characters and U+2028/U+2029 (with <paramref name="layout"/>, line breaks and tabs are allowed), Unicode
    /// non-characters (U+FDD0–U+FDEF and the last two code points of every plane), lone surrogates and U+FEFF.
    /// Format characters that scripts need — ZWJ, ZWNJ, the bidi marks in Arabic or Hebrew text — are not among them; an
    /// embedding, override or isolate left open (<see cref="BidiControls"/>) is, in a line of a text other than a document's
    /// own (<paramref name="asWritten"/>: a full text is kept as the document has it).
    /// </summary>
    public static string? HiddenCharacterIn(string? value, bool layout, bool asWritten = false)
    {
        if (value is null) return null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, value[++i]);
                if (IsNonCharacter(codePoint)) return $"U+{codePoint:X4} (a Unicode non-character)";
                continue;
            }

            if (char.IsSurrogate(c)) return $"U+{(int)c:X4} (a lone surrogate)";
            if (char.IsControl(c) && !(layout && c is '\n' or '\r' or '\t')) return $"U+{(int)c:X4} (a control character)";
            // Unicode's own line breaks: a one-line value (a title, a name) holding one would show as two lines.
            if (!layout && c is '\u2028' or '\u2029') return $"U+{(int)c:X4} (a {(c == '\u2028' ? "line" : "paragraph")} separator)";
            if (c == '\uFEFF') return "U+FEFF (a zero-width no-break space or byte order mark)";
            if (IsNonCharacter(c)) return $"U+{(int)c:X4} (a Unicode non-character)";
        }

        return asWritten ? null : BidiControls.LeftOpenIn(value, byLine: layout);
    }

    /// <summary>What no URL may hold besides <see cref="HiddenCharacterIn"/>: any space and any invisible format character (bidi controls, zero-width spaces).</summary>
    public static string? UnprintableInUrl(string? value)
    {
        if (HiddenCharacterIn(value, layout: false) is { } hidden) return hidden;
        foreach (var c in value ?? "")
        {
            if (char.IsWhiteSpace(c)) return $"U+{(int)c:X4} (a space)";
            if (IsBidiControl(c)) return $"U+{(int)c:X4} (a bidirectional control)";
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format) return $"U+{(int)c:X4} (an invisible formatting character)";
        }

        return null;
    }

    /// <summary>The direction marks (LRM, RLM, ALM) and the embeddings, overrides and isolates.</summary>
    public static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u061C';

    private static bool IsNonCharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    [GeneratedRegex("^(?:[a-zA-Z]{2,3})$")]
    private static partial Regex LanguageCodePattern();
}

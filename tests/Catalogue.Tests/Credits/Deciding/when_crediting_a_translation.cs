using Catalogue.Api.Credits;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Support.RecordLives;

namespace Catalogue.Tests.Credits.Deciding;

/// <summary>A translation is credited, numbered by the version that credits it, then corrected or withdrawn by number.</summary>
public sealed class when_crediting_a_translation
{
    private static readonly TranslationCredited ByWolff = new(2, "en", ["David Wolff"], "Translated by David Wolff");

    private static readonly CatalogueRecord Credited = ARecord(ByWolff);

    [Fact]
    public void a_translation_is_credited_with_its_translators_trimmed_once_each() =>
        CreditTranslationEndpoint.Decide(new CreditTranslation("en", [" David Wolff ", "David Wolff"], " Translated by David Wolff "), ARecord())
            .ShouldAppend(ByWolff);

    [Fact]
    public void a_translator_typed_in_another_letter_case_is_credited_once_as_first_typed() =>
        CreditTranslationEndpoint.Decide(new CreditTranslation("en", ["David Wolff", " David Wolff ", "david wolff"], "Translated by David Wolff"), ARecord())
            .ShouldAppend(ByWolff);

    [Fact]
    public void a_translator_typed_with_a_combining_accent_is_credited_once_in_composed_letters()
    {
        CreditTranslationEndpoint.Decide(new CreditTranslation("en", ["Gary Goldberg", "Sergey Radchenko", "Sergey Radc\u030Cenko", "Sergey Radčenko"], "Translated"), ARecord())
            .ShouldAppend(new TranslationCredited(2, "en", ["Gary Goldberg", "Sergey Radchenko", "Sergey Radčenko"], "Translated"));
        CorrectTranslationCreditEndpoint.Decide(2, new CorrectTranslationCredit("Spelling", null, ["Da\u0301vid Wolff", "Dávid Wolff"], null), Credited)
            .ShouldAppend(new TranslationCreditCorrected(2, "en", ["Dávid Wolff"], "Translated by David Wolff"));
    }

    [Fact]
    public void the_same_credit_again_changes_nothing() =>
        CreditTranslationEndpoint.Decide(new CreditTranslation("en", ["David Wolff"], "Translated by David Wolff"), Credited).ShouldChangeNothing();

    [Fact]
    public void a_correction_of_the_credit_line_alone_keeps_the_language_and_translators() =>
        CorrectTranslationCreditEndpoint.Decide(2, new CorrectTranslationCredit("Credit line as printed", null, null, "Translated for CWIHP by David Wolff"), Credited)
            .ShouldAppend(new TranslationCreditCorrected(2, "en", ["David Wolff"], "Translated for CWIHP by David Wolff"));

    [Fact]
    public void a_correction_of_the_translators_alone_keeps_the_credit_line() =>
        CorrectTranslationCreditEndpoint.Decide(2, new CorrectTranslationCredit("Second translator", null, ["David Wolff", " Sergey Radchenko "], null), Credited)
            .ShouldAppend(new TranslationCreditCorrected(2, "en", ["David Wolff", "Sergey Radchenko"], "Translated by David Wolff"));

    [Fact]
    public void a_correction_to_what_the_credit_says_changes_nothing() =>
        CorrectTranslationCreditEndpoint.Decide(2, new CorrectTranslationCredit("Checked", "en", ["David Wolff"], null), Credited).ShouldChangeNothing();

    [Fact]
    public void a_correction_of_a_translation_the_record_does_not_have_is_refused() =>
        CorrectTranslationCreditEndpoint.Decide(5, new CorrectTranslationCredit("Checked", "de", null, null), Credited).ShouldBeRefused("number");

    [Fact]
    public void a_translation_is_withdrawn_by_its_number() =>
        WithdrawTranslationEndpoint.Decide(2, Credited).ShouldAppend(new TranslationWithdrawn(2));

    [Fact]
    public void withdrawing_a_translation_the_record_does_not_have_is_refused() =>
        WithdrawTranslationEndpoint.Decide(2, ARecord()).ShouldBeRefused("number");
}

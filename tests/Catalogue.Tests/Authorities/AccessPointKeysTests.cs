using Catalogue.Api.Authorities;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// Which spellings the authorities, search and the reports take for one name: those that differ only in what an
/// archivist does not mean as a difference — letter case, accents, punctuation, spacing — and never two names.
/// </summary>
public sealed class AccessPointKeysTests
{
    [Theory]
    [InlineData("Zhou En-lai", "ZHŌU EN LAI")]
    [InlineData("Хрущёв Н.С.", "ХРУЩЕВ Н С")]
    [InlineData("Kovács, István", "kovacs istvan")]
    [InlineData("Johann Strauß", "JOHANN STRAUSS")]
    [InlineData("Johann Strauß", "JOHANN STRAUẞ")]
    [InlineData("Οδυσσέας Ελύτης", "ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ")]
    [InlineData("𝐙𝐡𝐨𝐮 𝐄𝐧𝐥𝐚𝐢", "Zhou Enlai")]
    [InlineData("مُحَمَّد", "محمد")] // Arabic written with its vowel points and without
    [InlineData("שָׁלוֹם", "שלום")] // Hebrew likewise
    [InlineData("葛\U000E0100飾", "葛飾")] // a variation selector draws the ideograph otherwise, nothing more
    [InlineData("ﾄﾞｲﾂ", "ドイツ")] // half-width kana
    public void spellings_of_one_name_are_one_key(string written, string otherwise)
    {
        Assert.Equal(AccessPointKeys.Fold(written), AccessPointKeys.Fold(otherwise));
    }

    [Theory]
    [InlineData("𠮷田 太郎", "𡈽田 太郎")] // letters beyond the Basic Multilingual Plane
    [InlineData("𠮷田 太郎", "田 太郎")]
    [InlineData("Майский", "Маиский")] // й is a letter of its own
    [InlineData("ドイツ", "トイツ")] // kana's voicing mark makes another letter
    [InlineData("ブッシュ", "プッシュ")]
    [InlineData("मोहन", "मेहन")] // Devanagari's vowel signs
    [InlineData("मुकेश", "मकेश")]
    [InlineData("क़ासिम", "कासिम")] // the nukta makes qa of ka
    [InlineData("สมชาย", "สมชัย")] // Thai's vowel marks
    public void different_names_are_different_keys(string one, string other)
    {
        Assert.NotEqual(AccessPointKeys.Fold(one), AccessPointKeys.Fold(other));
    }

    [Theory]
    [InlineData("𠮷")]
    [InlineData("मोहन")]
    [InlineData("ド")]
    public void a_name_of_such_letters_alone_has_a_key(string name)
    {
        Assert.NotEqual("", AccessPointKeys.Fold(name));
    }

    [Fact]
    public void a_name_of_devanagari_is_one_word_not_split_at_its_vowel_signs()
    {
        Assert.Equal("मोहनदास गांधी", AccessPointKeys.Fold("मोहनदास  गांधी"));
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Catalogue.Api.Authorities;

/// <summary>The kinds of access point the catalogue keeps an authority of.</summary>
public static class AccessPointKinds
{
    public const string Person = "person";
    public const string Place = "place";
    public const string Subject = "subject";
}

/// <summary>
/// How a name written on records is folded into the key the authorities match it by, and the id each key gets.
/// Folding forgets what archivists do not mean as a difference: letter case, diacritics (Zhōu = Zhou), ё/е, and
/// punctuation and spacing ("Chou En-lai" = "Chou En lai"). Letter case is folded in full, as Unicode folds it where
/// one letter's other case is two letters or another letter: ß is ss (a typed telegram writes "STRAUSS" for Strauß),
/// and the Greek final ς is σ ("ΟΔΥΣΣΕΥΣ" is "Οδυσσευς"). It keeps й apart from и: in Russian they are different
/// letters, not one letter with an accent; and the marks of scripts in which a mark makes another letter
/// (<see cref="MarksAreAccents"/>).
/// </summary>
public static class AccessPointKeys
{
    /// <summary>The folded key of <paramref name="name"/>; empty when it holds no letter or digit.</summary>
    public static string Fold(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        Span<char> lowered = stackalloc char[2];
        // The letter a combining mark follows; none after spacing.
        var letter = -1;
        // By code point, not by UTF-16 unit: a letter beyond the Basic Multilingual Plane (𠮷, 𡈽: CJK Extension B,
        // which Chinese and Japanese names are written with) is two units, neither of them a letter, so read by unit it
        // was taken for spacing and "𠮷 Taro" was one name with "𡈽 Taro" and with "Taro".
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                // The breve of й (и + U+0306) stays; the other marks of a letter whose marks are accents go (the diaeresis
                // of ё among them), and a mark that makes another letter stays.
                if (rune.Value == '\u0306' && folded.Length > 0 && folded[^1] == 'и') folded.Append('\u0306');
                else if (letter >= 0 && !MarksAreAccents(letter) && !IsVariationSelector(rune.Value)) folded.Append(lowered[..rune.EncodeToUtf16(lowered)]);
                continue;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                space = false;
                letter = rune.Value;
                var lower = Rune.ToLowerInvariant(rune);
                if (lower.Value == 'ß') folded.Append("ss");
                else if (lower.Value == 'ς') folded.Append('σ');
                else folded.Append(lowered[..lower.EncodeToUtf16(lowered)]);
            }
            else
            {
                space = true;
                letter = -1;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Whether the combining marks a letter of this script bears are accents a name is also written without (Zhōu, Zhou;
    /// Ёжов, Ежов; and the vowel points of Hebrew and Arabic): Latin, Greek, Cyrillic, Hebrew, Arabic, and digits. In
    /// other scripts a mark makes another letter — Japanese kana's voicing marks (ト, ド), the vowel signs of Devanagari,
    /// Thai and the other scripts of South and Southeast Asia (मोहन, मेहन) — and stays.
    /// </summary>
    private static bool MarksAreAccents(int letter) => letter switch
    {
        <= 0x058F => true, // Latin, IPA, Greek, Cyrillic, Armenian
        <= 0x05FF => true, // Hebrew
        <= 0x08FF => letter is <= 0x06FF or >= 0x0750 and <= 0x077F or >= 0x0870, // Arabic, not Syriac or Thaana
        >= 0x1C80 and <= 0x1C8F => true, // Cyrillic Extended-C
        >= 0x1D00 and <= 0x1FFF => true, // phonetic extensions, Latin Extended Additional, Greek Extended
        >= 0x2C60 and <= 0x2C7F => true, // Latin Extended-C
        >= 0x2DE0 and <= 0x2DFF => true, // Cyrillic Extended-A
        >= 0xA640 and <= 0xA69F => true, // Cyrillic Extended-B
        >= 0xA720 and <= 0xA7FF => true, // Latin Extended-D
        >= 0xAB30 and <= 0xAB6F => true, // Latin Extended-E
        >= 0xFB00 and <= 0xFDFF => true, // Latin and Hebrew presentation forms, Arabic Presentation Forms-A
        >= 0xFE70 and <= 0xFEFF => true, // Arabic Presentation Forms-B
        _ => false,
    };

    /// <summary>A variation selector chooses how a letter is drawn (a CJK ideograph's variant glyph), never another letter.</summary>
    private static bool IsVariationSelector(int mark) => mark is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF or >= 0x180B and <= 0x180D;

    /// <summary>
    /// The id of the access point of <paramref name="kind"/> whose folded key is <paramref name="key"/>: derived from
    /// them, so a rebuild from the events gives every authority the id it had, and a person's stream of authority events
    /// is found from a name alone. A version 8 (custom) UUID, the first bytes of the SHA-256 of kind and key.
    /// </summary>
    public static Guid IdOf(string kind, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{key}"), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// What a read model's table is commented with once the names it keeps are folded as this version folds them
    /// (<see cref="Fold"/>): by character, letters beyond the Basic Multilingual Plane kept, letter case folded in full,
    /// the marks that make another letter kept.
    /// </summary>
    public const string FoldedByCharacter = "names folded by character, case folded in full, marks that make letters kept";

    /// <summary>What an earlier version did otherwise than <see cref="Fold"/> does, for the log of a read model made again.</summary>
    public const string FoldedOtherwise =
        "took a letter beyond the Basic Multilingual Plane (𠮷) in a name for a space, kept ß and ς, and took away the marks that make kana and Indian letters";

    /// <summary>
    /// Which documents an earlier version folded names of otherwise: those where <paramref name="names"/>, an SQL
    /// expression of their names, holds a character beyond the Basic Multilingual Plane (that version took it for a
    /// space), ß, ẞ or ς (it kept them as they were), or a letter of a script whose marks it took away or for spaces:
    /// kana, and the scripts from Syriac to Mongolian, those of South and Southeast Asia among them (a few whose letters
    /// bear no mark, Georgian or Ethiopic, are made again for nothing).
    /// </summary>
    public static Audit.ShapeBefore FoldedOtherwiseBefore(string? shape, string names) =>
        new(shape, $@"({names})::text ~ '[\u0700-\u1CFF\u3040-\u30FF\uA800-\uABFF\uFF65-\uFF9F\U00010000-\U0010FFFFßẞς]'");

    public static Guid PersonIdOf(string name) => IdOf(AccessPointKinds.Person, Fold(name));
}

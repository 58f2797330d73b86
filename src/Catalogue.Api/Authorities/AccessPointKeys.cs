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
/// letters, not one letter with an accent.
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
        // By code point, not by UTF-16 unit: a letter beyond the Basic Multilingual Plane (𠮷, 𡈽: CJK Extension B,
        // which Chinese and Japanese names are written with) is two units, neither of them a letter, so read by unit it
        // was taken for spacing and "𠮷 Taro" was one name with "𡈽 Taro" and with "Taro".
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                // The breve of й (и + U+0306) stays; every other mark goes, the diaeresis of ё among them.
                if (rune.Value == '\u0306' && folded.Length > 0 && folded[^1] == 'и') folded.Append('\u0306');
                continue;
            }

            if (Rune.IsLetterOrDigit(rune))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                space = false;
                var lower = Rune.ToLowerInvariant(rune);
                if (lower.Value == 'ß') folded.Append("ss");
                else if (lower.Value == 'ς') folded.Append('σ');
                else folded.Append(lowered[..lower.EncodeToUtf16(lowered)]);
            }
            else
            {
                space = true;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

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
    /// (<see cref="Fold"/>): by character, letters beyond the Basic Multilingual Plane kept, letter case folded in full.
    /// </summary>
    public const string FoldedByCharacter = "names folded by character, case folded in full";

    /// <summary>
    /// Which documents an earlier version folded names of otherwise: those where <paramref name="names"/>, an SQL
    /// expression of their names, holds a character beyond the Basic Multilingual Plane (that version took it for a
    /// space), ß, ẞ or ς (it kept them as they were).
    /// </summary>
    public static Audit.ShapeBefore FoldedOtherwiseBefore(string? shape, string names) => new(shape, $"({names})::text ~ '[\U00010000-\U0010FFFFßẞς]'");

    public static Guid PersonIdOf(string name) => IdOf(AccessPointKinds.Person, Fold(name));
}

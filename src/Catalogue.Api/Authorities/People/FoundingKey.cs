using System.Globalization;
using System.Text;

namespace Catalogue.Api.Authorities.People;

/// <summary>
/// The key a person's stream was named by when a version that folded names otherwise began it. A stream's id is derived
/// from the key of the name it began under (<see cref="AccessPointKeys.PersonIdOf"/>), and versions before names were
/// folded by character took "𠮷田 太郎" for "田 太郎": a stream they began for 𠮷田 太郎 has the id of 田 太郎's key. That
/// key stays the person's — as the earlier version counted 田 太郎's records for them — so the id answers the one person
/// it always did, and no other person is given it (an archivist's decision about 田 太郎 was refused, the stream being at
/// a version of another's).
/// </summary>
public static class FoundingKey
{
    /// <summary>The key an earlier version derived <paramref name="streamId"/> from <paramref name="name"/> by, when this version folds the name otherwise; else null.</summary>
    public static string? Of(Guid streamId, string name)
    {
        if (AccessPointKeys.PersonIdOf(name) == streamId) return null;
        var earlier = FoldedByUnit(name);
        return earlier.Length > 0 && AccessPointKeys.IdOf(AccessPointKinds.Person, earlier) == streamId ? earlier : null;
    }

    /// <summary>
    /// How versions up to 2026-12-07 folded a name (<see cref="AccessPointKeys.Fold"/> as it was then): by UTF-16 unit,
    /// case by simple mapping, every non-spacing mark but й's breve taken away. Kept only to know the ids they derived.
    /// </summary>
    private static string FoldedByUnit(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        var space = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                if (c == '\u0306' && folded.Length > 0 && folded[^1] == 'и') folded.Append(c);
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (space && folded.Length > 0) folded.Append(' ');
                space = false;
                folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                space = true;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }
}

using System.Text;

namespace Catalogue.Api.Records;

/// <summary>
/// How a record's subjects and places are kept and told apart: one term whatever its letter case or the Unicode form
/// it was typed in — "é" as one character, or as "e" and a combining accent, as a Mac's keyboard or a PDF gives it.
/// A record tagged both ways held two subjects that read alike, and removing one left the other.
/// </summary>
public static class AccessTerms
{
    /// <summary>Equal when the two are one term: the same text in its composed form (NFC), in any letter case.</summary>
    public static readonly IEqualityComparer<string> Same = new SameTerm();

    /// <summary>The term as the record keeps it: trimmed, composed (NFC).</summary>
    public static string AsKept(string term) => Composed(term.Trim());

    /// <summary>The terms as the record keeps them, each once.</summary>
    public static List<string> AsKept(IEnumerable<string> terms) => terms.Select(AsKept).Distinct(Same).ToList();

    private static string Composed(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Half a surrogate pair: never let through by the commands' rules, but an event is folded as it was stored.
            return text;
        }
    }

    private sealed class SameTerm : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && StringComparer.OrdinalIgnoreCase.Equals(Composed(x), Composed(y)));

        public int GetHashCode(string term) => StringComparer.OrdinalIgnoreCase.GetHashCode(Composed(term));
    }
}

using System.Text;

namespace Catalogue.Api.Records;

/// <summary>
/// How a record's access points are kept and told apart. A subject or place is one term whatever its letter case or the
/// Unicode form it was typed in — "é" as one character, or as "e" and a combining accent, as a Mac's keyboard or a PDF
/// gives it: a record tagged both ways held two subjects that read alike, and removing one left the other. A person's
/// or a funder's name is kept in composed letters too, so «Андрей» typed either way is one person on a record; its letter case is
/// kept as first typed, as the archivist spelled the name, but names in one list that differ only in letter case are one
/// person (a translation credited to "David Wolff" and "david wolff" was counted under both names in the reports).
/// </summary>
public static class AccessTerms
{
    /// <summary>Equal when the two are one term: the same text in its composed form (NFC), in any letter case.</summary>
    public static readonly IEqualityComparer<string> Same = new SameTerm();

    /// <summary>The term as the record keeps it: trimmed, composed (NFC).</summary>
    public static string AsKept(string term) => Composed(term.Trim());

    /// <summary>The terms as the record keeps them, each once.</summary>
    public static List<string> AsKept(IEnumerable<string> terms) => terms.Select(AsKept).Distinct(Same).ToList();

    /// <summary>A person's name as the record keeps it: trimmed, composed (NFC).</summary>
    public static string AsKeptName(string name) => Composed(name.Trim());

    /// <summary>The names as the record keeps them, each once in any letter case, as first typed.</summary>
    public static List<string> AsKeptNames(IEnumerable<string> names) => names.Select(AsKeptName).Distinct(Same).ToList();

    /// <summary>
    /// The people as the record keeps them, each once (name and role in any letter case), as first typed: their names and
    /// roles trimmed and composed, a blank role none.
    /// </summary>
    public static List<Person> AsKept(IEnumerable<Person> people) =>
        people.Select(p => new Person(AsKeptName(p.Name), string.IsNullOrWhiteSpace(p.Role) ? null : AsKeptName(p.Role))).Distinct(SamePerson).ToList();

    private static readonly IEqualityComparer<Person> SamePerson = EqualityComparer<Person>.Create(
        (x, y) => ReferenceEquals(x, y) || (x is not null && y is not null && Same.Equals(x.Name, y.Name) && (x.Role is null ? y.Role is null : y.Role is not null && Same.Equals(x.Role, y.Role))),
        p => HashCode.Combine(Same.GetHashCode(p.Name), p.Role is null ? 0 : Same.GetHashCode(p.Role)));

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

namespace Catalogue.Api.Validation;

/// <summary>Values chosen from a fixed list (states, orders, kinds, event types), as a query or a path names them.</summary>
public static class Vocabulary
{
    /// <summary>The term of <paramref name="terms"/> that <paramref name="given"/> names in any letter case ("Published"), or null when it names none.</summary>
    public static string? Named(IEnumerable<string> terms, string? given) =>
        given is null ? null : terms.FirstOrDefault(term => term.Equals(given, StringComparison.OrdinalIgnoreCase));
}

namespace Catalogue.Citations;

/// <summary>
/// Reads archival citations as archivists write them — Russian fond/opis/delo/folios in Latin or Cyrillic, PRC file numbers,
/// SAPMO-BArch signatures, Hungarian and Romanian shapes, US FRUS source notes, published books — into references.
/// One hand-written pass over tokens: linear time, no regular expressions, never throws.
/// </summary>
public static class CitationParser
{
    /// <summary>Bump when the output for any input changes; every stored parse records the version that made it.</summary>
    public const string Version = "1.1.0";

    private static readonly CitationParse Nothing = new(Version, [], []);

    [ThreadStatic]
    private static CitationReader? reader;

    /// <summary>Every reference the citation names, and every part of it that could not be interpreted.</summary>
    public static CitationParse Parse(string? citation) => Read(citation, null);

    /// <summary>
    /// Folios typed on their own as a citation writes them, tidied as the parser tidies a citation's: "ll. 81-85" →
    /// "81-85", "l. 12 ob." → "12ob", "92-93 об." → "92-93ob" (with or without the leaf's abbreviation); null when the
    /// text is not folios and nothing else ("unnumbered", "ll. 1-5 (copy)").
    /// </summary>
    public static string? TidyFolios(string? folios)
    {
        if (string.IsNullOrWhiteSpace(folios)) return null;
        return FoliosAlone(Parse(folios)) ?? FoliosAlone(Parse("ll. " + folios));

        static string? FoliosAlone(CitationParse parse) =>
            parse is { Unparsed.Count: 0, References: [{ Folios: { } tidied } only] } && only with { Raw = "" } == new ParsedReference { Folios = tidied, Raw = "" } ? tidied : null;
    }

    /// <summary>Whether the text begins with a word that names leaves ("ll.", "l.", "Л.", "fols.", "listy"), as folios kept as typed may.</summary>
    public static bool BeginsWithLeaves(string folios)
    {
        var start = 0;
        while (start < folios.Length && char.IsWhiteSpace(folios[start])) start++;
        var end = start;
        while (end < folios.Length && char.IsLetter(folios[end])) end++;
        return end > start && Vocabulary.TryKey(folios.AsSpan(start, end - start), out var field, out _) && field == Field.Folios;
    }

    internal static CitationParse Read(string? citation, ParseTrace? trace)
    {
        if (string.IsNullOrWhiteSpace(citation))
        {
            return Nothing;
        }

        var current = reader ?? new CitationReader();
        reader = null; // a reader is never shared, even if a parse were to re-enter
        try
        {
            var parse = current.Read(citation, trace);
            reader = current;
            return parse;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug must not lose the citation: keep all of it, say so, and let the next parse start afresh.
            trace?.Fragments.Add((0, citation.Length));
            return new CitationParse(Version, [], [new UnparsedFragment(citation, UnparsedReasons.ParserFailure)]);
        }
    }
}

/// <summary>Where in the citation each reference and fragment came from; lets tests prove nothing was dropped.</summary>
internal sealed class ParseTrace
{
    public List<(int Start, int End)> References { get; } = [];

    public List<(int Start, int End)> Fragments { get; } = [];

    /// <summary>Words read as punctuation between references ("and", "Source:").</summary>
    public List<(int Start, int End)> Consumed { get; } = [];
}

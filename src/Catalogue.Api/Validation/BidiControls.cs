namespace Catalogue.Api.Validation;

/// <summary>
/// The bidirectional embeddings, overrides and isolates a text opens and leaves open. Shown beside other text — in a
/// list, a finding aid, a CSV row, a search hit — one left open turns how everything after the text is shown (found from
/// outside: a title "a\u202Eb" was taken, and a summary's override left open reached the search hits). One closed within
/// the text (an RLE … PDF around a Hebrew phrase) is text as written. A paragraph's end closes whatever it opened
/// (Unicode's bidirectional algorithm), so text with line breaks is looked at a line at a time.
/// </summary>
public static class BidiControls
{
    private const char Pdf = '\u202C', Pdi = '\u2069';

    /// <summary>The first embedding, override or isolate left open, described for a problem detail; null when none is.</summary>
    /// <param name="byLine">Look at each line on its own, as a text with line breaks is shown.</param>
    public static string? LeftOpenIn(string value, bool byLine)
    {
        if (!HoldsAny(value)) return null;
        var lines = byLine ? value.Split(['\n', '\r', '\u2029']) : [value];
        for (var line = 0; line < lines.Length; line++)
        {
            if (LeftOpen(lines[line]) is [var first, ..])
            {
                var where = lines.Length > 1 ? $" at the end of line {line + 1}" : "";
                return $"U+{(int)first:X4} (a {Name(first)} left open{where}, which turns how the text after it is shown)";
            }
        }

        return null;
    }

    /// <summary>What closes every embedding, override and isolate <paramref name="text"/> leaves open, innermost first.</summary>
    public static string Closing(string text)
    {
        if (!HoldsAny(text)) return "";
        var open = LeftOpen(text);
        return string.Concat(Enumerable.Reverse(open).Select(c => IsIsolate(c) ? Pdi : Pdf));
    }

    private static bool HoldsAny(string text) =>
        text.AsSpan().IndexOfAnyInRange('\u202A', '\u202E') >= 0 || text.AsSpan().IndexOfAnyInRange('\u2066', '\u2069') >= 0;

    private static List<char> LeftOpen(string text)
    {
        var open = new List<char>();
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u202A' or '\u202B' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068':
                    open.Add(c);
                    break;
                // A PDF closes the last embedding or override, inside the innermost isolate.
                case Pdf when open.Count > 0 && !IsIsolate(open[^1]):
                    open.RemoveAt(open.Count - 1);
                    break;
                // A PDI closes the innermost isolate, and whatever was opened inside it.
                case Pdi when open.FindLastIndex(IsIsolate) is var isolate and >= 0:
                    open.RemoveRange(isolate, open.Count - isolate);
                    break;
            }
        }

        return open;
    }

    private static bool IsIsolate(char c) => c is '\u2066' or '\u2067' or '\u2068';

    private static string Name(char c) => c switch
    {
        '\u202A' => "left-to-right embedding",
        '\u202B' => "right-to-left embedding",
        '\u202D' => "left-to-right override",
        '\u202E' => "right-to-left override",
        '\u2066' => "left-to-right isolate",
        '\u2067' => "right-to-left isolate",
        _ => "first-strong isolate",
    };
}

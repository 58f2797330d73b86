using System.Net;
using System.Text;
using System.Text.Unicode;

namespace Catalogue.Api.Validation;

/// <summary>
/// Finds the parts of a request's path and query whose percent-encoding does not decode to UTF-8 — <c>K%F6ln</c>, "Köln"
/// written by a client in Latin-1, or <c>%C0%AF</c>. ASP.NET keeps such escapes as they were sent, so the parameter
/// would be read as the literal text <c>K%F6ln</c>: a search that finds nothing, a repository that does not exist,
/// where the client meant something else. They are refused instead, naming the parameter.
/// </summary>
public static class PercentEncoding
{
    /// <summary>The parameters of <paramref name="query"/> (as sent, with or without its <c>?</c>) whose name or value is not UTF-8 once decoded.</summary>
    public static IEnumerable<string> NotUtf8InQuery(string? query)
    {
        // The common case, nothing escaped, costs one scan.
        if (query is null || !query.Contains('%', StringComparison.Ordinal)) yield break;
        foreach (var parameter in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=');
            var name = equals < 0 ? parameter : parameter[..equals];
            if (!DecodesToUtf8(parameter)) yield return Decoded(name.Replace('+', ' '));
        }
    }

    /// <summary>The segments of <paramref name="path"/> (as sent) that are not UTF-8 once decoded, each as ASP.NET decodes it.</summary>
    public static IEnumerable<string> NotUtf8InPath(string? path)
    {
        if (path is null || !path.Contains('%', StringComparison.Ordinal)) yield break;
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!DecodesToUtf8(segment)) yield return Decoded(segment);
        }
    }

    /// <summary>Why the parameter is refused, and how to send it.</summary>
    public static string Refusal(string name) =>
        $"'{name}' is not UTF-8 once its percent-encoding is decoded: encode each character as the bytes of its UTF-8, as "
        + "browsers do ('ö' is %C3%B6, not %F6).";

    /// <summary>Whether the bytes the escapes stand for, with the characters between them, are UTF-8.</summary>
    /// <remarks>A <c>%</c> not followed by two hexadecimal digits is itself, as ASP.NET reads it.</remarks>
    private static bool DecodesToUtf8(string escaped)
    {
        if (!escaped.Contains('%', StringComparison.Ordinal)) return true;
        var sent = Encoding.UTF8.GetBytes(escaped);
        return Utf8.IsValid(WebUtility.UrlDecodeToBytes(sent, 0, sent.Length));
    }

    /// <summary>The text as ASP.NET decodes it: escapes that are not UTF-8 left as they were.</summary>
    private static string Decoded(string escaped) => Uri.UnescapeDataString(escaped);
}

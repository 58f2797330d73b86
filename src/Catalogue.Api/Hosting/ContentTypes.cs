using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The media types the catalogue reads, compared as RFC 9110 says (type, subtype and charset in any letter case),
/// and the 415 that tells a client what to send instead.
/// </summary>
public static class ContentTypes
{
    public const string Json = "application/json";
    public const string PlainText = "text/plain";
    public const string Multipart = "multipart/form-data";

    /// <summary>
    /// True when <paramref name="contentType"/> is <paramref name="mediaType"/> with no charset or one that reads as UTF-8:
    /// the text types the catalogue reads are only ever decoded as UTF-8, so a body declared in another charset — or in
    /// two — is refused rather than misread.
    /// </summary>
    public static bool IsUtf8(string? contentType, string mediaType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase)
        && CharsetsOf(parsed) switch
        {
            [] => true,
            [var charset] => ReadsAsUtf8(charset),
            _ => false,
        };

    /// <summary>Every charset the media type names, unquoted, in the order given (a header may name it twice).</summary>
    public static IReadOnlyList<string> CharsetsOf(MediaTypeHeaderValue mediaType) =>
        // Every command's body is read through here: most name no parameter, and allocate nothing.
        mediaType.Parameters.Count == 0
            ? []
            : mediaType.Parameters
                .Where(parameter => parameter.Name.Equals("charset", StringComparison.OrdinalIgnoreCase))
                .Select(parameter => HeaderUtilities.RemoveQuotes(parameter.Value).Value ?? "")
                .ToList();

    /// <summary>UTF-8 by its name or the alias clients send, or ASCII, whose bytes read the same in UTF-8.</summary>
    public static bool ReadsAsUtf8(string charset) => Utf8Charsets.Contains(charset);

    private static readonly HashSet<string> Utf8Charsets = new(["utf-8", "utf8", "us-ascii", "ascii"], StringComparer.OrdinalIgnoreCase);

    /// <param name="what">What the endpoint reads, as the start of a sentence ("A command", "A page").</param>
    /// <param name="send">The Content-Type to send, as it would be written in the header.</param>
    public static ProblemDetails Unsupported(string? sent, string what, string send) => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Unsupported media type",
        Detail = (send.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
                ? $"{what} is read only as {send}: send Content-Type: {send}. "
                : $"{what} is read only as {send}, in UTF-8: send Content-Type: {send} (with no charset, or charset=utf-8). ")
            + (string.IsNullOrWhiteSpace(sent) ? "The request had no Content-Type." : $"The request was sent as {Quoted(sent)}."),
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
    };

    /// <summary>What the client sent, kept short: it is echoed back, not interpreted.</summary>
    private static string Quoted(string sent) => $"\"{Validation.Echoed.Shortened(sent, most: 100)}\"";
}

using System.Text;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Catalogue.Api.Hosting;

/// <summary>
/// How long a request's line and headers may be: 8 KiB for the line (method, path and query, version), 32 KiB for the
/// headers together and 100 header lines, Kestrel's own defaults. Kestrel refuses a request past its limits with a bare
/// 414 or 431 and no body, before any of the service runs, so a client was never told which limit it passed. Kestrel's
/// limits are set to twice these: a request past them by up to as much again — a bearer token carrying thousands of
/// roles, a query of many long parameters — is refused here, as a problem that names the limit and what was sent. Past
/// twice the limits, Kestrel's bare refusal remains. Header values are read as UTF-8 as Kestrel reads them, but bytes
/// that are not UTF-8 are read as U+FFFD instead of failing the request (another bare 400), and the request is refused
/// here, naming the header.
/// </summary>
public static class RequestHeadLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;

    public const int MaxHeadersBytes = 32 * 1024;

    public const int MaxHeaderLines = 100;

    /// <summary>Kestrel's own reading of header values, but for bytes that are not UTF-8: U+FFFD, for <see cref="HeadersProblem"/> to refuse.</summary>
    private static readonly Encoding HeaderValues = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static void Configure(KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestLineSize = 2 * MaxRequestLineBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeadersBytes;
        kestrel.Limits.MaxRequestHeaderCount = 2 * MaxHeaderLines;
        kestrel.RequestHeaderEncodingSelector = _ => HeaderValues;
    }

    public static async Task EnforceAsync(HttpContext http, RequestDelegate next)
    {
        var refused = LineTooLong(http) ?? HeadersProblem(http);
        if (refused is null)
        {
            await next(http);
            return;
        }

        ClientErrors.Log(http, refused);
        await refused.ToResult().ExecuteAsync(http);
    }

    /// <summary>The request line counted as Kestrel counts it: "GET /path?query HTTP/1.1" and its line break.</summary>
    private static ProblemDetails? LineTooLong(HttpContext http)
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value + http.Request.QueryString.Value;
        var bytes = http.Request.Method.Length + 1 + target.Length + 1 + http.Request.Protocol.Length + 2;
        return bytes <= MaxRequestLineBytes ? null : new ProblemDetails
        {
            Status = StatusCodes.Status414UriTooLong,
            Title = "The request's path and query are too long",
            Detail = $"The request line (method, path and query) may be at most {MaxRequestLineBytes:N0} bytes; this one has {bytes:N0}. "
                + "Ask with fewer or shorter query parameters.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        };
    }

    /// <summary>
    /// The headers read once: each line counted as sent, "Name: value" and its line break, a header given twice once for
    /// each value; then a value holding bytes that are not UTF-8, which <see cref="HeaderValues"/> read as U+FFFD (so is
    /// a U+FFFD sent as such: in a header it can only stand for something lost on the way). A NUL Kestrel refuses itself.
    /// </summary>
    private static ProblemDetails? HeadersProblem(HttpContext http)
    {
        var bytes = 0;
        var lines = 0;
        var largest = (Name: "", Bytes: 0);
        string? notUtf8 = null;
        foreach (var (name, values) in http.Request.Headers)
        {
            foreach (var value in values)
            {
                // Values are read as UTF-8: a letter past ASCII is two to four bytes on the wire.
                var line = name.Length + 2 + Encoding.UTF8.GetByteCount(value ?? "") + 2;
                bytes += line;
                lines++;
                if (line > largest.Bytes) largest = (name, line);
                if (notUtf8 is null && value is not null && value.Contains('\uFFFD', StringComparison.Ordinal)) notUtf8 = name;
            }
        }

        if (lines > MaxHeaderLines)
        {
            return HeadersRefused("The request has too many headers", $"A request may carry at most {MaxHeaderLines} header lines; this one has {lines}.");
        }

        if (bytes > MaxHeadersBytes)
        {
            return HeadersRefused(
                "The request's headers are too large",
                $"The headers may be at most {MaxHeadersBytes:N0} bytes together; these have {bytes:N0}, of which "
                    + $"'{Echoed.Shortened(largest.Name)}' has {largest.Bytes:N0}.");
        }

        return notUtf8 is null ? null : Problems.BadRequest(
            "A request header is not UTF-8 text",
            $"The header '{Echoed.Shortened(notUtf8)}' holds bytes that are not UTF-8 (or the replacement character U+FFFD). "
                + "Header values are ASCII text, or UTF-8 where a header allows more.");
    }

    private static ProblemDetails HeadersRefused(string title, string detail) => new()
    {
        Status = StatusCodes.Status431RequestHeaderFieldsTooLarge,
        Title = title,
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc6585#section-5",
    };
}

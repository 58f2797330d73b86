using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A full text served whole or by a byte range (RFC 9110 §14): a client that lost a long text halfway asks for the rest
/// with <c>Range: bytes=N-</c>, naming in <c>If-Range</c> the ETag of what it has, and is sent the rest only if the text
/// is still that one — the whole of it otherwise, so a corrected text is never spliced onto the old one. Written here
/// rather than left to ASP.NET's file results, which answer a range past the end with a bare 416 and, without a
/// validator of theirs, would honour an <c>If-Range</c> that names another text.
/// </summary>
public static class TextRanges
{
    public const string ContentType = "text/plain; charset=utf-8";

    /// <summary>
    /// The text's bytes as the request asks for them: 206 with the range, 416 as a problem when the range starts past
    /// the end, else 200 with all of it. A Range that cannot be read, asks for several ranges, counts in another unit, or
    /// comes with an <c>If-Range</c> that does not name <paramref name="etag"/> is passed over, as RFC 9110 lets a
    /// server do, and the whole text is sent. The caller has answered <c>If-None-Match</c> already.
    /// </summary>
    /// <param name="etag">The text's strong ETag, quoted.</param>
    public static IResult Serve(HttpContext http, byte[] bytes, string etag)
    {
        http.Response.Headers.AcceptRanges = "bytes";
        var request = http.Request.GetTypedHeaders();
        if (AskedRange(http.Request, request, etag) is not { } range) return Results.Bytes(bytes, ContentType);

        var length = bytes.LongLength;
        if (Within(range, length) is not { } span)
        {
            http.Response.Headers.ContentRange = new ContentRangeHeaderValue(length).ToString();
            return Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status416RangeNotSatisfiable,
                Title = "Range not satisfiable",
                Detail = $"The text is {length:N0} bytes long, so '{http.Request.Headers.Range}' asks for none of it: ask for bytes from 0 to {length - 1} (bytes=N- for the rest from N on), or send no Range for the whole text.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.17",
                Extensions = { ["bytes"] = length },
            });
        }

        http.Response.StatusCode = StatusCodes.Status206PartialContent;
        http.Response.Headers.ContentRange = new ContentRangeHeaderValue(span.From, span.To, length).ToString();
        return Results.Bytes(bytes.AsMemory((int)span.From, (int)(span.To - span.From + 1)), ContentType);
    }

    /// <summary>The one byte range asked for, when it is to be honoured.</summary>
    private static RangeItemHeaderValue? AskedRange(HttpRequest http, RequestHeaders request, string etag)
    {
        // GET is the one method ranges are defined for (RFC 9110 §14.2): a HEAD is answered as the whole text's GET.
        if (!HttpMethods.IsGet(http.Method)) return null;
        if (http.Headers.Range is not [{ } raw] || raw.Contains(',')) return null;
        if (!RangeHeaderValue.TryParse(raw, out var range) || !string.Equals(range.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase)) return null;
        if (range.Ranges.Count != 1) return null;

        // A date never matches: the texts have no Last-Modified to compare it with. A weak tag never does either.
        if (http.Headers.IfRange.Count > 0)
        {
            if (http.Headers.IfRange.Count > 1 || request.IfRange?.EntityTag is not { } named) return null;
            if (!named.Compare(new EntityTagHeaderValue(etag), useStrongComparison: true)) return null;
        }

        return range.Ranges.Single();
    }

    /// <summary>The first and last byte of <paramref name="range"/> in a text of <paramref name="length"/> bytes; null when none is in it.</summary>
    private static (long From, long To)? Within(RangeItemHeaderValue range, long length)
    {
        if (range.From is { } from) return from < length ? (from, Math.Min(range.To ?? long.MaxValue, length - 1)) : null;
        // bytes=-N: the last N bytes.
        return range.To is > 0 and var suffix && length > 0 ? (length - Math.Min(suffix, length), length - 1) : null;
    }
}

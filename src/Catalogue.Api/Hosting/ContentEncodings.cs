using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The catalogue reads request bodies as they are sent, not compressed: a body declared gzip, br, deflate or anything
/// but identity is refused with 415 and <c>Accept-Encoding: identity</c>, as RFC 9110 §15.5.16 asks. Before this, the
/// header was ignored: a body that said gzip and was not was read as plain, and one that was gzip was refused as not
/// being UTF-8 — an answer that sent its client looking in the wrong place.
/// </summary>
public static class ContentEncodings
{
    public static async Task RefuseCodedBodiesAsync(HttpContext http, RequestDelegate next)
    {
        var declared = http.Request.Headers.ContentEncoding;
        if (declared.Count == 0 || declared.All(IsIdentity) || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            await next(http);
            return;
        }

        var sent = string.Join(", ", declared.ToArray());
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Unsupported content coding",
            Detail = $"Request bodies are read as sent, without a content coding: send the body uncompressed, without Content-Encoding. The request was sent as Content-Encoding: \"{(sent.Length > 100 ? sent[..100] + "…" : sent)}\".",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        };
        ClientErrors.Log(http, problem);
        http.Response.Headers[HeaderNames.AcceptEncoding] = "identity";
        await problem.ToResult().ExecuteAsync(http);
    }

    /// <summary>A header value may list codings ("identity, identity"); each must be identity.</summary>
    private static bool IsIdentity(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(coding => string.Equals(coding, "identity", StringComparison.OrdinalIgnoreCase));
}

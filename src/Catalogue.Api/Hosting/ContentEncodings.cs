using Catalogue.Api.Interop.Bulk;
using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The catalogue reads request bodies as they are sent, not compressed — except the bulk imports (JSON lines, CSV),
/// whose files of hundreds of MB shrink about tenfold, which may be sent gzip (<see cref="CheckedGzipStream"/>; deflate
/// and br are not read: .NET's decoders take a body cut off for a shorter one, and gzip's trailer is what shows it).
/// Any other body declared coded is refused with 415 and the <c>Accept-Encoding</c> of what the route reads, as RFC
/// 9110 §15.5.16 asks. Before this, the header was ignored: a body that said gzip and was not was read as plain, and one
/// that was gzip was refused as not being UTF-8 — an answer that sent its client looking in the wrong place.
/// </summary>
public static class ContentEncodings
{
    private static readonly string[] BulkImportRoutes = [ImportJsonLinesEndpoint.Route, ImportCsvEndpoint.Route];
    private static readonly string[] Decoded = ["gzip", "x-gzip"];

    public static async Task RefuseCodedBodiesAsync(HttpContext http, RequestDelegate next)
    {
        var declared = http.Request.Headers.ContentEncoding;
        if (declared.Count == 0 || declared.All(IsIdentity) || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || (AcceptsCodedBody(http.Request) && CodingOf(http.Request) is not null))
        {
            await next(http);
            return;
        }

        var sent = string.Join(", ", declared.ToArray());
        var accepted = AcceptsCodedBody(http.Request) ? "gzip, identity" : "identity";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Title = "Unsupported content coding",
            Detail = (accepted == "identity"
                    ? "Request bodies are read as sent, without a content coding: send the body uncompressed, without Content-Encoding."
                    : "A bulk import's body is read uncompressed, or compressed once with gzip.")
                + $" The request was sent as Content-Encoding: \"{(sent.Length > 100 ? sent[..100] + "…" : sent)}\".",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        };
        ClientErrors.Log(http, problem);
        http.Response.Headers[HeaderNames.AcceptEncoding] = accepted;
        await problem.ToResult().ExecuteAsync(http);
    }

    /// <summary>The one content coding the body is declared in (gzip), or null: none, identity, or one not read.</summary>
    public static string? CodingOf(HttpRequest request)
    {
        var codings = request.Headers.ContentEncoding.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(c => !string.Equals(c, "identity", StringComparison.OrdinalIgnoreCase)).ToList();
        return codings is [var only] && Decoded.FirstOrDefault(d => string.Equals(d, only, StringComparison.OrdinalIgnoreCase)) is { } known ? known : null;
    }

    /// <summary>The body as sent, decoded from its content coding when it has one.</summary>
    public static Stream Decoding(HttpRequest request, Stream body, int maxExpansion) =>
        CodingOf(request) is null ? body : new CheckedGzipStream(body, maxExpansion);

    /// <summary>
    /// What to answer when a body could not be decoded from its coding: cut off or not gzip (400), or decoding to far more
    /// than any catalogue's lines do (413); null for any other failure.
    /// </summary>
    public static ProblemDetails? DecodingProblem(Exception failure, HttpRequest request) => failure switch
    {
        GzipExpansionException bomb => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The body decodes to too much",
            Detail = $"{bomb.Message} Catalogue lines shrink far less; send such a file uncompressed, or raise Catalogue:Imports:MaxGzipExpansion ({bomb.MaxExpansion}).",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        },
        InvalidDataException undecodable => new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The body is not what its Content-Encoding says",
            Detail = $"The body cannot be decoded as {CodingOf(request)}: {undecodable.Message} Send it whole in that coding, or uncompressed without Content-Encoding.",
            Type = "https://tools.ietf.org/html/rfc9110#section-8.4",
        },
        _ => null,
    };

    private static bool AcceptsCodedBody(HttpRequest request) =>
        BulkImportRoutes.Any(route => string.Equals(request.Path.Value?.TrimEnd('/'), route, StringComparison.OrdinalIgnoreCase));

    /// <summary>A header value may list codings ("identity, identity"); each must be identity.</summary>
    private static bool IsIdentity(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(coding => string.Equals(coding, "identity", StringComparison.OrdinalIgnoreCase));
}

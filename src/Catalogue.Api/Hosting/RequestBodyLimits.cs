using Catalogue.Api.Imports;
using Catalogue.Api.Records.Writing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Catalogue.Api.Hosting;

/// <summary>
/// How large a request body may be: 8 MiB for every command, and the configured limits for the endpoints that read
/// their bodies as streams (a batch of archive pages, a bulk import), which never hold more than a page or a run of lines in memory.
/// </summary>
public static class RequestBodyLimits
{
    public const long MaxCommandBodyBytes = 8 * 1024 * 1024;

    /// <summary>A request whose body the endpoint reads as a stream: nothing may buffer it before the endpoint does.</summary>
    public static bool IsStreamed(HttpContext http) => IsPostTo(http, ImportBatchEndpoint.Route) || IsBulkImport(http);

    private static bool IsBulkImport(HttpContext http) =>
        IsPostTo(http, Interop.Bulk.ImportJsonLinesEndpoint.Route) || IsPostTo(http, Interop.Bulk.ImportCsvEndpoint.Route);

    private static bool IsPostTo(HttpContext http, string route) =>
        HttpMethods.IsPost(http.Request.Method) && string.Equals(http.Request.Path.Value?.TrimEnd('/'), route, StringComparison.OrdinalIgnoreCase);

    public static long MaxBytesFor(HttpContext http) =>
        !IsStreamed(http) ? MaxCommandBodyBytes
        : IsBulkImport(http) ? http.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBulkImportBytes
        : http.RequestServices.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBatchBytes;

    /// <summary>
    /// Sets the server's limit for this request (Kestrel refuses a body that grows past it while it is read) and
    /// refuses a declared length past it at once. Kestrel counts a chunked body's framing too — each chunk's size line
    /// and line breaks — so a body within the limit sent in 64 KiB chunks, as curl sends a file, was refused once it came
    /// within about 2 KiB of it: the server's limit leaves an eighth more for framing (chunks of 80 bytes and more), and
    /// what reads the body counts the body alone (<see cref="LimitedRequestBody"/>, or a page's own reading).
    /// </summary>
    public static async Task EnforceAsync(HttpContext http, RequestDelegate next)
    {
        var maxBytes = MaxBytesFor(http);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes + maxBytes / 8;
        if (http.Request.ContentLength > maxBytes)
        {
            var tooLarge = Problems.TooLarge(maxBytes);
            ClientErrors.Log(http, tooLarge, $"Content-Length: {http.Request.ContentLength}");
            await tooLarge.ToResult().ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}

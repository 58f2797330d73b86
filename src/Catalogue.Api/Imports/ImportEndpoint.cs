using Catalogue.Api.Records.Writing;
using Wolverine.Http;

namespace Catalogue.Api.Imports;

public static class ImportEndpoint
{
    public const int MaxPageBytes = 4 * 1024 * 1024;

    /// <summary>Imports one archive page sent as the request body (text/plain).</summary>
    [WolverinePost("/api/imports")]
    public static async Task<IResult> Post(HttpContext http, ArchivePageImporter importer)
    {
        if (http.Request.ContentLength > MaxPageBytes)
            return Problems.Unprocessable("Page too large", $"An archive page may be at most {MaxPageBytes / 1024 / 1024} MiB.", "page").ToResult();

        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted);
        var outcome = await importer.ImportAsync(text, ChangeContext.FromRequest(http, reason: null), http.RequestAborted);

        if (outcome.Version is { } version) http.Response.Headers.ETag = ExpectedVersion.ETagFor(version);
        var body = new { status = outcome.Status.ToString().ToLowerInvariant(), id = outcome.RecordId, version = outcome.Version, changes = outcome.Changes };
        return outcome.Status switch
        {
            ImportStatus.Created => Results.Created($"/api/records/{outcome.RecordId}", body),
            ImportStatus.Updated or ImportStatus.Unchanged => Results.Ok(body),
            ImportStatus.Conflict => Problems.Conflict("Import conflict", string.Join(" ", outcome.Problems)).ToResult(),
            _ => Results.ValidationProblem(
                new Dictionary<string, string[]> { ["page"] = [.. outcome.Problems] },
                title: "Not an archive page this catalogue can import",
                statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }
}

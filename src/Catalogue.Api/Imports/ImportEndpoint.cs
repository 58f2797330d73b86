using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using Wolverine.Http;

namespace Catalogue.Api.Imports;

/// <summary>What importing one archive page did: created, updated or left unchanged the record, and at which version.</summary>
/// <param name="Status">created, updated or unchanged.</param>
/// <param name="Changes">What the page changed, one entry per kind of change.</param>
/// <param name="Warnings">What was read but could not be used, such as a citation the parser could not read.</param>
public sealed record PageImported(string Status, Guid? Id, long? Version, IReadOnlyList<string> Changes, IReadOnlyList<string> Warnings)
{
    /// <summary>The fields the page replaced that an archivist had corrected since the record was last imported, each with that correction.</summary>
    public IReadOnlyList<OverwrittenCorrection> Overwritten { get; init; } = [];
}

public static class ImportEndpoint
{
    public const string Route = "/api/imports";

    public const int MaxPageBytes = 4 * 1024 * 1024;

    /// <summary>Imports one archive page sent as the request body (text/plain).</summary>
    [WolverinePost(Route)]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PageImported>(StatusCodes.Status201Created, "application/json")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PageImported>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Post(HttpContext http, ArchivePageImporter importer, IdempotencyKeys keys)
    {
        if (!ContentTypes.IsUtf8(http.Request.ContentType, ContentTypes.PlainText))
            return Refused(http, ContentTypes.Unsupported(http.Request.ContentType, "A page", "text/plain; charset=utf-8"));
        if (http.Request.ContentLength > MaxPageBytes)
            return Problems.Unprocessable("Page too large", $"An archive page may be at most {MaxPageBytes / 1024 / 1024} MiB.", "page").ToResult();

        // A page of megabytes is read and worked on only with room among the large payloads (one not declared may be as large as a page may).
        if (http.Request.ContentLength is not <= LargePayloads.Threshold) await LargePayloads.EnterForRequestAsync(http, http.Request.ContentLength ?? MaxPageBytes);
        var ct = http.RequestAborted;
        var check = await keys.CheckAsync(http, ct);
        if (check.Answer is { } answered) return answered;
        var request = check.Request;

        BatchPage page;
        try
        {
            page = await PageBatch.ReadPageAsync(http.Request.Body, item: 1, name: "page", ct);
        }
        catch (BadHttpRequestException unreadable)
        {
            return Refused(http, RequestBodyProblems.For(unreadable, http, "The page"), unreadable.Message);
        }

        if (page.Text is null) return Problems.Unprocessable("Not a page this catalogue can read", page.Problem!, "page").ToResult();

        var outcome = await importer.ImportAsync(
            page.Text, ChangeContext.FromRequest(http, reason: null), ct, request is null ? null : o => keys.Keep(request, ReplyFor(o)));

        // A conflict under a key may be a concurrent twin of this request that won: its response is the answer.
        if (outcome.Status == ImportStatus.Conflict && request is not null && await keys.StoredAnswerAsync(request, CancellationToken.None) is { } stored)
            return stored;

        return outcome.Status switch
        {
            ImportStatus.Created or ImportStatus.Updated => ReplyFor(outcome).ToResult(),
            ImportStatus.Unchanged => await keys.AnswerAsync(request, ReplyFor(outcome), ct),
            ImportStatus.Conflict => Problems.Conflict("Import conflict", string.Join(" ", outcome.Problems)).ToResult(),
            _ => Results.ValidationProblem(
                new Dictionary<string, string[]> { ["page"] = [.. outcome.Problems] },
                detail: string.Join("; ", outcome.Problems),
                title: "Not an archive page this catalogue can import",
                statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }

    private static IResult Refused(HttpContext http, Microsoft.AspNetCore.Mvc.ProblemDetails problem, string? cause = null)
    {
        ClientErrors.Log(http, problem, cause);
        return problem.ToResult();
    }

    private static CommandReply ReplyFor(ImportOutcome outcome)
    {
        var body = new PageImported(outcome.Status.ToString().ToLowerInvariant(), outcome.RecordId, outcome.Version, outcome.Changes, outcome.Warnings)
        {
            Overwritten = outcome.Overwritten,
        };
        var created = outcome.Status == ImportStatus.Created;
        return CommandReply.Json(
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK,
            body,
            created ? $"/api/records/{outcome.RecordId}" : null,
            outcome.Version is { } version ? ExpectedVersion.ETagFor(version) : null);
    }
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Imports;
using Catalogue.Api.Records.Writing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>A batch as its status answers it: where it stands, what it did, its first problems, and how far through its input it is.</summary>
public sealed record ImportBatchStatus(
    Guid Batch, string Format, string State, string Source, string Actor, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    long Lines, long Created, long Updated, long Unchanged, long Rejected, long? TotalBytes, long BytesRead, double? Progress,
    long ProblemCount, IReadOnlyList<LineProblem> Problems, string Href)
{
    public static ImportBatchStatus Of(ImportBatch batch, DateTimeOffset now) => new(
        batch.Id, batch.Format, BatchImporter.StateOf(batch, now), batch.Source, batch.Actor, batch.StartedAt, batch.UpdatedAt, batch.FinishedAt,
        batch.Lines, batch.Created, batch.Updated, batch.Unchanged, batch.Rejected, batch.TotalBytes, batch.BytesRead,
        batch.State == ImportBatchStates.Finished ? 1.0 : batch.TotalBytes is > 0 and var total ? Math.Round((double)batch.BytesRead / total, 4) : null,
        batch.ProblemCount, batch.Problems, ImportStatusEndpoint.HrefFor(batch.Id));
}

public static class ImportJsonLinesEndpoint
{
    public const string Route = "/api/imports/jsonl";
    public const string NdJson = "application/x-ndjson";
    public const string JsonLines = "application/jsonl";

    /// <summary>
    /// Imports records sent as JSON lines (one record a line, as <c>GET /api/exports/records</c> writes them), streamed:
    /// a run of lines is imported at a time, whatever the size of the body. Lines that cannot be imported are answered
    /// with their problems and the others go on. <c>?batch=ID</c> names the batch: a new one, or one that was cut off,
    /// which is resumed after its last handled line.
    /// </summary>
    [WolverinePost(Route)]
    [ProducesResponseType<ImportBatchStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(HttpContext http, Guid? batch, BatchImporter importer, IOptions<ImportOptions> options, TimeProvider clock)
    {
        if (!ContentTypes.IsUtf8(http.Request.ContentType, NdJson) && !ContentTypes.IsUtf8(http.Request.ContentType, JsonLines))
        {
            var unsupported = ContentTypes.Unsupported(http.Request.ContentType, "A JSON-lines import", NdJson);
            unsupported.Detail += $" ({JsonLines} is read too.)";
            ClientErrors.Log(http, unsupported);
            return unsupported.ToResult();
        }

        if (http.Request.Headers.ContainsKey(Records.Writing.Idempotency.IdempotencyKeys.Header))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [Records.Writing.Idempotency.IdempotencyKeys.Header] =
                    ["A bulk import is not retried under an Idempotency-Key: it is resumed in its batch. Send the same lines again with ?batch=ID (the batch its first answer named); lines already handled are passed over."],
            });
        }

        if (batch == Guid.Empty)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["batch"] = ["'batch' must not be the all-zero id; leave it out to have one made."] });

        var request = ChangeContext.FromRequest(http, reason: null);
        var (opened, refusal) = await importer.OpenAsync(batch, BulkFormats.JsonLines, request.Source, request.Actor, http.Request.ContentLength, http.RequestAborted);
        if (opened is null) return Problems.Conflict("The batch cannot be resumed", refusal!).ToResult();

        var body = new LimitedRequestBody(http.Request.Body, options.Value.MaxBulkImportBytes);
        var context = request with { Source = $"{request.Source} (batch {opened.Id})", Reason = $"Imported in batch {opened.Id}" };
        try
        {
            var done = await importer.RunAsync(opened, JsonLinesReader.ReadAsync(body, http.RequestAborted), context, progress: null, http.RequestAborted);
            return Results.Ok(ImportBatchStatus.Of(done, clock.GetUtcNow()));
        }
        catch (Exception ex) when (CatalogueExceptionHandler.DatabaseProblem(ex) is { } database)
        {
            http.Response.Headers.RetryAfter = CatalogueExceptionHandler.RetryAfterSeconds;
            return await StoppedAsync(database, opened.Id);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await StoppedAsync(Problems.TooLarge(body.MaxBytes), opened.Id);
        }
        catch (BadHttpRequestException unreadable)
        {
            var problem = RequestBodyProblems.For(unreadable, http, "The import");
            ClientErrors.Log(http, problem, unreadable.Message);
            return await StoppedAsync(problem, opened.Id);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: no one reads an answer, and the batch says where it stopped.
            return Results.Empty;
        }

        async Task<IResult> StoppedAsync(ProblemDetails problem, Guid id)
        {
            await using var query = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
            var stood = await query.LoadAsync<ImportBatch>(id, CancellationToken.None);
            problem.Detail += $" The import stopped after line {stood?.Lines ?? 0}; what came before is imported. Send the same lines again to {Route}?batch={id} to go on from there.";
            problem.Extensions["batch"] = id;
            problem.Extensions["lines"] = stood?.Lines ?? 0;
            return problem.ToResult();
        }
    }
}

public static class ImportStatusEndpoint
{
    public static string HrefFor(Guid batch) => $"/api/imports/{batch}";

    /// <summary>Where a bulk import stands: running (with how far through its input), finished, or interrupted; what it did, and its first problems.</summary>
    [WolverineGet("/api/imports/{batch}")]
    [ProducesResponseType<ImportBatchStatus>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid batch, IQuerySession query, TimeProvider clock, CancellationToken ct)
    {
        var found = batch == Guid.Empty ? null : await query.LoadAsync<ImportBatch>(batch, ct);
        return found is null
            ? Problems.NotFoundProblem("No such import batch", $"There is no import batch {batch}.").ToResult()
            : Results.Ok(ImportBatchStatus.Of(found, clock.GetUtcNow()));
    }
}

public static class BulkFormats
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Imports;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>A batch as its status answers it: where it stands, what it did, its first problems, and how far through its input it is.</summary>
public sealed record ImportBatchStatus(
    Guid Batch, string Format, string State, string Source, string Actor, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    long Lines, long Created, long Updated, long Unchanged, long Rejected, long Conflicts, long? TotalBytes, long BytesRead, double? Progress,
    long ProblemCount, IReadOnlyList<LineProblem> Problems, long ReadPastCount, IReadOnlyList<LineProblem> ReadPast,
    long OverwrittenCount, IReadOnlyList<OverwrittenField> Overwritten, string Href, DateTimeOffset? RevertedAt, string? RevertedBy, string? RevertReason)
{
    public static ImportBatchStatus Of(ImportBatch batch, string state) => new(
        batch.Id, batch.Format, state, batch.Source, batch.Actor, batch.StartedAt, batch.UpdatedAt, batch.FinishedAt,
        batch.Lines, batch.Created, batch.Updated, batch.Unchanged, batch.Rejected, batch.Conflicts, batch.TotalBytes, batch.BytesRead,
        batch.Progress,
        batch.ProblemCount, batch.Problems, batch.ReadPastCount, batch.ReadPast, batch.OverwrittenCount, batch.Overwritten, ImportStatusEndpoint.HrefFor(batch.Id), batch.RevertedAt, batch.RevertedBy, batch.RevertReason);
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
    public static Task<IResult> Post(HttpContext http, Guid? batch, BatchImporter importer, IOptions<ImportOptions> options)
    {
        if (ContentTypes.IsUtf8(http.Request.ContentType, NdJson) || ContentTypes.IsUtf8(http.Request.ContentType, JsonLines))
            return BulkImportRequest.RunAsync(http, batch, BulkFormats.JsonLines, JsonLinesReader.ReadAsync, importer, options.Value);

        var unsupported = ContentTypes.Unsupported(http.Request.ContentType, "A JSON-lines import", NdJson);
        unsupported.Detail += $" ({JsonLines} is read too.)";
        ClientErrors.Log(http, unsupported);
        return Task.FromResult(unsupported.ToResult());
    }
}

public static class ImportCsvEndpoint
{
    public const string Route = "/api/imports/csv";
    public const string Csv = "text/csv";

    /// <summary>
    /// Imports records from CSV as archivists keep them in a spreadsheet (the columns in the README), streamed, a run of
    /// rows at a time; rows that cannot be imported are answered with their row, column and problem, and the others go
    /// on. <c>?batch=ID</c> names the batch: a new one, or one that was cut off, which is resumed after its last handled row.
    /// </summary>
    [WolverinePost(Route)]
    [ProducesResponseType<ImportBatchStatus>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(HttpContext http, Guid? batch, BatchImporter importer, IOptions<ImportOptions> options)
    {
        if (ContentTypes.IsUtf8(http.Request.ContentType, Csv))
            return BulkImportRequest.RunAsync(http, batch, BulkFormats.Csv, CsvRecordsReader.ReadAsync, importer, options.Value);

        var unsupported = ContentTypes.Unsupported(http.Request.ContentType, "A CSV import", Csv);
        ClientErrors.Log(http, unsupported);
        return Task.FromResult(unsupported.ToResult());
    }
}

/// <summary>A bulk import over HTTP, whatever its format: the batch opened or resumed, the body read as it streams, and what stops it.</summary>
public static class BulkImportRequest
{
    public static async Task<IResult> RunAsync(
        HttpContext http, Guid? batch, string format, Func<Stream, LargePayloads?, CancellationToken, IAsyncEnumerable<SourceLine>> read,
        BatchImporter importer, ImportOptions options)
    {
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
        // A compressed body's length is not the length of what is imported: its progress has no total until it ends.
        var coded = ContentEncodings.CodingOf(http.Request) is not null;
        var (opening, refusal) = await importer.OpenAsync(batch, format, request.Source, request.Actor, coded ? null : http.Request.ContentLength, http.RequestAborted);
        if (opening is null) return Problems.Conflict("The batch cannot be imported into", refusal!).ToResult();

        await using var lease = opening;
        var opened = opening.Batch;
        await using var decoder = coded ? ContentEncodings.Decoding(http.Request, http.Request.Body, options.MaxGzipExpansion) : null;
        var body = new LimitedRequestBody(decoder ?? http.Request.Body, options.MaxBulkImportBytes);
        var context = request with { Source = $"{request.Source} (batch {opened.Id})", Reason = $"Imported in batch {opened.Id}" };
        try
        {
            var done = await importer.RunAsync(opened, read(body, http.RequestServices.GetRequiredService<LargePayloads>(), http.RequestAborted), context, progress: null, http.RequestAborted);
            return Results.Ok(ImportBatchStatus.Of(done, done.State));
        }
        catch (ImportInputNotTheBatchs shorter)
        {
            var problem = Problems.Conflict("The input is not the batch's", shorter.Message);
            problem.Extensions["batch"] = opened.Id;
            problem.Extensions["lines"] = opened.Lines;
            return problem.ToResult();
        }
        catch (CsvHeaderException header)
        {
            await importer.StopAsync(opened);
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["header"] = [header.Message] }, title: "The CSV header cannot be read as records");
        }
        catch (System.Text.DecoderFallbackException notUtf8)
        {
            var problem = Problems.Unprocessable(
                "The import is not UTF-8",
                Utf8CheckedStream.Located(notUtf8) is { } located
                    ? $"{located} Nothing is read with replacement characters."
                    : "A byte of the body is not UTF-8 (send the file saved as UTF-8; nothing is read with replacement characters).");
            return await StoppedAsync(problem, opened.Id);
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
        catch (Exception ex) when (ContentEncodings.DecodingProblem(ex, http.Request) is { } undecodable)
        {
            ClientErrors.Log(http, undecodable);
            return await StoppedAsync(undecodable, opened.Id);
        }
        catch (BadHttpRequestException unreadable)
        {
            var problem = RequestBodyProblems.For(unreadable, http, "The import");
            ClientErrors.Log(http, problem, unreadable.Message);
            return await StoppedAsync(problem, opened.Id);
        }
        catch (Exception ex) when (ex is CsvHelper.CsvFormatException)
        {
            var problem = Problems.Unprocessable("The CSV cannot be read on", ex.Message);
            return await StoppedAsync(problem, opened.Id);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: no one reads an answer, and the batch says where it stopped.
            return Results.Empty;
        }

        async Task<IResult> StoppedAsync(ProblemDetails problem, Guid id)
        {
            var stood = await importer.LoadAsync(id, CancellationToken.None);
            problem.Detail += $" The import stopped after line {stood?.Lines ?? 0}; what came before is imported. Send the same input again to {http.Request.Path}?batch={id} to go on from there.";
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
    public static async Task<IResult> Get(Guid batch, IQuerySession query, BatchImporter importer, CancellationToken ct)
    {
        var found = batch == Guid.Empty ? null : await query.LoadAsync<ImportBatch>(batch, ct);
        return found is null
            ? Problems.NotFoundProblem("No such import batch", $"There is no import batch {batch}.").ToResult()
            : Results.Ok(ImportBatchStatus.Of(found, await importer.StateOfAsync(found, ct)));
    }
}

/// <summary>Undoes a bulk import; the reason is the one its compensating events give (by default, that the batch was reverted).</summary>
public sealed record RevertBatch(string? Reason = null)
{
    public sealed class Validator : FluentValidation.AbstractValidator<RevertBatch>
    {
        public Validator() => RuleFor(x => x.Reason).OptionalReason();
    }
}

public static class RevertBatchEndpoint
{
    /// <summary>
    /// Undoes a bulk import with compensating events: the records it created are withdrawn, the values it changed put
    /// back unless changed since (reported, as what no event can put back is); the history shows both.
    /// </summary>
    [WolverinePost("/api/imports/{batch}/revert")]
    [ProducesResponseType<BatchReverted>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(Guid batch, RevertBatch command, BatchRevert revert, HttpContext http)
    {
        if (batch == Guid.Empty) return Problems.NotFoundProblem("No such import batch", $"There is no import batch {batch}.").ToResult();
        // Once begun, a revert runs to its end though its client goes (found from outside: a client that gave up after 3 s
        // left 1,000 of 2,000 records withdrawn and the batch's status saying nothing of it); only the service stopping
        // stops it, and the same revert sent again finishes it.
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var (done, refusal) = await revert.RevertAsync(batch, ChangeContext.FromRequest(http, reason: null), command.Reason, stopping);
        return done is null ? refusal!.ToResult() : Results.Ok(done);
    }
}

public static class BulkFormats
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";
}

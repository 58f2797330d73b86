using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Imports;

/// <summary>What became of one page of a batch.</summary>
public sealed record BatchPageOutcome(
    int Item, string Name, string Status, Guid? Id, long? Version, IReadOnlyList<string> Changes, IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>The fields the page replaced that an archivist had corrected since the record was last imported, each with that correction.</summary>
    public IReadOnlyList<OverwrittenCorrection> Overwritten { get; init; } = [];

    public static BatchPageOutcome Of(BatchPage page, ImportOutcome outcome) =>
        new(page.Item, page.Name, outcome.Status.ToString().ToLowerInvariant(), outcome.RecordId, outcome.Version, outcome.Changes, outcome.Problems, outcome.Warnings)
        {
            Overwritten = outcome.Overwritten,
        };

    public static BatchPageOutcome Unreadable(BatchPage page) =>
        new(page.Item, page.Name, ImportStatus.Rejected.ToString().ToLowerInvariant(), null, null, [], [page.Problem ?? "The page could not be read."], []);
}

public sealed record BatchTotals(int Pages, int Created, int Updated, int Unchanged, int Rejected, int Conflicts)
{
    public static BatchTotals Of(IReadOnlyList<BatchPageOutcome> pages)
    {
        int Count(ImportStatus status) => pages.Count(p => p.Status == status.ToString().ToLowerInvariant());
        return new(pages.Count, Count(ImportStatus.Created), Count(ImportStatus.Updated), Count(ImportStatus.Unchanged), Count(ImportStatus.Rejected), Count(ImportStatus.Conflict));
    }
}

/// <summary>
/// The answer to a batch: its id (named in every event it appended), where it is kept as an import batch (its status,
/// and its revert), the totals, and each page's outcome in order.
/// </summary>
public sealed record BatchReport(string Batch, string Href, BatchTotals Totals, IReadOnlyList<BatchPageOutcome> Pages);

public static class ImportBatchEndpoint
{
    public const string Route = "/api/imports/batches";

    /// <summary>
    /// Imports a batch of archive pages streamed as <c>multipart/form-data</c>, one part per page (a file each). Pages are
    /// read and imported one at a time as they arrive, each in its own transaction, so the batch may be far larger than
    /// a command body. A page that cannot be imported is reported and the batch goes on; sending the same batch again
    /// imports only what is missing or changed, so a batch cut off half-way is finished by sending it again.
    /// </summary>
    [WolverinePost(Route)]
    [ProducesResponseType<BatchReport>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Post(HttpContext http, IdempotencyKeys keys, NpgsqlDataSource database, IOptions<ImportOptions> options)
    {
        if (!PageBatch.TryReadBoundary(http.Request.ContentType, out var boundary))
        {
            var refusal = NotMultipart(http.Request.ContentType);
            ClientErrors.Log(http, refusal);
            return refusal.ToResult();
        }

        var ct = http.RequestAborted;
        var body = new LimitedRequestBody(http.Request.Body, options.Value.MaxBatchBytes);
        using var fingerprint = new BatchFingerprint(http.Request);
        // Opened with the first page, so a request that imports none leaves no batch behind.
        PageBatchImport? imported = null;
        string? batch = null;
        var request = ChangeContext.FromRequest(http, reason: null);
        var pages = new List<BatchPageOutcome>();
        IdempotencyCheck check;
        try
        {
            check = await keys.CheckAndClaimStreamedAsync(http, database, async c =>
            {
                // The key has answered before: the pages are read, not imported, only to tell a retry from another batch.
                await foreach (var page in PageBatch.ReadAsync(body, boundary, c)) fingerprint.Add(page);
                return fingerprint.Value();
            }, ct);
            if (check.Answer is { } answered) return answered;

            await foreach (var page in PageBatch.ReadAsync(body, boundary, ct))
            {
                fingerprint.Add(page);
                imported ??= await PageBatchImport.OpenAsync(http.RequestServices, request.Source, request.Actor, http.Request.ContentLength, CancellationToken.None);
                batch = imported.Id.ToString();
                // A page that has fully arrived is imported even if the client goes away meanwhile: it commits or fails whole.
                var context = request with { Source = $"{request.Source} (batch {batch}, item {page.Item}: {page.Name})" };
                // Read as far as the reader has buffered, which may run a little past this page: progress, not a place.
                // A page of megabytes is worked on only with room among the large payloads, waited for as the page is imported: whatever it takes.
                using var room = page.Text is { Length: > LargePayloads.Threshold / sizeof(char) } text
                    ? await http.RequestServices.GetRequiredService<LargePayloads>().EnterAsync(text.Length * sizeof(char), wait: null, CancellationToken.None)
                    : null;
                var outcome = await imported.ImportAsync(page, context, body.BytesRead, CancellationToken.None);
                pages.Add(page.Text is null ? BatchPageOutcome.Unreadable(page) : BatchPageOutcome.Of(page, outcome));
            }

            await body.DrainAsync(ct);
            if (imported is not null) await imported.FinishAsync();
        }
        catch (Exception ex) when (CatalogueExceptionHandler.DatabaseProblem(ex) is { } unavailable)
        {
            // The pages before were committed one by one; the page in hand may or may not have been, which sending the
            // batch again settles (it is then created, or unchanged).
            unavailable.Detail = $"The batch stopped at page {pages.Count + 1}.";
            http.Response.Headers.RetryAfter = CatalogueExceptionHandler.RetryAfterSeconds;
            return Stopped(unavailable, batch, pages);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Stopped(Problems.TooLarge(body.MaxBytes), batch, pages);
        }
        catch (BadHttpRequestException unreadable)
        {
            // Too slow, cut off or badly chunked: the server's words name its settings; ours say what became of the pages.
            var problem = RequestBodyProblems.For(unreadable, http, "The batch");
            problem.Detail += $" It stopped after page {pages.Count}.";
            ClientErrors.Log(http, problem, unreadable.Message);
            return Stopped(problem, batch, pages);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The batch is not well-formed multipart/form-data",
                Detail = $"It could not be read after page {pages.Count}: {ex.Message}",
            };
            ClientErrors.Log(http, problem);
            return Stopped(problem, batch, pages);
        }

        finally
        {
            if (imported is not null) await imported.DisposeAsync();
        }

        if (imported is null)
            return Problems.Unprocessable("The batch holds no pages", "Send each archive page as one part of the multipart/form-data body.", "pages").ToResult();

        var reply = CommandReply.Json(StatusCodes.Status200OK, new BatchReport(imported.Id.ToString(), Interop.Bulk.ImportStatusEndpoint.HrefFor(imported.Id), BatchTotals.Of(pages), pages));
        return await keys.AnswerAsync(check.Request is { } keyed ? keyed with { Fingerprint = fingerprint.Value() } : null, reply, ct);
    }

    /// <summary>The batch stopped part-way: the pages before the fault were imported as listed; sending it again finishes it.</summary>
    private static IResult Stopped(ProblemDetails problem, string? batch, IReadOnlyList<BatchPageOutcome> pages)
    {
        problem.Detail += $" The {pages.Count} page(s) before were handled as listed in \"pages\"; send the batch again to import the rest.";
        problem.Extensions["batch"] = batch;
        problem.Extensions["pages"] = pages;
        return problem.ToResult();
    }

    private static ProblemDetails NotMultipart(string? sent)
    {
        var problem = ContentTypes.Unsupported(sent, "A batch of pages", ContentTypes.Multipart);
        problem.Detail += " The Content-Type names the boundary (1 to 70 characters); each archive page is one part (a file) of the body, "
            + "e.g. curl -F page=@a.txt -F page=@b.txt. A single page may also be sent as text/plain to /api/imports.";
        return problem;
    }
}

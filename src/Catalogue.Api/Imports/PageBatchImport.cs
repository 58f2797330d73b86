using Catalogue.Api.Interop.Bulk;
using Catalogue.Api.Records.Writing;
using Marten;

namespace Catalogue.Api.Imports;

/// <summary>
/// A batch of archive pages (<c>POST /api/imports/batches</c>, or the <c>import</c> verb) kept as an import batch of the
/// format <c>pages</c>, as bulk imports are: <c>GET /api/imports/{batch}</c> tells how far it came and what it did, and
/// <c>POST /api/imports/{batch}/revert</c> undoes it. What a page did to its record is written with the page's events,
/// in its transaction, so the batch says exactly what is in the catalogue; its lease is held while it imports, so a
/// revert waits for it, and a batch whose process went away reads as interrupted.
/// </summary>
public sealed class PageBatchImport : IAsyncDisposable
{
    public const string Format = "pages";

    private readonly OpenedBatch _opened;
    private readonly BatchImporter _importer;
    private readonly IServiceScopeFactory _scopes;
    private readonly IDocumentStore _store;
    private readonly TimeProvider _clock;

    private PageBatchImport(OpenedBatch opened, IServiceProvider services)
    {
        _opened = opened;
        Batch = opened.Batch;
        _importer = services.GetRequiredService<BatchImporter>();
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _store = services.GetRequiredService<IDocumentStore>();
        _clock = services.GetRequiredService<TimeProvider>();
    }

    /// <summary>The batch as it stands: the pages handled so far, counted.</summary>
    public ImportBatch Batch { get; private set; }

    public Guid Id => Batch.Id;

    /// <param name="source">Where the pages come from, as the events' source names it (the request, or the verb).</param>
    /// <param name="totalBytes">The bytes the pages arrive in (the request's body, the files), when known: the batch's progress is read against it.</param>
    public static async Task<PageBatchImport> OpenAsync(IServiceProvider services, string source, string actor, long? totalBytes, CancellationToken ct)
    {
        var (opened, refusal) = await services.GetRequiredService<BatchImporter>().OpenAsync(null, Format, source, actor, totalBytes, ct);
        // A new batch's id is drawn afresh: no one else can hold its lease or have finished it.
        return opened is null ? throw new InvalidOperationException(refusal) : new PageBatchImport(opened, services);
    }

    /// <summary>Imports one page of the batch in its own transaction, and counts what it did.</summary>
    /// <param name="context">The change's context, its source naming the batch and the page.</param>
    /// <param name="bytesRead">The bytes of the batch read so far, this page's included.</param>
    public async Task<ImportOutcome> ImportAsync(BatchPage page, ChangeContext context, long bytesRead, CancellationToken ct)
    {
        if (page.Text is null)
        {
            var unreadable = new ImportOutcome(ImportStatus.Rejected, null, null, [], [page.Problem!], []);
            await CountAsync(unreadable, page.Item, bytesRead);
            return unreadable;
        }

        ImportBatch? written = null;
        var outcome = await ArchivePageImporter.ImportInOwnScopeAsync(_scopes, page.Text, context, ct, alongside: (decided, session) =>
        {
            var part = new ImportedLines
            {
                Id = ImportedLines.IdFor(Id, page.Item),
                BatchId = Id,
                FirstLine = page.Item,
                LastLine = page.Item,
                Records = [new ImportedRecordChange(page.Item, decided.RecordId!.Value, decided.Status == ImportStatus.Created, decided.VersionBefore!.Value, decided.Version!.Value)],
            };
            written = Batch.Counted(part, [], bytesRead, _clock.GetUtcNow());
            session.Store(part);
            session.Store(written);
        });

        // Created or updated: the count was committed with the page. Otherwise nothing was written, and it is counted now.
        if (outcome.Status is ImportStatus.Created or ImportStatus.Updated) Batch = written!;
        else await CountAsync(outcome, page.Item, bytesRead);
        return outcome;
    }

    /// <summary>Every page was handled: the batch is finished.</summary>
    public async Task FinishAsync() => Batch = await _importer.FinishAsync(Batch);

    public ValueTask DisposeAsync() => _opened.DisposeAsync();

    private async Task CountAsync(ImportOutcome outcome, int item, long bytesRead)
    {
        var part = new ImportedLines
        {
            BatchId = Id,
            FirstLine = item,
            LastLine = item,
            Unchanged = outcome.Status == ImportStatus.Unchanged ? 1 : 0,
            ConflictedLines = outcome.Status == ImportStatus.Conflict ? [item] : [],
        };
        IReadOnlyList<string> problems = outcome.Status == ImportStatus.Unchanged ? [] : outcome.Problems.Count > 0 ? outcome.Problems : [outcome.Status.ToString()];
        Batch = Batch.Counted(part, [.. problems.Select(p => new LineProblem(item, "page", p))], bytesRead, _clock.GetUtcNow());
        await using var session = _store.LightweightSession();
        session.Store(Batch);
        await session.SaveChangesAsync(CancellationToken.None);
    }
}

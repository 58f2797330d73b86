using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Imports;

/// <summary><c>import FILE...</c>: archive pages from files, each read and refused as <c>POST /api/imports</c> would.</summary>
public static class ImportCommandLine
{
    public static async Task<int> ImportAsync(VerbRun run)
    {
        var files = run.Arguments;
        if (files.Length == 0)
        {
            await run.Error.WriteLineAsync("usage: import FILE [FILE...]   (each FILE the text of a Wilson Center Digital Archive document page)");
            return CatalogueCommandLine.UsageError;
        }

        var failures = 0;
        var unreadable = 0;
        var correlation = Guid.NewGuid().ToString("N");
        // Opened with the first file that exists, so a run that imports nothing leaves no batch behind.
        PageBatchImport? batch = null;
        var totalBytes = files.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var bytesRead = 0L;
        try
        {
            foreach (var (file, item) in files.Select((f, i) => (f, i + 1)))
            {
                if (VerbRun.NoFileToRead(file) is { } missing)
                {
                    await run.Error.WriteLineAsync(missing);
                    failures++;
                    unreadable++;
                    continue;
                }

                batch ??= await PageBatchImport.OpenAsync(
                    run.Services, $"{ArchivePageImporter.CliSourcePrefix.TrimEnd()} ({files.Length} files)", VerbRun.Actor, totalBytes, run.Cancellation);
                var context = new ChangeContext(
                    VerbRun.Actor, correlation, $"{ArchivePageImporter.CliSourcePrefix}{Path.GetFileName(file)} (batch {batch.Id}, item {item} of {files.Length})",
                    Reason: null, CausationId: $"file:{Path.GetFullPath(file)}");
                // Read as over HTTP: a page that is not UTF-8 is refused, not imported with replacement characters.
                BatchPage page;
                await using (var stream = File.OpenRead(file))
                {
                    page = await PageBatch.ReadPageAsync(stream, item, Path.GetFileName(file), run.Cancellation);
                }

                bytesRead += new FileInfo(file).Length;
                var outcome = await batch.ImportAsync(page, context, bytesRead, run.Cancellation);
                await run.Output.WriteLineAsync(outcome.Describe(file));
                if (outcome.Status is ImportStatus.Rejected or ImportStatus.Conflict) failures++;
            }

            if (batch is not null)
            {
                await batch.FinishAsync();
                await run.Output.WriteLineAsync(
                    $"batch {batch.Id}: {batch.Batch.Created} created, {batch.Batch.Updated} updated, {batch.Batch.Unchanged} unchanged, {batch.Batch.Rejected} rejected, {batch.Batch.Conflicts} in conflict "
                    + $"(GET {Interop.Bulk.ImportStatusEndpoint.HrefFor(batch.Id)}; POST .../revert undoes it)");
            }
        }
        finally
        {
            if (batch is not null) await batch.DisposeAsync();
        }

        // As the other imports: nothing there to read is the input missing, not a page refused.
        return unreadable == files.Length ? VerbRun.NoInput : failures == 0 ? 0 : 1;
    }
}

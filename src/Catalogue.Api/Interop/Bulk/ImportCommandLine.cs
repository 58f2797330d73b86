using System.Diagnostics;
using System.Globalization;
using Catalogue.Api.Generation;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// <c>import-jsonl FILE [--batch ID]</c> and <c>import-csv FILE [--batch ID]</c>: records from a file, imported as
/// <c>POST /api/imports/jsonl</c> and <c>/csv</c> import them, with a progress bar; <c>--batch</c> resumes a batch that
/// was cut off.
/// </summary>
public static class ImportCommandLine
{
    public const string JsonLinesUsage = "import-jsonl FILE [--batch ID]";
    public const string CsvUsage = "import-csv FILE [--batch ID]";

    public sealed record Arguments(string File, Guid? Batch);

    public static Arguments? Read(string[] args) => args switch
    {
        [var file] when !file.StartsWith("--", StringComparison.Ordinal) => new(file, null),
        [var file, "--batch", var id] when Guid.TryParse(id, out var batch) && batch != Guid.Empty => new(file, batch),
        _ => null,
    };

    public static Task<int> RunJsonLinesAsync(VerbRun run) => RunAsync(run, BulkFormats.JsonLines, JsonLinesUsage, JsonLinesReader.ReadAsync);

    public static Task<int> RunCsvAsync(VerbRun run) => RunAsync(run, BulkFormats.Csv, CsvUsage, CsvRecordsReader.ReadAsync);

    private static async Task<int> RunAsync(VerbRun run, string format, string usage, Func<Stream, LargePayloads?, CancellationToken, IAsyncEnumerable<SourceLine>> read)
    {
        var arguments = Read(run.Arguments)!;
        // "-" is standard input, as verify-export reads it (found from outside: it was "-: no such file").
        var named = arguments.File == VerbRun.StandardStream ? "/dev/stdin" : arguments.File;
        if (VerbRun.NoFileToRead(named) is { } missing)
        {
            await run.Error.WriteLineAsync(missing);
            return VerbRun.NoInput;
        }

        var importer = run.Services.GetRequiredService<BatchImporter>();
        var path = Path.GetFullPath(named);
        await using var file = File.OpenRead(path);
        await using var input = await ImportInput.OpenAsync(file, run.Cancellation);
        // A file kept gzip (catalogue.jsonl.gz) is read through, checked whole; its progress is measured in the file
        // as stored, and the batch has no total (its length is not the length imported). Nor has a pipe's.
        var gzipped = input.StartsAsGzip;
        await using var decoded = gzipped ? new CheckedGzipStream(input) : null;
        var source = $"cli {usage.Split(' ')[0]} {Path.GetFileName(path)}";
        var (opened, refusal) = await importer.OpenAsync(arguments.Batch, format, source, VerbRun.Actor, gzipped ? null : input.KnownLength, run.Cancellation);
        if (opened is null)
        {
            await run.Error.WriteLineAsync(refusal);
            return 1;
        }

        await using var lease = opened;
        var batch = opened.Batch;
        await run.Output.WriteLineAsync($"Importing {path} in batch {batch.Id}{(arguments.Batch is null ? "" : $", after line {batch.Lines:N0}")}.");
        var context = new ChangeContext(VerbRun.Actor, batch.Id.ToString("N"), $"{source} (batch {batch.Id})", $"Imported in batch {batch.Id}", $"file:{path}");
        var terminal = ReferenceEquals(run.Output, Console.Out) && !Console.IsOutputRedirected;
        var clock = Stopwatch.StartNew();
        var before = batch.Created + batch.Updated + batch.Unchanged + batch.Rejected + batch.Conflicts;
        ImportBatch? done = null;
        string? stopped = null;
        await using (var progress = new GenerationProgress(run.Output, input.KnownLength, terminal, "bytes"))
        {
            try
            {
                done = await importer.RunAsync(batch, read(decoded ?? (Stream)input, run.Services.GetRequiredService<LargePayloads>(), run.Cancellation), context, b => progress.Set(gzipped ? input.BytesRead : b.BytesRead), run.Cancellation);
                progress.Set(input.BytesRead);
            }
            catch (ImportInputNotTheBatchs shorter)
            {
                stopped = shorter.Message;
            }
            catch (Exception ex) when (ex is OperationCanceledException or CsvHeaderException or System.Text.DecoderFallbackException or CsvHelper.CsvFormatException or InvalidDataException)
            {
                if (ex is CsvHeaderException) await importer.StopAsync(batch);
                var stood = await importer.LoadAsync(batch.Id, CancellationToken.None);
                var why = ex switch
                {
                    OperationCanceledException => "Stopped.",
                    System.Text.DecoderFallbackException notUtf8 => Utf8CheckedStream.Located(notUtf8) ?? "The file is not UTF-8: save it as UTF-8 and import it again.",
                    InvalidDataException => $"The file is not whole gzip: {ex.Message}",
                    _ => ex.Message,
                };
                var again = usage.Replace("FILE", arguments.File, StringComparison.Ordinal).Replace("[--batch ID]", $"--batch {batch.Id}", StringComparison.Ordinal);
                // The header is read before any row: refused, nothing of the file is imported, and the same file would be refused again.
                // A file cut short resumes its batch only once it is whole: the same one would stop at the same place.
                stopped = ex is CsvHeaderException
                    ? $"{why} Nothing is imported. Once the file is mended: {again}"
                    : ex is InvalidDataException
                        ? $"{why} Lines up to {stood?.Lines ?? 0:N0} are imported. Once you have the whole file, resume with: {again}"
                        : $"{why} Lines up to {stood?.Lines ?? 0:N0} are imported. Resume with: {again}";
            }
        }

        // Said once the progress has written its last line, so that the reason is the last thing printed.
        if (done is null)
        {
            await run.Error.WriteLineAsync(stopped);
            return 1;
        }

        var lines = done.Created + done.Updated + done.Unchanged + done.Rejected + done.Conflicts - before;
        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Batch {done.Id}: {done.Created:N0} created, {done.Updated:N0} updated, {done.Unchanged:N0} unchanged, {done.Rejected:N0} rejected, {done.Conflicts:N0} in conflict; " +
            $"{lines / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} records/s."));
        foreach (var problem in done.Problems) await run.Output.WriteLineAsync($"  line {problem.Line}{(problem.Field.Length > 0 ? $", {problem.Field}" : "")}: {problem.Message}");
        if (done.ProblemCount > done.Problems.Count) await run.Output.WriteLineAsync($"  … and {done.ProblemCount - done.Problems.Count:N0} more problems (GET {ImportStatusEndpoint.HrefFor(done.Id)}).");
        foreach (var readPast in done.ReadPast) await run.Output.WriteLineAsync($"  line {readPast.Line}, {readPast.Field} (read past): {readPast.Message}");
        if (done.ReadPastCount > done.ReadPast.Count) await run.Output.WriteLineAsync($"  … and {done.ReadPastCount - done.ReadPast.Count:N0} more fields read past (GET {ImportStatusEndpoint.HrefFor(done.Id)}).");
        foreach (var o in done.Overwritten)
        {
            await run.Output.WriteLineAsync(
                $"  line {o.Line}, {o.Field} (overwrote a correction): record {o.Record}, corrected by {o.Correction.Actor} at version {o.Correction.Version} ({o.Correction.Type}, {o.Correction.Timestamp:O}){(o.Correction.Reason is null ? "" : $": {o.Correction.Reason}")}");
        }

        if (done.OverwrittenCount > done.Overwritten.Count) await run.Output.WriteLineAsync($"  … and {done.OverwrittenCount - done.Overwritten.Count:N0} more corrections overwritten (GET {ImportStatusEndpoint.HrefFor(done.Id)}).");
        return done.Rejected + done.Conflicts == 0 ? 0 : 1;
    }
}

using System.Diagnostics;
using System.Globalization;
using Catalogue.Api.Generation;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// <c>import-jsonl FILE [--batch ID]</c>: records from a JSON-lines file, imported as <c>POST /api/imports/jsonl</c>
/// imports them, with a progress bar; <c>--batch</c> resumes a batch that was cut off.
/// </summary>
public static class ImportCommandLine
{
    public const string JsonLinesUsage = "import-jsonl FILE [--batch ID]";

    public sealed record Arguments(string File, Guid? Batch);

    public static Arguments? Read(string[] args) => args switch
    {
        [var file] when !file.StartsWith("--", StringComparison.Ordinal) => new(file, null),
        [var file, "--batch", var id] when Guid.TryParse(id, out var batch) && batch != Guid.Empty => new(file, batch),
        _ => null,
    };

    public static async Task<int> RunJsonLinesAsync(VerbRun run)
    {
        var arguments = Read(run.Arguments)!;
        if (!File.Exists(arguments.File))
        {
            await run.Error.WriteLineAsync($"{arguments.File}: no such file");
            return CatalogueCommandLine.UsageError;
        }

        var importer = run.Services.GetRequiredService<BatchImporter>();
        var path = Path.GetFullPath(arguments.File);
        await using var input = File.OpenRead(path);
        var source = $"cli import-jsonl {Path.GetFileName(path)}";
        var (batch, refusal) = await importer.OpenAsync(arguments.Batch, BulkFormats.JsonLines, source, VerbRun.Actor, input.Length, run.Cancellation);
        if (batch is null)
        {
            await run.Error.WriteLineAsync(refusal);
            return 1;
        }

        await run.Output.WriteLineAsync($"Importing {path} in batch {batch.Id}{(arguments.Batch is null ? "" : $", after line {batch.Lines:N0}")}.");
        var context = new ChangeContext(VerbRun.Actor, batch.Id.ToString("N"), $"{source} (batch {batch.Id})", $"Imported in batch {batch.Id}", $"file:{path}");
        var terminal = ReferenceEquals(run.Output, Console.Out) && !Console.IsOutputRedirected;
        var clock = Stopwatch.StartNew();
        var before = batch.Created + batch.Updated + batch.Unchanged + batch.Rejected;
        ImportBatch done;
        await using (var progress = new GenerationProgress(run.Output, input.Length, terminal, "bytes"))
        {
            try
            {
                done = await importer.RunAsync(batch, JsonLinesReader.ReadAsync(input, run.Cancellation), context, b => progress.Set(b.BytesRead), run.Cancellation);
            }
            catch (OperationCanceledException)
            {
                await run.Error.WriteLineAsync($"Stopped. Resume with: {JsonLinesUsage.Replace("FILE", arguments.File, StringComparison.Ordinal).Replace("ID", batch.Id.ToString(), StringComparison.Ordinal)}");
                return 1;
            }
        }

        var lines = done.Created + done.Updated + done.Unchanged + done.Rejected - before;
        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Batch {done.Id}: {done.Created:N0} created, {done.Updated:N0} updated, {done.Unchanged:N0} unchanged, {done.Rejected:N0} rejected; " +
            $"{lines / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} records/s."));
        foreach (var problem in done.Problems) await run.Output.WriteLineAsync($"  line {problem.Line}{(problem.Field.Length > 0 ? $", {problem.Field}" : "")}: {problem.Message}");
        if (done.ProblemCount > done.Problems.Count) await run.Output.WriteLineAsync($"  … and {done.ProblemCount - done.Problems.Count:N0} more problems (GET {ImportStatusEndpoint.HrefFor(done.Id)}).");
        return done.Rejected == 0 ? 0 : 1;
    }
}

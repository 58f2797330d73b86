using System.IO.Compression;
using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// <c>export --out FILE|- [--status S] [--repository R [--fond F]] [--without-full-texts]</c>: records as JSON lines into a file, as
/// <c>GET /api/exports/records</c> gives them to staff, or streamed to standard output (<c>--out -</c>), for a pipe.
/// </summary>
public static class ExportCommandLine
{
    public const string Usage = "export --out FILE|- [--status draft|published|withdrawn] [--repository CODE [--fond FOND]] [--without-full-texts]";

    /// <summary>The options' values by name, or null when the arguments are not options this verb takes, each once.</summary>
    public static IReadOnlyDictionary<string, string>? Options(string[] arguments)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Length; i += 2)
        {
            if (arguments[i] == "--without-full-texts")
            {
                if (!options.TryAdd(arguments[i], "")) return null;
                i--;
                continue;
            }

            if (arguments[i] is not ("--status" or "--repository" or "--fond" or "--out") || i + 1 >= arguments.Length || !options.TryAdd(arguments[i], arguments[i + 1]))
                return null;
        }

        return options.ContainsKey("--out") ? options : null;
    }

    public static async Task<int> RunAsync(VerbRun run)
    {
        var options = Options(run.Arguments)!;
        var filter = new ExportFilter(
            options.GetValueOrDefault("--status"), options.GetValueOrDefault("--repository"), options.GetValueOrDefault("--fond"), FullTexts: !options.ContainsKey("--without-full-texts"));
        if (filter.Problems() is { Count: > 0 } problems)
        {
            foreach (var problem in problems.Values.SelectMany(p => p)) await run.Error.WriteLineAsync(problem);
            return CatalogueCommandLine.UsageError;
        }

        var database = run.Services.GetRequiredService<NpgsqlDataSource>();
        var file = options["--out"];
        long written = 0;
        // FILE.gz is written gzip, as import-jsonl reads it back: a catalogue's JSON lines shrink about tenfold. Streamed,
        // the lines go plain: a pipe compresses them if it likes.
        var gzipped = file != VerbRun.StandardStream && file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (await VerbRun.WriteExportAsync(file, async output =>
            {
                if (!gzipped)
                {
                    written = await RecordExport.WriteAsync(database, output, filter, run.Cancellation);
                    return;
                }

                await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
                written = await RecordExport.WriteAsync(database, gzip, filter, run.Cancellation);
            }) is { } failure)
        {
            await run.Error.WriteLineAsync(failure);
            return VerbRun.CannotWrite;
        }

        await run.SaysOf(file).WriteLineAsync($"Exported {VerbRun.Counted(written, "record")} to {VerbRun.Destination(file)}.");
        return 0;
    }
}

using System.Globalization;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Generation;

/// <summary><c>generate --records N [--seed S] [--writers W]</c>: a realistic catalogue to measure with.</summary>
public static class GenerateCommandLine
{
    public const string Usage = "usage: generate --records N [--seed S] [--writers W]   (N from 1 to 10,000,000; seed 42 and 4 writers unless given)";
    public const int DefaultSeed = 42;
    public const int DefaultWriters = 4;

    /// <summary>Who the history names as the source of a generated record's events.</summary>
    public static string Source(int seed) => $"cli generate (seed {seed})";

    public sealed record Arguments(int Records, int Seed, int Writers);

    /// <summary>The arguments, or null when they are not a generation's.</summary>
    public static Arguments? Read(string[] args)
    {
        int? records = null;
        int seed = DefaultSeed, writers = DefaultWriters;
        // An option given twice is a mistake in one of the two, and which was meant would be a guess: the usage is shown.
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length || !given.Add(args[i]) || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return null;
            switch (args[i])
            {
                case "--records" when value is >= 1 and <= 10_000_000:
                    records = value;
                    break;
                case "--seed":
                    seed = value;
                    break;
                case "--writers" when value is >= 1 and <= 32:
                    writers = value;
                    break;
                default:
                    return null;
            }

            i++;
        }

        return records is null ? null : new Arguments(records.Value, seed, writers);
    }

    public static async Task<int> RunAsync(VerbRun run)
    {
        var arguments = Read(run.Arguments)!;
        var database = run.Services.GetRequiredService<CatalogueDatabase>();
        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generating {arguments.Records:N0} records (seed {arguments.Seed}, {VerbRun.Counted(arguments.Writers, "writer")}) into " +
            $"{(database.IsEmbedded ? $"the embedded PostgreSQL in {database.EmbeddedDataDirectory}" : "the database ConnectionStrings:Catalogue names")}"));

        var context = new ChangeContext(VerbRun.Actor, Guid.NewGuid().ToString("N"), Source(arguments.Seed), Reason: null);
        // Only the console itself gets a line redrawn in place: a file or a pipe gets plain lines.
        var terminal = ReferenceEquals(run.Output, Console.Out) && !Console.IsOutputRedirected;
        GenerationResult result;
        await using (var progress = new GenerationProgress(run.Output, arguments.Records, terminal))
        {
            result = await run.Services.GetRequiredService<CatalogueGenerator>()
                .RunAsync(arguments.Records, arguments.Seed, arguments.Writers, context, progress.Add, run.Cancellation);
        }

        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generated {result.Records:N0} records in {GenerationProgress.Duration(result.Elapsed)}: {result.Records / result.Elapsed.TotalSeconds:N0} records/s, " +
            $"{result.Events:N0} events, {result.FullTextCharacters / 1_000_000.0:N1} million characters of full text."));
        await run.Output.WriteLineAsync("The service seals their events into the event chain as it runs (now, if it is running; else when it next starts).");
        return 0;
    }
}

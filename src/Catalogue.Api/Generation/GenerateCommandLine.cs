using System.Globalization;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;

namespace Catalogue.Api.Generation;

/// <summary><c>generate --records N [--seed S] [--writers W]</c>: a realistic catalogue to measure with.</summary>
public static class GenerateCommandLine
{
    public const string Usage =
        "usage: generate --records N [--seed S] [--writers W]   (N from 1 to 10,000,000; S from 0 to 2,147,483,647, 42 unless given; W from 1 to 32, 4 unless given)";
    public const int DefaultSeed = 42;
    public const int DefaultWriters = 4;

    /// <summary>Who the history names as the source of a generated record's events.</summary>
    public static string Source(int seed) => $"cli generate (seed {seed})";

    public sealed record Arguments(int Records, int Seed, int Writers);

    /// <summary>The arguments, or null when they are not a generation's.</summary>
    public static Arguments? Read(string[] args) => Parse(args).Arguments;

    /// <summary>What is wrong with the arguments, then the usage; null when they are a generation's.</summary>
    public static string? Refuses(string[] args) => Parse(args).Wrong is { } wrong ? $"generate: {wrong}\n{Usage}" : null;

    private static (Arguments? Arguments, string? Wrong) Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            var option = args[i];
            if (!Ranges.TryGetValue(option, out var range)) return (null, $"{Shown(option)} is not one of its options");
            // An option given twice is a mistake in one of the two, and which was meant would be a guess.
            if (values.ContainsKey(option)) return (null, $"{option} is given twice");
            var (least, most, named) = range;
            if (i + 1 >= args.Length) return (null, $"{option} wants {named} after it");
            if (!int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < least || value > most)
            {
                return (null, string.Create(CultureInfo.InvariantCulture, $"{option} {Shown(args[i + 1])}: {named} is a whole number from {least:N0} to {most:N0}"));
            }

            values[option] = value;
        }

        return values.TryGetValue("--records", out var records)
            ? (new Arguments(records, values.GetValueOrDefault("--seed", DefaultSeed), values.GetValueOrDefault("--writers", DefaultWriters)), null)
            : (null, "--records N is wanted: how many records to generate");
    }

    private static readonly Dictionary<string, (int Least, int Most, string Named)> Ranges = new(StringComparer.Ordinal)
    {
        ["--records"] = (1, 10_000_000, "N"),
        ["--seed"] = (0, int.MaxValue, "S"),
        ["--writers"] = (1, 32, "W"),
    };

    /// <summary>An argument as the refusal quotes it: short, and printable.</summary>
    private static string Shown(string argument) => $"'{VerbRun.Printable(Validation.Echoed.Shortened(argument, 40))}'";

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
        TimeSpan took;
        var whole = 0;
        try
        {
            await using var progress = new GenerationProgress(run.Output, arguments.Records, terminal);
            result = await run.Services.GetRequiredService<CatalogueGenerator>().RunAsync(
                arguments.Records, arguments.Seed, arguments.Writers, context, count =>
                {
                    Interlocked.Add(ref whole, count);
                    progress.Add(count);
                }, run.Cancellation);
            took = progress.Finish();
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            // Found from outside: an interrupted run said only that it stopped, and the same command run again added the
            // whole number again, the records already written among them.
            var written = string.Create(CultureInfo.InvariantCulture, $"{Volatile.Read(ref whole):N0} of {arguments.Records:N0}");
            var begun = VerbRun.Counted(arguments.Writers * CatalogueGenerator.RecordsInABatch, "record");
            await run.Error.WriteLineAsync(
                $"{written} records were written whole before the interruption, and those the writers had begun (up to {begun}) in part; the catalogue keeps them. "
                + "generate does not resume: run again, it adds the records of the seed from the first. Generate into an empty catalogue to have the seed's records alone.");
            throw;
        }

        await run.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Generated {result.Records:N0} records in {GenerationProgress.Duration(took)}: {result.Records / took.TotalSeconds:N0} records/s, " +
            $"{result.Events:N0} events, {result.FullTextCharacters / 1_000_000.0:N1} million characters of full text."));
        await run.Output.WriteLineAsync("The service seals their events into the event chain as it runs (now, if it is running; else when it next starts).");
        return 0;
    }
}

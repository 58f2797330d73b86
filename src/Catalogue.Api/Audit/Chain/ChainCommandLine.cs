using System.Text.Json;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Audit.Chain;

/// <summary>
/// The chain's verbs: <c>verify [--record ID]</c>, <c>checkpoint</c>, <c>export-events FILE|-</c> and
/// <c>verify-export FILE|- [--checkpoint CHECKPOINT.json --public-key KEY.pem]</c> (which needs no database); <c>-</c> is
/// standard output or input, so that an export can be checked as it is made, without a copy on disk:
/// <c>export-events - | verify-export - --checkpoint … --public-key …</c>.
/// Exit codes: 0 intact, 1 broken or refused, 64 usage, 66 a file that cannot be read or a record that is not there, 73 a file that cannot be written.
/// </summary>
public static class ChainCommandLine
{
    private static readonly JsonSerializerOptions Indented = new(EventExport.Json) { WriteIndented = true };

    public static async Task<int> VerifyAsync(VerbRun run)
    {
        var verifier = run.Services.GetRequiredService<ChainVerifier>();
        ChainVerification? verification;
        switch (run.Arguments)
        {
            case []:
                verification = await verifier.VerifyAsync(run.Cancellation);
                break;
            case ["--record", var text] when Guid.TryParse(text, out var id):
                verification = await verifier.VerifyRecordAsync(id, run.Cancellation);
                if (verification is null)
                {
                    // Not "broken": nothing of the record is there to be. Had its events and seals been removed, the whole chain would show the gap.
                    await run.Error.WriteLineAsync($"No catalogue record has the id {id}: it has no events and no seals. (Events removed from the store break the whole chain: `verify` without --record finds them.)");
                    return VerbRun.NoInput;
                }

                break;
            default:
                await run.Error.WriteLineAsync("usage: verify [--record ID]");
                return CatalogueCommandLine.UsageError;
        }

        await run.Output.WriteLineAsync(JsonSerializer.Serialize(verification, Indented));
        return verification.IsIntact ? 0 : 1;
    }

    public static async Task<int> CheckpointAsync(VerbRun run)
    {
        var outcome = await run.Services.GetRequiredService<ChainCheckpoints>().CreateAsync(onlyIfAdvanced: false, run.Cancellation);
        if (outcome.IsBeingSignedElsewhere)
        {
            await run.Error.WriteLineAsync("A checkpoint is being signed now (by the service, or another command): nothing was signed. Run this again once it is listed.");
            return 1;
        }

        await run.Output.WriteLineAsync(JsonSerializer.Serialize<object>(outcome.Checkpoint ?? (object)outcome.Verification!, Indented));
        return outcome.Checkpoint is null ? 1 : 0;
    }

    /// <summary>The usage of <c>export-events</c> for any arguments but one file; null for one file.</summary>
    /// <summary>One file, or - for standard output; an option it does not take (--bogus) is not taken for a file's name.</summary>
    public static string? ExportMisused(string[] args) => args switch
    {
        ["-"] => null,
        [var option] when option.StartsWith('-') => $"export-events takes no option '{option}'; a file whose name begins with '-' is written ./{option}.\nusage: {ExportUsage}",
        [_] => null,
        _ => $"usage: {ExportUsage}",
    };

    public const string ExportUsage = "export-events FILE|-";

    public const string VerifyExportUsage = "verify-export FILE|- [--checkpoint CHECKPOINT.json --public-key KEY.pem]";

    public static Task<int> VerifyExportAsync(VerbRun run) => VerifyExportAsync(run.Arguments, run.Output, run.Error, run.Cancellation);

    public static async Task<int> ExportAsync(VerbRun run)
    {
        var file = run.Arguments[0];
        ExportSummary? summary = null;
        if (await VerbRun.WriteExportAsync(file, async stream =>
            {
                await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                summary = await run.Services.GetRequiredService<EventExport>().WriteAsync(writer, run.Cancellation);
            }) is { } failure)
        {
            await run.Error.WriteLineAsync(failure);
            return VerbRun.CannotWrite;
        }

        await run.SaysOf(file).WriteLineAsync($"{VerbRun.Counted(summary!.Events, "event")} ({VerbRun.Number(summary.Sealed)} sealed) written to {VerbRun.Destination(file)}");
        return 0;
    }

    private static async Task<int> VerifyExportAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string? file = null, checkpointFile = null, keyFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--checkpoint" when i + 1 < args.Length:
                    checkpointFile = args[++i];
                    break;
                case "--public-key" when i + 1 < args.Length:
                    keyFile = args[++i];
                    break;
                case var arg when file is null && !arg.StartsWith("--", StringComparison.Ordinal):
                    file = arg;
                    break;
                default:
                    await error.WriteLineAsync($"usage: {VerifyExportUsage}");
                    return CatalogueCommandLine.UsageError;
            }
        }

        if (file is null || (checkpointFile is null) != (keyFile is null))
        {
            await error.WriteLineAsync($"usage: {VerifyExportUsage}");
            return CatalogueCommandLine.UsageError;
        }

        var readFromStandardInput = file == VerbRun.StandardStream;
        foreach (var path in new[] { readFromStandardInput ? null : file, checkpointFile, keyFile }.OfType<string>())
        {
            if (VerbRun.NoFileToRead(path) is { } missing)
            {
                await error.WriteLineAsync(missing);
                return VerbRun.NoInput;
            }
        }

        Checkpoint? checkpoint = null;
        if (checkpointFile is not null)
        {
            try
            {
                // A file holding null would otherwise leave the export checked without the checkpoint asked for, and "intact".
                checkpoint = JsonSerializer.Deserialize<Checkpoint>(await File.ReadAllTextAsync(checkpointFile, ct), EventExport.Json)
                    ?? throw new JsonException("it holds null");
                // A file that is not a checkpoint says nothing of the chain: told as such, not as a history rewritten.
                if (checkpoint.Lacks() is { } lacking) throw new JsonException(lacking);
            }
            catch (JsonException ex)
            {
                await error.WriteLineAsync($"{checkpointFile}: not a checkpoint ({ex.Message})");
                return VerbRun.NoInput;
            }
        }

        var key = keyFile is null ? null : await File.ReadAllTextAsync(keyFile, ct);
        if (key is not null && OfflineChainCheck.NotAPublicKey(key) is { } notAKey)
        {
            await error.WriteLineAsync($"{keyFile}: not a PEM ECDSA public key ({notAKey})");
            return VerbRun.NoInput;
        }

        using var reader = readFromStandardInput ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file);
        var check = await OfflineChainCheck.RunAsync(reader, checkpoint, key, ct);
        if (!check.Passed)
        {
            await output.WriteLineAsync($"BROKEN: {check.Problem}");
            return 1;
        }

        await output.WriteLineAsync(
            $"intact: {VerbRun.Counted(check.Events, "event")}, {VerbRun.Number(check.Sealed)} sealed; head {check.HeadHash} at seq {check.HeadSeq}" +
            (check.Events > check.Sealed ? $"; {VerbRun.Counted(check.Events - check.Sealed, "event")} after the head not sealed yet" : "") +
            (check.GapFillers > 0 ? $"; {VerbRun.Counted(check.GapFillers, "unsealed gap filler")} of failed writes (Marten tombstones, not catalogue events)" : ""));
        if (check.CheckpointVerdict is not null) await output.WriteLineAsync(check.CheckpointVerdict);
        // Found from outside: an export cut short at a line's end read "intact" and nothing more. The seals show that no
        // event was changed, removed or put in another's place, not that none follow the last one.
        else await output.WriteLineAsync(
            "  no checkpoint given: the seals show that no event was changed, removed or reordered, not that none are missing after the last one "
            + "(an export cut short at a line's end reads as intact); check it against a checkpoint (--checkpoint, --public-key) to know it reaches a signed head");
        return 0;
    }
}

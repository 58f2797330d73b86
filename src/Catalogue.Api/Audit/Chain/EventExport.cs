using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Audit.Chain;

/// <summary>
/// One line of an export: an event's every sealed field exactly as the chain hashes it (<c>headers</c> and
/// <c>data</c> are PostgreSQL's jsonb text, kept as strings so that nothing re-serialises them), and its seal.
/// </summary>
public sealed record ExportedEvent(
    long Seq,
    Guid Id,
    Guid? StreamId,
    long Version,
    string Type,
    string? TenantId,
    string Timestamp,
    string? UserName,
    string? CorrelationId,
    string? CausationId,
    string? Headers,
    string Data,
    string? BData,
    string? Seal)
{
    public static ExportedEvent From(ChainEvent e, string? seal) => new(
        e.Seq, e.Id, e.StreamId, e.Version, e.Type, e.TenantId, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId, e.Headers, e.Data, e.BData, seal);

    public ChainEvent ToChainEvent() => new(Seq, Id, StreamId, Version, Type, TenantId, Timestamp, UserName, CorrelationId, CausationId, Headers, Data, BData);
}

/// <summary>The first line of an export file.</summary>
public sealed record ExportHeader(string Format, string ExportedAt);

public sealed record ExportSummary(long Events, long Sealed);

/// <summary>Writes every event with its seal as JSON lines, from one consistent snapshot, for checking away from the database.</summary>
public sealed class EventExport(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const string Format = "catalogue.event-chain.v1 export";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<ExportSummary> WriteAsync(TextWriter output, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await ChainReader.BeginSnapshotAsync(connection, ct);

        await output.WriteLineAsync(JsonSerializer.Serialize(new ExportHeader(Format, ChainEvent.CanonicalTimestamp(time.GetUtcNow().UtcDateTime)), Json));
        long events = 0, sealedEvents = 0;
        await foreach (var (e, seal) in ChainReader.ChainAfterAsync(connection, long.MinValue, ct))
        {
            if (e is null) continue; // a seal whose event is gone: the next event's seal will not follow, and the check says so
            var line = ExportedEvent.From(e, seal is null ? null : Convert.ToHexStringLower(seal.Hash));
            await output.WriteLineAsync(JsonSerializer.Serialize(line, Json));
            events++;
            if (seal is not null) sealedEvents++;
        }

        await output.FlushAsync(ct);
        return new ExportSummary(events, sealedEvents);
    }
}

/// <summary>What the offline check of an export found; <see cref="Problem"/> is null when everything held.</summary>
/// <param name="Events">Catalogue events in the export, sealed or not yet.</param>
/// <param name="GapFillers">Marten's unsealed fillers for failed writes' sequence numbers (see <see cref="GapFillers"/>), not counted as events.</param>
public sealed record OfflineCheck(
    long Events, long Sealed, long HeadSeq, string HeadHash, string? CheckpointVerdict, string? Problem, long GapFillers = 0)
{
    public bool Passed => Problem is null;
}

/// <summary>
/// Recomputes the chain from an export file alone — no database, no service — and checks a saved checkpoint's
/// signature and head against it. This is what an auditor runs on a copy they were handed.
/// </summary>
public static class OfflineChainCheck
{
    public static async Task<OfflineCheck> RunAsync(TextReader export, Checkpoint? checkpoint, string? publicKeyPem, CancellationToken ct)
    {
        var previous = ChainHasher.Genesis;
        long events = 0, sealedEvents = 0, lastSeq = long.MinValue, sealedHeadSeq = 0;
        var sealedHead = ChainHasher.Genesis;
        byte[]? atCheckpoint = checkpoint is { LastSeq: 0 } ? ChainHasher.Genesis : null;
        long countAtCheckpoint = 0;
        var unsealedSince = (long?)null;
        using var hasher = new ChainHasher();

        // A row shaped like a gap filler is one only if its stream holds no catalogue event, which the whole file tells.
        var gapFillers = new List<ExportedEvent>();
        var catalogueStreams = new HashSet<Guid>();

        OfflineCheck Fail(string problem) => new(events, sealedEvents, sealedHeadSeq, Convert.ToHexStringLower(sealedHead), null, problem, gapFillers.Count);

        var header = await export.ReadLineAsync(ct);
        if (header is null || !IsExportHeader(header))
        {
            return Fail($"This is not an event chain export (its first line should name the format \"{EventExport.Format}\").");
        }

        var lineNumber = 1;
        while (await export.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ExportedEvent exported;
            try
            {
                exported = JsonSerializer.Deserialize<ExportedEvent>(line, EventExport.Json) ?? throw new JsonException("empty line");
            }
            catch (JsonException ex)
            {
                return Fail($"Line {lineNumber} is not an exported event: {ex.Message}");
            }

            if (exported.Seq <= lastSeq)
            {
                return Fail($"Line {lineNumber}: event seq {exported.Seq} comes after seq {lastSeq}; the export is out of order.");
            }

            var chainEvent = exported.ToChainEvent();
            if (chainEvent.Type != GapFillers.Type && chainEvent.StreamId is { } stream) catalogueStreams.Add(stream);
            if (exported.Seal is null && GapFillers.HasShapeOf(chainEvent))
            {
                gapFillers.Add(exported);
                lastSeq = exported.Seq;
                continue;
            }

            var hash = hasher.Next(previous, chainEvent);
            if (exported.Seal is not null)
            {
                if (unsealedSince is not null)
                {
                    return Fail($"Line {lineNumber}: event seq {exported.Seq} is sealed although event seq {unsealedSince} before it is not.");
                }

                if (!string.Equals(exported.Seal, Convert.ToHexStringLower(hash), StringComparison.OrdinalIgnoreCase))
                {
                    return Fail(
                        $"Event seq {exported.Seq} (stream {exported.StreamId}, version {exported.Version}, {exported.Type}) was sealed as {exported.Seal} " +
                        $"but recomputes to {Convert.ToHexStringLower(hash)}: this event, or one before it, is not what was sealed.");
                }

                sealedEvents++;
                sealedHeadSeq = exported.Seq;
                sealedHead = hash;
            }
            else
            {
                unsealedSince ??= exported.Seq;
            }

            previous = hash;
            lastSeq = exported.Seq;
            events++;
            if (checkpoint is not null && exported.Seq == checkpoint.LastSeq)
            {
                atCheckpoint = hash;
                countAtCheckpoint = events;
            }
        }

        if (gapFillers.FirstOrDefault(g => g.StreamId is { } stream && catalogueStreams.Contains(stream)) is { } inserted)
        {
            return Fail(
                $"Event seq {inserted.Seq} (stream {inserted.StreamId}, version {inserted.Version}, {inserted.Type}) has no seal and sits on a stream " +
                "that holds catalogue events: it looks like Marten's gap filler, but Marten never writes one into a record's stream, so it was inserted.");
        }

        if (checkpoint is null)
        {
            return new OfflineCheck(events, sealedEvents, sealedHeadSeq, Convert.ToHexStringLower(sealedHead), null, null, gapFillers.Count);
        }

        var verdict = CheckCheckpoint(checkpoint, publicKeyPem, atCheckpoint, countAtCheckpoint, events);
        return new OfflineCheck(
            events, sealedEvents, sealedHeadSeq, Convert.ToHexStringLower(sealedHead),
            verdict.Problem is null ? verdict.Verdict : null, verdict.Problem, gapFillers.Count);
    }

    /// <summary>Why <paramref name="publicKeyPem"/> is not a PEM ECDSA key; null when it is.</summary>
    public static string? NotAPublicKey(string publicKeyPem)
    {
        using var key = PublicKey(publicKeyPem, out var why);
        return why;
    }

    /// <summary>The key <paramref name="publicKeyPem"/> holds; null, with <paramref name="why"/>, when it is not a PEM ECDSA key.</summary>
    private static ECDsa? PublicKey(string publicKeyPem, out string? why)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            why = null;
            return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            why = ex.Message;
            return null;
        }
    }

    private static (string? Verdict, string? Problem) CheckCheckpoint(Checkpoint checkpoint, string? publicKeyPem, byte[]? atCheckpoint, long countAtCheckpoint, long events)
    {
        if (publicKeyPem is null) return (null, "A checkpoint can only be checked with the public key that signed it (--public-key).");

        using var key = PublicKey(publicKeyPem, out var notAKey);
        if (key is null) return (null, $"The public key is not a PEM ECDSA key: {notAKey}");

        var keyId = CheckpointSigningKey.KeyIdOf(key.ExportSubjectPublicKeyInfo());
        if (keyId != checkpoint.KeyId)
        {
            return (null, $"Checkpoint #{checkpoint.Number} names signing key {checkpoint.KeyId}, but the public key given is {keyId}.");
        }

        if (!checkpoint.StatementMatchesFields())
        {
            return (null, $"Checkpoint #{checkpoint.Number}'s fields do not match the statement it carries.");
        }

        if (!CheckpointSigningKey.VerifyWith(key, checkpoint.Statement, checkpoint.SignatureBytes))
        {
            return (null, $"Checkpoint #{checkpoint.Number}'s signature does not verify with the public key: the checkpoint was altered or signed by another key.");
        }

        if (atCheckpoint is null)
        {
            return (null, $"Checkpoint #{checkpoint.Number} covers events up to seq {checkpoint.LastSeq}, but the export has no event with that seq: events were removed.");
        }

        var recomputed = Convert.ToHexStringLower(atCheckpoint);
        if (recomputed != checkpoint.HeadHash || countAtCheckpoint != checkpoint.SealedCount)
        {
            return (null,
                $"Checkpoint #{checkpoint.Number} signed head {checkpoint.HeadHash} after {VerbRun.Counted(checkpoint.SealedCount, "event")} at seq {checkpoint.LastSeq}; " +
                $"the export recomputes to {recomputed} after {VerbRun.Counted(countAtCheckpoint, "event")}: history up to the checkpoint was rewritten.");
        }

        // Seals alone vouch for nothing whoever holds the database could not recompute: only a later checkpoint covers these.
        var after = events - countAtCheckpoint;
        return ($"checkpoint #{checkpoint.Number} (seq {checkpoint.LastSeq}, {VerbRun.Counted(checkpoint.SealedCount, "event")}, signed {checkpoint.SignedAt}) " +
                $"matches the export and its signature verifies with key {keyId}" +
                (after > 0 ? $"; the {VerbRun.Counted(after, "event")} after it {(after == 1 ? "is" : "are")} vouched for by {(after == 1 ? "its seal" : "their seals")} alone, which whoever holds the database can recompute: check them against a later checkpoint" : ""), null);
    }

    /// <summary>Whether the first line names the export's format: a file that is not JSON at all is simply not an export.</summary>
    private static bool IsExportHeader(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<ExportHeader>(line, EventExport.Json)?.Format == EventExport.Format;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

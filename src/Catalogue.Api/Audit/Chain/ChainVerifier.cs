using System.Text.Json.Serialization;
using Npgsql;

namespace Catalogue.Api.Audit.Chain;

/// <summary>What a verification found: intact with the head it reached, or the first broken link.</summary>
/// <param name="SealedCount">Sealed events checked (the whole chain, or the record's).</param>
/// <param name="HeadSeq">The chain head's seq_id (record scope: the record's last sealed event).</param>
/// <param name="HeadHash">Its seal, in hex; 64 zeros for an empty chain.</param>
/// <param name="UnsealedBacklog">Committed events after the head, not sealed yet.</param>
/// <param name="UnsealedGapFillers">
/// Marten's fillers for the sequence numbers of failed writes that were not sealed (see <see cref="GapFillers"/>): not
/// catalogue events, so neither a break nor a backlog.
/// </param>
public sealed record ChainVerification(
    string Status,
    string Scope,
    Guid? RecordId,
    long SealedCount,
    long HeadSeq,
    string HeadHash,
    long UnsealedBacklog,
    long UnsealedGapFillers,
    int CheckpointsChecked,
    ChainBreak? Break)
{
    /// <summary>
    /// Of <see cref="CheckpointsChecked"/>, those signed by a key other than this service's (before a key change): they
    /// match the chain, but their signatures can only be checked with their own key's public key (<c>verify-export</c>).
    /// </summary>
    public int CheckpointsOfOtherKeys { get; init; }

    /// <summary>
    /// The triggers that refuse a rewrite of history which are off (switched off or dropped by a superuser): the history
    /// may be intact, but nothing stops its rewrite while they are (<see cref="EventChainSchema.GuardsOffAsync"/>).
    /// </summary>
    public IReadOnlyList<string> GuardsOff { get; init; } = [];

    public const string Intact = "intact";
    public const string Broken = "broken";

    [JsonIgnore]
    public bool IsIntact => Break is null;
}

/// <summary>
/// Recomputes the chain from <c>mt_events</c> in seq_id order and compares it with <c>event_seals</c> and the signed
/// checkpoints, inside one read-only snapshot (<see cref="ChainReader"/>).
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource, CheckpointSigningKey signingKey)
{
    /// <summary>The whole chain, from the genesis.</summary>
    public async Task<ChainVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await ChainReader.BeginSnapshotAsync(connection, ct);
        var checkpoints = await ChainCheckpoints.ReadAllAsync(connection, ct);
        var walked = await WalkAsync(connection, ChainHead.Genesis, 0, checkpoints, ct);
        return walked with { GuardsOff = await EventChainSchema.GuardsOffAsync(connection, ct) };
    }

    /// <summary>
    /// The chain after a trusted point (a checkpoint whose signature verified): what a new checkpoint needs to know
    /// before it vouches for the head, without re-reading the whole history every hour.
    /// </summary>
    public async Task<ChainVerification> VerifyAfterAsync(ChainHead trusted, long trustedCount, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await ChainReader.BeginSnapshotAsync(connection, ct);
        return await WalkAsync(connection, trusted, trustedCount, [], ct);
    }

    private async Task<ChainVerification> WalkAsync(
        NpgsqlConnection connection, ChainHead start, long startCount, IReadOnlyList<Checkpoint> checkpoints, CancellationToken ct)
    {
        var lastSealSeq = await ChainReader.LastSealSeqAsync(connection, ct);
        var pending = new Queue<Checkpoint>(checkpoints.OrderBy(c => c.LastSeq).ThenBy(c => c.Number));
        var previous = start.Hash;
        var headSeq = start.Seq;
        var sealedCount = startCount;
        var backlog = 0L;
        var gapFillers = 0L;
        var checkpointsChecked = 0;
        var ofOtherKeys = 0;
        using var hasher = new ChainHasher();

        ChainVerification Result(ChainBreak? broken) => new(
            broken is null ? ChainVerification.Intact : ChainVerification.Broken, "chain", null,
            sealedCount, headSeq, Convert.ToHexStringLower(previous), backlog, gapFillers, checkpointsChecked, broken) { CheckpointsOfOtherKeys = ofOtherKeys };

        // A checkpoint is checked once the walk has passed its seq_id: the hash there must be the one it signed.
        ChainBreak? CheckCheckpointsUpTo(long seq, bool atEnd = false)
        {
            while (pending.Count > 0 && pending.Peek().LastSeq <= seq)
            {
                var checkpoint = pending.Dequeue();
                var problem = CheckCheckpoint(checkpoint, headSeq, previous, sealedCount, atEnd);
                if (problem is not null) return problem;
                checkpointsChecked++;
                if (checkpoint.KeyId != signingKey.KeyId) ofOtherKeys++;
            }

            return null;
        }

        if (CheckCheckpointsUpTo(start.Seq) is { } early) return Result(early);

        // From the genesis, read from the very bottom: an event slipped in below the first seq_id must show too.
        var after = start.Seq == 0 ? long.MinValue : start.Seq;
        await foreach (var (e, seal) in ChainReader.ChainAfterAsync(connection, after, ct))
        {
            var seq = e?.Seq ?? seal!.Seq;
            if (CheckCheckpointsUpTo(seq - 1) is { } passed) return Result(passed);

            if (seal is null && e is not null && await ChainReader.IsGapFillerAsync(connection, e, ct))
            {
                gapFillers++;
                continue;
            }

            if (seq > lastSealSeq)
            {
                backlog++;
                continue;
            }

            if (e is null) return Result(ChainBreak.Deleted(seal!));
            if (seal is null) return Result(ChainBreak.Unsealed(e, lastSealSeq));

            var broken = CompareWithSeal(e, seal, previous, hasher, out var hash);
            if (broken is not null) return Result(broken);

            previous = hash;
            headSeq = e.Seq;
            sealedCount++;
        }

        if (CheckCheckpointsUpTo(long.MaxValue, atEnd: true) is { } late) return Result(late);
        return Result(await ChainReader.FirstArchivedAsync(connection, start.Seq, null, ct));
    }

    /// <summary>
    /// Whether the stream is a record's: its first event, or the seal of a first event since deleted, is an accession.
    /// Another stream's (a person's authority, Marten's own for the fillers of failed writes) is no record to verify.
    /// </summary>
    private static bool IsRecord(IReadOnlyList<RecordLink> links) =>
        links.FirstOrDefault(l => (l.Event?.Version ?? l.Seal?.Version) == 1) is { } first
        && (first.Event is null || first.Event.Type == Records.RecordEvents.StoredNameOf<Records.RecordAccessioned>());

    /// <summary>One record's events against their seals, and each of those seals against the seal before it.</summary>
    public async Task<ChainVerification?> VerifyRecordAsync(Guid recordId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await ChainReader.BeginSnapshotAsync(connection, ct);
        var lastSealSeq = await ChainReader.LastSealSeqAsync(connection, ct);
        var links = await ChainReader.RecordAsync(connection, recordId, ct);
        if (!IsRecord(links)) return null;

        var sealedCount = 0L;
        var backlog = 0L;
        var head = ChainHead.Genesis;
        using var hasher = new ChainHasher();
        ChainVerification Result(ChainBreak? broken) => new(
            broken is null ? ChainVerification.Intact : ChainVerification.Broken, "record", recordId,
            sealedCount, head.Seq, head.HashHex, backlog, 0, 0, broken);

        foreach (var (e, seal, preceding, eventStream, eventVersion) in links)
        {
            if (e is null)
            {
                return Result(eventStream is null
                    ? ChainBreak.Deleted(seal!)
                    : ChainBreak.Reordered(seal!, eventStream, eventVersion));
            }

            if (seal is null)
            {
                if (e.Seq > lastSealSeq)
                {
                    backlog++;
                    continue;
                }

                return Result(ChainBreak.Unsealed(e, lastSealSeq));
            }

            var expectedPrevious = preceding ?? ChainHasher.Genesis;
            if (!seal.PreviousHash.AsSpan().SequenceEqual(expectedPrevious)) return Result(ChainBreak.Relinked(e, seal, expectedPrevious));

            var broken = CompareWithSeal(e, seal, seal.PreviousHash, hasher, out var hash);
            if (broken is not null) return Result(broken);
            sealedCount++;
            head = new ChainHead(e.Seq, hash);
        }

        return Result(await ChainReader.FirstArchivedAsync(connection, 0, recordId, ct));
    }

    private ChainBreak? CheckCheckpoint(Checkpoint checkpoint, long headSeq, byte[] hashAtSeq, long sealedCount, bool atEnd)
    {
        if (!checkpoint.StatementMatchesFields() || (checkpoint.KeyId == signingKey.KeyId && !signingKey.Verify(checkpoint.Statement, checkpoint.SignatureBytes)))
            return ChainBreak.CheckpointSignature(checkpoint);

        if (headSeq < checkpoint.LastSeq) return atEnd ? ChainBreak.Truncated(checkpoint, headSeq) : ChainBreak.Deleted(checkpoint);

        if (Convert.ToHexStringLower(hashAtSeq) != checkpoint.HeadHash || sealedCount != checkpoint.SealedCount)
            return ChainBreak.CheckpointRewritten(checkpoint, hashAtSeq, sealedCount);

        return null;
    }

    private static ChainBreak? CompareWithSeal(ChainEvent e, StoredSeal seal, byte[] previous, ChainHasher hasher, out byte[] hash)
    {
        hash = [];
        if (seal.StreamId != e.StreamId || seal.Version != e.Version) return ChainBreak.Reordered(e, seal);
        if (!seal.PreviousHash.AsSpan().SequenceEqual(previous)) return ChainBreak.Relinked(e, seal, previous);

        hash = hasher.Next(previous, e);
        return hash.AsSpan().SequenceEqual(seal.Hash) ? null : ChainBreak.Altered(e, seal, hash);
    }
}

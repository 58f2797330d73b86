using System.Data;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Audit.Chain;

/// <summary>The first place where the events and their seals disagree, with what the seal expected and what was found.</summary>
/// <param name="Kind">
/// <c>altered</c> (the event's data or metadata no longer hashes to its seal), <c>deleted</c> (a seal whose event is gone),
/// <c>reordered</c> (the event at this seq_id is not the one sealed there), <c>unsealed</c> (an event inside the sealed
/// part of the chain that has no seal: inserted afterwards), <c>relinked</c> (a seal that does not follow the seal before
/// it: the seals themselves were edited), <c>checkpoint</c> (a signed checkpoint disagrees with the chain recomputed from
/// the events), <c>checkpoint-signature</c> (a stored checkpoint whose signature does not verify), <c>truncated</c> (a
/// signed checkpoint covers events and seals that are no longer there).
/// </param>
public sealed record ChainBreak(
    string Kind, long SeqId, Guid? StreamId, long? Version, string? Type, string Expected, string Found, string Meaning);

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
    public const string Intact = "intact";
    public const string Broken = "broken";

    [JsonIgnore]
    public bool IsIntact => Break is null;
}

/// <summary>One row of <c>event_seals</c>.</summary>
public sealed record StoredSeal(long Seq, Guid? StreamId, long? Version, byte[] Hash, byte[] PreviousHash)
{
    public const string Columns = "s.seq_id, s.stream_id, s.version, s.hash, s.previous_hash";

    public static StoredSeal Read(NpgsqlDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset),
        reader.IsDBNull(offset + 1) ? null : reader.GetGuid(offset + 1),
        reader.IsDBNull(offset + 2) ? null : reader.GetInt64(offset + 2),
        reader.GetFieldValue<byte[]>(offset + 3),
        reader.GetFieldValue<byte[]>(offset + 4));
}

/// <summary>
/// Recomputes the chain from <c>mt_events</c> in seq_id order and compares it with <c>event_seals</c> and the signed
/// checkpoints, inside one read-only snapshot so that a sealer at work cannot make it see half a page.
/// </summary>
public sealed class ChainVerifier(NpgsqlDataSource dataSource, CheckpointSigningKey signingKey)
{
    private const int PageSize = 2000;

    /// <summary>The whole chain, from the genesis.</summary>
    public async Task<ChainVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await BeginSnapshotAsync(connection, ct);
        var checkpoints = await ChainCheckpoints.ReadAllAsync(connection, ct);
        return await WalkAsync(connection, ChainHead.Genesis, 0, checkpoints, ct);
    }

    /// <summary>
    /// The chain after a trusted point (a checkpoint whose signature verified): what a new checkpoint needs to know
    /// before it vouches for the head, without re-reading the whole history every hour.
    /// </summary>
    public async Task<ChainVerification> VerifyAfterAsync(ChainHead trusted, long trustedCount, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await BeginSnapshotAsync(connection, ct);
        return await WalkAsync(connection, trusted, trustedCount, [], ct);
    }

    private async Task<ChainVerification> WalkAsync(
        NpgsqlConnection connection, ChainHead start, long startCount, IReadOnlyList<Checkpoint> checkpoints, CancellationToken ct)
    {
        var lastSealSeq = await LastSealSeqAsync(connection, ct);
        var pending = new Queue<Checkpoint>(checkpoints.OrderBy(c => c.LastSeq).ThenBy(c => c.Number));
        var previous = start.Hash;
        var headSeq = start.Seq;
        var sealedCount = startCount;
        var backlog = 0L;
        var gapFillers = 0L;
        var checkpointsChecked = 0;
        using var hasher = new ChainHasher();

        ChainVerification Result(ChainBreak? broken) => new(
            broken is null ? ChainVerification.Intact : ChainVerification.Broken, "chain", null,
            sealedCount, headSeq, Convert.ToHexStringLower(previous), backlog, gapFillers, checkpointsChecked, broken);

        // A checkpoint is checked once the walk has passed its seq_id: the hash there must be the one it signed.
        ChainBreak? CheckCheckpointsUpTo(long seq, bool atEnd = false)
        {
            while (pending.Count > 0 && pending.Peek().LastSeq <= seq)
            {
                var checkpoint = pending.Dequeue();
                var problem = CheckCheckpoint(checkpoint, headSeq, previous, sealedCount, atEnd);
                if (problem is not null) return problem;
                checkpointsChecked++;
            }

            return null;
        }

        if (CheckCheckpointsUpTo(start.Seq) is { } early) return Result(early);

        // From the genesis, read from the very bottom: an event slipped in below the first seq_id must show too.
        var after = start.Seq == 0 ? long.MinValue : start.Seq;
        await foreach (var (e, seal) in MergeAsync(EventsAfterAsync(connection, after, ct), SealsAfterAsync(connection, after, ct), ct))
        {
            var seq = e?.Seq ?? seal!.Seq;
            if (CheckCheckpointsUpTo(seq - 1) is { } passed) return Result(passed);

            if (seal is null && e is not null && await IsGapFillerAsync(connection, e, ct))
            {
                gapFillers++;
                continue;
            }

            if (seq > lastSealSeq)
            {
                backlog++;
                continue;
            }

            if (e is null)
            {
                return Result(new ChainBreak("deleted", seal!.Seq, seal.StreamId, seal.Version, null,
                    $"the event sealed here (stream {seal.StreamId}, version {seal.Version}, seal {Hex(seal.Hash)})",
                    "no event with this seq_id",
                    "An event was deleted after it was sealed."));
            }

            if (seal is null)
            {
                return Result(new ChainBreak("unsealed", e.Seq, e.StreamId, e.Version, e.Type,
                    $"a seal: the chain is sealed up to seq_id {lastSealSeq}",
                    "an event with no seal",
                    "An event was inserted into the sealed part of the chain after sealing (or committed too late to be sealed)."));
            }

            var broken = CompareWithSeal(e, seal, previous, hasher, out var hash);
            if (broken is not null) return Result(broken);

            previous = hash;
            headSeq = e.Seq;
            sealedCount++;
        }

        if (CheckCheckpointsUpTo(long.MaxValue, atEnd: true) is { } late) return Result(late);
        return Result(null);
    }

    /// <summary>One record's events against their seals, and each of those seals against the seal before it.</summary>
    public async Task<ChainVerification?> VerifyRecordAsync(Guid recordId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await BeginSnapshotAsync(connection, ct);
        var lastSealSeq = await LastSealSeqAsync(connection, ct);

        var rows = new List<(ChainEvent? Event, StoredSeal? Seal, byte[]? Preceding, Guid? EventStream, long? EventVersion)>();
        await using (var command = new NpgsqlCommand(
            $"""
            select {ChainEvent.Columns}, {StoredSeal.Columns},
                   (select p.hash from {EventChainSchema.Seals} p where p.seq_id < s.seq_id order by p.seq_id desc limit 1)
            from {EventChainSchema.Events} e left join {EventChainSchema.Seals} s on s.seq_id = e.seq_id
            where e.stream_id = @id
            order by e.seq_id
            """, connection))
        {
            command.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, recordId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            const int sealAt = ChainEvent.ColumnCount;
            while (await reader.ReadAsync(ct))
            {
                var seal = reader.IsDBNull(sealAt) ? null : StoredSeal.Read(reader, sealAt);
                var preceding = reader.IsDBNull(sealAt + 5) ? null : reader.GetFieldValue<byte[]>(sealAt + 5);
                rows.Add((ChainEvent.Read(reader), seal, preceding, null, null));
            }
        }

        // Seals of this record whose event is gone or is no longer this record's.
        await using (var command = new NpgsqlCommand(
            $"""
            select {StoredSeal.Columns}, e.stream_id, e.version
            from {EventChainSchema.Seals} s left join {EventChainSchema.Events} e on e.seq_id = s.seq_id
            where s.stream_id = @id and (e.seq_id is null or e.stream_id is distinct from s.stream_id)
            """, connection))
        {
            command.Parameters.AddWithValue("id", NpgsqlDbType.Uuid, recordId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((null, StoredSeal.Read(reader), null,
                    reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
        }

        if (rows.Count == 0) return null;
        rows.Sort((a, b) => (a.Event?.Seq ?? a.Seal!.Seq).CompareTo(b.Event?.Seq ?? b.Seal!.Seq));

        var sealedCount = 0L;
        var backlog = 0L;
        var head = ChainHead.Genesis;
        using var hasher = new ChainHasher();
        ChainVerification Result(ChainBreak? broken) => new(
            broken is null ? ChainVerification.Intact : ChainVerification.Broken, "record", recordId,
            sealedCount, head.Seq, head.HashHex, backlog, 0, 0, broken);

        foreach (var (e, seal, preceding, eventStream, eventVersion) in rows)
        {
            if (e is null)
            {
                return Result(eventStream is null
                    ? new ChainBreak("deleted", seal!.Seq, seal.StreamId, seal.Version, null,
                        $"the event sealed here (stream {seal.StreamId}, version {seal.Version}, seal {Hex(seal.Hash)})",
                        "no event with this seq_id", "An event of this record was deleted after it was sealed.")
                    : new ChainBreak("reordered", seal!.Seq, seal.StreamId, seal.Version, null,
                        $"stream {seal.StreamId}, version {seal.Version} at this seq_id",
                        $"stream {eventStream}, version {eventVersion}",
                        "This record's event was moved away from the place in the sequence where it was sealed."));
            }

            if (seal is null)
            {
                if (e.Seq > lastSealSeq)
                {
                    backlog++;
                    continue;
                }

                return Result(new ChainBreak("unsealed", e.Seq, e.StreamId, e.Version, e.Type,
                    $"a seal: the chain is sealed up to seq_id {lastSealSeq}", "an event with no seal",
                    "An event was inserted into the sealed part of the chain after sealing (or committed too late to be sealed)."));
            }

            var expectedPrevious = preceding ?? ChainHasher.Genesis;
            if (!seal.PreviousHash.AsSpan().SequenceEqual(expectedPrevious))
            {
                return Result(Relinked(e, seal, expectedPrevious));
            }

            var broken = CompareWithSeal(e, seal, seal.PreviousHash, hasher, out var hash);
            if (broken is not null) return Result(broken);
            sealedCount++;
            head = new ChainHead(e.Seq, hash);
        }

        return Result(null);
    }

    /// <summary>
    /// SQL condition over <c>mt_events</c> aliased <c>e</c>: a committed event after the chain head, waiting for its seal.
    /// Gap fillers are not waited for: they may never be sealed.
    /// </summary>
    public static readonly string AwaitingSealSql =
        $"e.seq_id > (select coalesce(max(s.seq_id), 0) from {EventChainSchema.Seals} s) and not {GapFillers.Sql}";

    /// <summary>Committed events not sealed yet: what a caller waits on before it reads a fresh verification.</summary>
    public async Task<long> UnsealedBacklogAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select count(*) from {EventChainSchema.Events} e where {AwaitingSealSql}");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<bool> IsGapFillerAsync(NpgsqlConnection connection, ChainEvent e, CancellationToken ct)
    {
        if (!GapFillers.HasShapeOf(e)) return false;
        await using var command = new NpgsqlCommand($"select exists (select 1 from {EventChainSchema.Events} e where e.seq_id = @seq and {GapFillers.Sql})", connection);
        command.Parameters.AddWithValue("seq", NpgsqlDbType.Bigint, e.Seq);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private ChainBreak? CheckCheckpoint(Checkpoint checkpoint, long headSeq, byte[] hashAtSeq, long sealedCount, bool atEnd)
    {
        if (!checkpoint.StatementMatchesFields() || (checkpoint.KeyId == signingKey.KeyId && !signingKey.Verify(checkpoint.Statement, checkpoint.SignatureBytes)))
        {
            return new ChainBreak("checkpoint-signature", checkpoint.LastSeq, null, null, null,
                $"checkpoint #{checkpoint.Number} signed by key {checkpoint.KeyId}",
                "a signature that does not verify over the checkpoint's statement",
                "A stored checkpoint was altered after it was signed.");
        }

        if (headSeq < checkpoint.LastSeq)
        {
            return atEnd
                ? new ChainBreak("truncated", checkpoint.LastSeq, null, null, null,
                    $"a chain sealed up to seq_id {checkpoint.LastSeq} with head {checkpoint.HeadHash} (checkpoint #{checkpoint.Number})",
                    $"a chain that ends at seq_id {headSeq}",
                    "Events and their seals were removed from the end of the chain after the checkpoint was signed.")
                : new ChainBreak("deleted", checkpoint.LastSeq, null, null, null,
                    $"the event at seq_id {checkpoint.LastSeq}, the head of checkpoint #{checkpoint.Number} ({checkpoint.HeadHash})",
                    $"no event and no seal at seq_id {checkpoint.LastSeq}",
                    "An event was deleted together with its seal after the checkpoint was signed.");
        }

        var found = Convert.ToHexStringLower(hashAtSeq);
        if (found != checkpoint.HeadHash || sealedCount != checkpoint.SealedCount)
        {
            return new ChainBreak("checkpoint", checkpoint.LastSeq, null, null, null,
                $"head {checkpoint.HeadHash} after {checkpoint.SealedCount} events (checkpoint #{checkpoint.Number}, signed {checkpoint.SignedAt})",
                $"head {found} after {sealedCount} events",
                "The chain was rewritten before this checkpoint: events and seals were changed together.");
        }

        return null;
    }

    private static ChainBreak? CompareWithSeal(ChainEvent e, StoredSeal seal, byte[] previous, ChainHasher hasher, out byte[] hash)
    {
        hash = [];
        if (seal.StreamId != e.StreamId || seal.Version != e.Version)
        {
            return new ChainBreak("reordered", e.Seq, e.StreamId, e.Version, e.Type,
                $"stream {seal.StreamId}, version {seal.Version} at this seq_id",
                $"stream {e.StreamId}, version {e.Version}",
                "The events were reordered: this is not the event that was sealed at this place in the sequence.");
        }

        if (!seal.PreviousHash.AsSpan().SequenceEqual(previous)) return Relinked(e, seal, previous);

        hash = hasher.Next(previous, e);
        if (!hash.AsSpan().SequenceEqual(seal.Hash))
        {
            return new ChainBreak("altered", e.Seq, e.StreamId, e.Version, e.Type,
                Hex(seal.Hash), Hex(hash),
                "The event's data or metadata changed after it was sealed.");
        }

        return null;
    }

    private static ChainBreak Relinked(ChainEvent e, StoredSeal seal, byte[] expectedPrevious) =>
        new("relinked", e.Seq, e.StreamId, e.Version, e.Type,
            $"previous hash {Hex(expectedPrevious)}", $"previous hash {Hex(seal.PreviousHash)}",
            "The seal does not follow the seal before it: the seals themselves were edited.");

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static async Task<NpgsqlTransaction> BeginSnapshotAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var readOnly = new NpgsqlCommand("set transaction read only", connection, transaction);
        await readOnly.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    private static async Task<long> LastSealSeqAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {EventChainSchema.Seals}", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Events after a seq_id, a page at a time, so that a long history streams instead of loading at once.</summary>
    public static async IAsyncEnumerable<ChainEvent> EventsAfterAsync(
        NpgsqlConnection connection, long after, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var page = new List<ChainEvent>(PageSize);
            await using (var command = new NpgsqlCommand(
                $"select {ChainEvent.Columns} from {EventChainSchema.Events} e where e.seq_id > @after order by e.seq_id limit {PageSize}", connection))
            {
                command.Parameters.AddWithValue("after", NpgsqlDbType.Bigint, after);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) page.Add(ChainEvent.Read(reader));
            }

            foreach (var e in page) yield return e;
            if (page.Count < PageSize) yield break;
            after = page[^1].Seq;
        }
    }

    public static async IAsyncEnumerable<StoredSeal> SealsAfterAsync(
        NpgsqlConnection connection, long after, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var page = new List<StoredSeal>(PageSize);
            await using (var command = new NpgsqlCommand(
                $"select {StoredSeal.Columns} from {EventChainSchema.Seals} s where s.seq_id > @after order by s.seq_id limit {PageSize}", connection))
            {
                command.Parameters.AddWithValue("after", NpgsqlDbType.Bigint, after);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) page.Add(StoredSeal.Read(reader));
            }

            foreach (var s in page) yield return s;
            if (page.Count < PageSize) yield break;
            after = page[^1].Seq;
        }
    }

    /// <summary>Pairs events and seals by seq_id; either side may be missing where the other is present.</summary>
    public static async IAsyncEnumerable<(ChainEvent? Event, StoredSeal? Seal)> MergeAsync(
        IAsyncEnumerable<ChainEvent> events, IAsyncEnumerable<StoredSeal> seals, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var e = events.GetAsyncEnumerator(ct);
        await using var s = seals.GetAsyncEnumerator(ct);
        var hasEvent = await e.MoveNextAsync();
        var hasSeal = await s.MoveNextAsync();
        while (hasEvent || hasSeal)
        {
            if (hasEvent && (!hasSeal || e.Current.Seq < s.Current.Seq))
            {
                yield return (e.Current, null);
                hasEvent = await e.MoveNextAsync();
            }
            else if (hasSeal && (!hasEvent || s.Current.Seq < e.Current.Seq))
            {
                yield return (null, s.Current);
                hasSeal = await s.MoveNextAsync();
            }
            else
            {
                yield return (e.Current, s.Current);
                hasEvent = await e.MoveNextAsync();
                hasSeal = await s.MoveNextAsync();
            }
        }
    }
}

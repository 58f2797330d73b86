using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Audit.Chain;

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
/// One place in a record's part of the chain: its event with the seal at that seq_id and the seal before it, or a seal
/// of the record whose event is gone (<see cref="Event"/> null) or is now another stream's (<see cref="EventStream"/>).
/// </summary>
public sealed record RecordLink(ChainEvent? Event, StoredSeal? Seal, byte[]? PrecedingHash, Guid? EventStream, long? EventVersion)
{
    public long Seq => Event?.Seq ?? Seal!.Seq;
}

/// <summary>
/// Reads the events and their seals as the chain's checks and its export need them: inside one read-only snapshot,
/// page by page in seq_id order, events and seals paired by seq_id with either side possibly missing.
/// </summary>
public static class ChainReader
{
    private const int PageSize = 2000;

    /// <summary>
    /// SQL condition over <c>mt_events</c> aliased <c>e</c>: a committed event after the chain head, waiting for its seal.
    /// Gap fillers are not waited for: they may never be sealed.
    /// </summary>
    public static readonly string AwaitingSealSql =
        $"e.seq_id > (select coalesce(max(s.seq_id), 0) from {EventChainSchema.Seals} s) and not {GapFillers.Sql}";

    /// <summary>A repeatable-read, read-only transaction, so that a sealer at work cannot make a reader see half a page.</summary>
    public static async Task<NpgsqlTransaction> BeginSnapshotAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var readOnly = new NpgsqlCommand("set transaction read only", connection, transaction);
        await readOnly.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    public static async Task<long> LastSealSeqAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {EventChainSchema.Seals}", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The first event after <paramref name="after"/> (of one stream, when named) flagged archived, as a break; null when none is.</summary>
    public static async Task<ChainBreak?> FirstArchivedAsync(NpgsqlConnection connection, long after, Guid? stream, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select seq_id, stream_id, version, type from {EventChainSchema.Events} where seq_id > @after and is_archived{(stream is null ? "" : " and stream_id = @stream")} order by seq_id limit 1",
            connection);
        command.Parameters.AddWithValue("after", after);
        if (stream is { } id) command.Parameters.AddWithValue("stream", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return ChainBreak.Archived(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3));
    }

    /// <summary>Whether an unsealed event is one of Marten's gap fillers, which its stream decides (see <see cref="GapFillers"/>).</summary>
    public static async Task<bool> IsGapFillerAsync(NpgsqlConnection connection, ChainEvent e, CancellationToken ct)
    {
        if (!GapFillers.HasShapeOf(e)) return false;
        await using var command = new NpgsqlCommand($"select exists (select 1 from {EventChainSchema.Events} e where e.seq_id = @seq and {GapFillers.Sql})", connection);
        command.Parameters.AddWithValue("seq", NpgsqlDbType.Bigint, e.Seq);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Events and seals after a seq_id, paired: what the whole-chain check walks and the export writes.</summary>
    public static IAsyncEnumerable<(ChainEvent? Event, StoredSeal? Seal)> ChainAfterAsync(NpgsqlConnection connection, long after, CancellationToken ct) =>
        MergeAsync(EventsAfterAsync(connection, after, ct), SealsAfterAsync(connection, after, ct), ct);

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

    /// <summary>A record's part of the chain in seq_id order; empty when the record has neither events nor seals.</summary>
    public static async Task<IReadOnlyList<RecordLink>> RecordAsync(NpgsqlConnection connection, Guid recordId, CancellationToken ct)
    {
        var links = new List<RecordLink>();
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
                links.Add(new RecordLink(ChainEvent.Read(reader), seal, preceding, null, null));
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
                links.Add(new RecordLink(null, StoredSeal.Read(reader), null,
                    reader.IsDBNull(5) ? null : reader.GetGuid(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
            }
        }

        links.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return links;
    }
}

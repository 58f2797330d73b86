// Why a sealer behind the append, and not a seal inside it.
//
// Two ways to put every committed event into one SHA-256 chain:
//
// 1. Seal inside the append transaction (a trigger or the write path computes hash_n from hash_{n-1} before commit).
//    The seal is there the instant the event is, but every append must read the chain head and hold it until it
//    commits: all writers in the service queue behind one row lock, for the full length of their transactions
//    (inline projections included). Worse, seq_id is taken from a sequence before the lock, so two writers can lock
//    the head in the opposite order to their seq_ids: the chain would have to define its own order instead of the
//    event store's, or the lock would have to be taken before the sequence, serialising even more.
//
// 2. A single sealer in the style of a transparency log's sequencer (this class). Appends stay as they are; Marten's
//    async daemon hands the sealer committed events in seq_id order once no earlier sequence number can still commit
//    (the high-water mark), and the sealer writes the seals in the same transaction as its progress, so a crash
//    either keeps both or neither. With HotCold (or Wolverine-managed distribution) exactly one node runs it. The
//    price is a delay: an event is sealed a poll later (the daemon polls every 0.25-1 s; a sequence gap left by a
//    rolled-back append holds it up to its 3 s stale-sequence threshold). The verifier reports events not yet sealed
//    as a backlog, not as a break.
//
// Measured with tests/Catalogue.Benchmarks (8 concurrent writers, one event per transaction, embedded PostgreSQL 15,
// 2 cores shared with other work, so runs vary by ±20 %). Appends/s over three durable (fsync on) runs:
//   no chain 1,421-2,291 | this sealer running 1,854-1,932 | sealed inside the append 864-886
// and with fsync off: no chain 1,143-2,004 | sealer 1,981-2,170 | inside the append 1,193-1,321.
// The sealer's cost is lost in the noise because it reads behind the writers; sealing inside the append halves
// throughput because every writer waits for the chain head. The last of 400 appends was sealed 23-980 ms after it
// committed. Verification ran at 38,000-51,000 events/s against the database and 106,000-149,000 from an export.
//
// Known limit, shared with every Marten async projection: an append that holds its sequence number for longer than the
// stale-sequence threshold before committing lands behind the sealer. Such an event is never sealed and the verifier
// reports it as an unsealed event inside the chain, which is what it would also report for an inserted event: an
// operator has to look at it. Catalogue's appends are short transactions, so this needs a stalled database.

using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Audit.Chain;

/// <summary>The end of the chain as stored: the last seal's event sequence and hash, or the genesis.</summary>
public sealed record ChainHead(long Seq, byte[] Hash)
{
    public static readonly ChainHead Genesis = new(0, ChainHasher.Genesis);

    public string HashHex => Convert.ToHexStringLower(Hash);

    public const string Query = $"select seq_id, hash from {EventChainSchema.Seals} order by seq_id desc limit 1";
}

/// <summary>Raised when the stored chain is not where the sealer expects it to be; the sealer stops rather than guess.</summary>
public sealed class EventChainException(string message) : Exception(message);

/// <summary>Seals every committed event into the chain, in seq_id order, as Marten's async daemon delivers them.</summary>
public sealed class EventSealer : SubscriptionBase
{
    public const string SubscriptionName = "event_chain_sealer";

    private readonly ILogger<EventSealer> _logger;

    /// <param name="logger">
    /// Where it says why it stopped: the daemon pauses a subscription that reports a critical failure without a word in
    /// the log (found from outside: a rewound sealer stood paused, and the only line was the sealing lag's warning,
    /// which sent the operator to a log that said nothing).
    /// </param>
    public EventSealer(ILogger<EventSealer> logger)
    {
        _logger = logger;
        Name = SubscriptionName;
        Options.BatchSize = 500;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(operations, cancellationToken);
        if (head.Seq > page.SequenceFloor)
        {
            // The daemon is replaying events the chain already holds (a rebuild, a rewound progress row). Sealing them
            // again would fork the chain; stop and let an operator decide.
            var problem = new EventChainException(
                $"The event chain is sealed up to seq {head.Seq}, but the sealer was asked to continue from seq {page.SequenceFloor}. " +
                "Seals are written once; rewinding the sealer is not supported.");
            _logger.LogError("The event chain's sealer stopped: {Problem} Every event appended from now on stays unsealed until an operator has looked at the chain (verify) and the sealer's position", problem.Message);
            await controller.ReportCriticalFailureAsync(problem);
            throw problem;
        }

        var events = await ReadEventsAsync(operations, head.Seq, page.SequenceCeiling, cancellationToken);
        if (events.Count == 0) return NullChangeListener.Instance;

        var hashes = new byte[events.Count][];
        using (var hasher = new ChainHasher())
        {
            var previous = head.Hash;
            for (var i = 0; i < events.Count; i++)
            {
                hashes[i] = hasher.Next(previous, events[i]);
                previous = hashes[i];
            }
        }

        operations.QueueSqlCommand(
            $"select {EventChainSchema.SealFunction}(?, ?, ?, ?, ?, ?)",
            head.Seq,
            head.Hash,
            events.Select(e => e.Seq).ToArray(),
            events.Select(e => e.StreamId).ToArray(),
            events.Select(e => e.Version).ToArray(),
            hashes);
        return NullChangeListener.Instance;
    }

    private static async Task<ChainHead> ReadHeadAsync(IQuerySession session, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ChainHead.Query);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        return await reader.ReadAsync(ct) ? new ChainHead(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : ChainHead.Genesis;
    }

    /// <summary>Every committed event after the head up to the daemon's ceiling, read back as PostgreSQL stores it.</summary>
    private static async Task<List<ChainEvent>> ReadEventsAsync(IQuerySession session, long after, long ceiling, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select {ChainEvent.Columns} from {EventChainSchema.Events} e where e.seq_id > @after and e.seq_id <= @ceiling order by e.seq_id");
        command.Parameters.AddWithValue("after", NpgsqlDbType.Bigint, after);
        command.Parameters.AddWithValue("ceiling", NpgsqlDbType.Bigint, ceiling);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        var events = new List<ChainEvent>();
        while (await reader.ReadAsync(ct)) events.Add(ChainEvent.Read(reader));
        return events;
    }
}

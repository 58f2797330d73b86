using JasperFx.Events;

namespace Catalogue.Api.Audit.Chain;

/// <summary>
/// Marten's fillers ("tombstones") for the sequence numbers of a unit of work that failed after PostgreSQL handed them
/// out: rows of type <c>tombstone</c> with empty data on a bookkeeping stream of Marten's own, written in the background
/// and retried until the database takes them — after an outage, once it is back. By then the sealer may have waited out
/// the gap and sealed the events after it, so such a row can land behind the chain head and never be sealed.
/// </summary>
/// <remarks>
/// A gap filler carries nothing of the catalogue and belongs to no record, so the checks neither call an unsealed one a
/// break nor wait for it. The exemption is narrow: the row must have exactly the shape Marten writes (no actor, no
/// headers, <c>{}</c> as data, its sequence number as its version) and sit on a stream that holds no other kind of event.
/// The same row inside a record's stream is still reported, by the whole-chain and the record check alike.
/// </remarks>
public static class GapFillers
{
    public static readonly string Type = Tombstone.Name;

    /// <summary>SQL condition over <c>mt_events</c> aliased <c>e</c>: the row is one of Marten's gap fillers.</summary>
    public static readonly string Sql =
        $"(e.type = '{Type}' and e.data = '{{}}'::jsonb and e.version = e.seq_id and e.user_name is null and e.headers is null " +
        $"and not exists (select 1 from {EventChainSchema.Events} r where r.stream_id = e.stream_id and r.type <> '{Type}'))";

    /// <summary>The row has the gap filler's shape; whether it is one also depends on its stream (see <see cref="Sql"/>).</summary>
    public static bool HasShapeOf(ChainEvent e) =>
        e.Type == Type && e.Data == "{}" && e.Version == e.Seq && e.UserName is null && e.Headers is null;
}

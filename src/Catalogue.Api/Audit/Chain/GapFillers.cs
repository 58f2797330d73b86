using Catalogue.Api.Records;
using JasperFx.Events;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

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

    private static readonly PostgresqlObjectName OnlyForNumbersHandedOutName =
        new(CatalogueSchema.Name, "gap_filler_only_behind_the_sequence", SchemaUtils.IdentifierUsage.General);

    /// <summary>
    /// Lets a gap filler in only for a sequence number the store has handed out. Marten fills the numbers a failed write
    /// was given; but when the sequence is behind those numbers by the time the filler arrives — a standby promoted after
    /// the write failed on the old primary, whose last numbers it never saw — the "gap" lies ahead, and the filler would
    /// take a number the sequence will hand to the next archivist, whose write would then fail on a duplicate. Such a
    /// filler fills nothing: it is skipped, and the number goes to a real event.
    /// </summary>
    public static CatalogueFunction OnlyForNumbersHandedOutFunction() => new(OnlyForNumbersHandedOutName, $$"""
        CREATE OR REPLACE FUNCTION {{OnlyForNumbersHandedOutName.QualifiedName}}() RETURNS trigger LANGUAGE plpgsql AS
        $function$
        BEGIN
            IF NEW.seq_id > COALESCE(pg_sequence_last_value('{{CatalogueSchema.Name}}.mt_events_sequence'), 0) THEN
                RETURN NULL;
            END IF;
            RETURN NEW;
        END;
        $function$;
        """);

    /// <summary>Runs <see cref="OnlyForNumbersHandedOutFunction"/> for gap fillers only, so an ordinary append pays nothing.</summary>
    public static CatalogueTrigger OnlyForNumbersHandedOut() => new("gap_fillers_only_behind_the_sequence", "mt_events", OnlyForNumbersHandedOutName)
    {
        Timing = TriggerTiming.Before,
        Events = TriggerEvents.Insert,
        ForEachRow = true,
        Condition = $"NEW.type = '{Type}'",
        // How PostgreSQL prints the condition back (pg_get_triggerdef), which is what the schema check compares.
        StoredCondition = $"((new.type)::text = '{Type}'::text)",
    };

    /// <summary>The row has the gap filler's shape; whether it is one also depends on its stream (see <see cref="Sql"/>).</summary>
    public static bool HasShapeOf(ChainEvent e) =>
        e.Type == Type && e.Data == "{}" && e.Version == e.Seq && e.UserName is null && e.Headers is null;
}

using Catalogue.Api.Records;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace Catalogue.Api.Audit.Chain;

/// <summary>The chain's tables, the sealing function and the triggers that keep history from being rewritten.</summary>
public static class EventChainSchema
{
    public const string Events = CatalogueSchema.Name + ".mt_events";
    public const string Seals = CatalogueSchema.Name + ".event_seals";
    public const string Checkpoints = CatalogueSchema.Name + ".chain_checkpoints";
    public const string SealFunction = CatalogueSchema.Name + ".seal_events";

    /// <summary>The message of the error every refused UPDATE or DELETE of an event raises.</summary>
    public const string ImmutableEventsMessage = "events are immutable";

    /// <summary>Serialises sealers (a second node, a stray rebuild) on the chain head; any constant will do.</summary>
    public const long SealLockKey = 0x63_61_74_5F_63_68_61_69; // "cat_chai"

    /// <summary>Held while a checkpoint is signed, so that checkpoints are numbered in the order of their heads and times, whichever node signs.</summary>
    public const long CheckpointLockKey = 0x63_61_74_5F_63_68_6B_70; // "cat_chkp"

    public static Table SealTable()
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "event_seals", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn<Guid>("stream_id").AddIndex(); // verifying one record finds its seals by stream
        table.AddColumn<long>("version");
        table.AddColumn("hash", "bytea").NotNull();
        table.AddColumn("previous_hash", "bytea").NotNull();
        table.AddColumn("sealed_at", "timestamptz").NotNull();
        return table;
    }

    public static Table CheckpointTable()
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "chain_checkpoints", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("number").BigAutoIncrement().AsPrimaryKey();
        table.AddColumn<long>("last_seq_id").NotNull();
        table.AddColumn<long>("sealed_count").NotNull();
        table.AddColumn("head_hash", "bytea").NotNull();
        table.AddColumn("signed_at", "timestamptz").NotNull();
        table.AddColumn("key_id", "varchar").NotNull();
        table.AddColumn("statement", "text").NotNull();
        table.AddColumn("signature", "bytea").NotNull();
        return table;
    }

    /// <summary>
    /// Appends one page of seals after the chain head the sealer says it continues from, or refuses when the head
    /// is elsewhere: a seal is never written twice or out of order, so nothing here needs "on conflict do nothing".
    /// </summary>
    public static CatalogueFunction SealEventsFunction() => new(new PostgresqlObjectName(CatalogueSchema.Name, "seal_events", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{SealFunction}}(expected_head_seq bigint, expected_head_hash bytea, seq_ids bigint[], stream_ids uuid[], versions bigint[], hashes bytea[]) RETURNS void LANGUAGE plpgsql AS
        $function$
        DECLARE
            head_seq bigint;
            head_hash bytea;
        BEGIN
            PERFORM pg_advisory_xact_lock({{SealLockKey}});
            SELECT seq_id, hash INTO head_seq, head_hash FROM {{Seals}} ORDER BY seq_id DESC LIMIT 1;
            IF COALESCE(head_seq, 0) <> expected_head_seq OR COALESCE(head_hash, decode(repeat('00', 32), 'hex')) <> expected_head_hash THEN
                RAISE EXCEPTION 'event chain head is at seq % (%), not at seq % (%) where the sealer continues from', COALESCE(head_seq, 0), encode(head_hash, 'hex'), expected_head_seq, encode(expected_head_hash, 'hex');
            END IF;
            IF seq_ids[1] <= COALESCE(head_seq, 0) THEN
                RAISE EXCEPTION 'event % is at or before the chain head %; events are sealed once, in order', seq_ids[1], head_seq;
            END IF;
            INSERT INTO {{Seals}} (seq_id, stream_id, version, hash, previous_hash, sealed_at)
            SELECT s.seq_id, s.stream_id, s.version, s.hash, COALESCE(lag(s.hash) OVER (ORDER BY s.ord), expected_head_hash), now()
            FROM unnest(seq_ids, stream_ids, versions, hashes) WITH ORDINALITY AS s(seq_id, stream_id, version, hash, ord);
        END;
        $function$;
        """);

    /// <summary>
    /// Refuses UPDATE and DELETE on events, seals and checkpoints, and archiving a stream. TRUNCATE fires no row trigger,
    /// so Marten's <c>DeleteAllEventDataAsync</c> (a deliberate wipe of the whole store) still works. The catalogue never
    /// archives: an event or a stream flagged archived is hidden from history, as-of and diff, and the flag is outside
    /// the seal (found from outside: one UPDATE of <c>is_archived</c>, which this guard let through, hid an event from
    /// every reading of history while the chain verified intact).
    /// </summary>
    private static readonly PostgresqlObjectName RefuseRewrite = new PostgresqlObjectName(CatalogueSchema.Name, "refuse_history_rewrite", SchemaUtils.IdentifierUsage.General);

    public static CatalogueFunction RefuseRewriteFunction() => new(RefuseRewrite, $$"""
        CREATE OR REPLACE FUNCTION {{CatalogueSchema.Name}}.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS
        $function$
        BEGIN
            IF TG_TABLE_NAME = 'mt_streams' THEN
                RAISE EXCEPTION '{{ImmutableEventsMessage}}: archiving stream % refused; records are never archived', OLD.id
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_TABLE_NAME = 'mt_events' THEN
                RAISE EXCEPTION '{{ImmutableEventsMessage}}: % of event % (stream %, version %) refused', TG_OP, OLD.seq_id, OLD.stream_id, OLD.version
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RAISE EXCEPTION '% rows are immutable: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'integrity_constraint_violation';
        END;
        $function$;
        """);

    public static StoreOptions AddEventChainSchema(this StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(SealTable());
        opts.Storage.ExtendedSchemaObjects.Add(CheckpointTable());
        // The triggers need their tables; Marten creates these objects after its own.
        return CatalogueSchemaObjects.Add(
            opts,
            SealEventsFunction(),
            RefuseRewriteFunction(),
            Guard(Guards[0], "mt_events"),
            Guard(Guards[1], "event_seals"),
            Guard(Guards[2], "chain_checkpoints"),
            StreamsNeverArchived(),
            GapFillers.OnlyForNumbersHandedOutFunction(),
            GapFillers.OnlyForNumbersHandedOut());
    }

    /// <summary>The triggers that refuse a rewrite of history: the events', the seals', the checkpoints' and the streams'.</summary>
    public static readonly IReadOnlyList<string> Guards = ["mt_events_are_immutable", "event_seals_are_immutable", "chain_checkpoints_are_immutable", "streams_are_never_archived"];

    /// <summary>
    /// The guards that are off: switched off (<c>ALTER TABLE … DISABLE TRIGGER</c>, or set to fire on replicas only) or
    /// dropped. A superuser can do either, and either outlives a restart; the history may still be intact, but nothing
    /// stops its rewrite meanwhile.
    /// </summary>
    public static async Task<IReadOnlyList<string>> GuardsOffAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT g.name FROM unnest(@guards) AS g(name) WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid " +
            "WHERE c.relnamespace = @schema::regnamespace AND t.tgname = g.name AND t.tgenabled IN ('O', 'A')) ORDER BY g.name", connection);
        command.Parameters.AddWithValue("guards", Guards.ToArray());
        command.Parameters.AddWithValue("schema", CatalogueSchema.Name);
        var off = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) off.Add(reader.GetString(0));
        return off;
    }

    /// <summary>Every append updates its stream's row; only a change of its archived flag calls the guard.</summary>
    private static CatalogueTrigger StreamsNeverArchived() => new(
        Guards[3],
        "mt_streams",
        RefuseRewrite)
    {
        Timing = TriggerTiming.Before,
        Events = TriggerEvents.Update,
        ForEachRow = true,
        Condition = "NEW.is_archived IS DISTINCT FROM OLD.is_archived",
        // How PostgreSQL prints the condition back (pg_get_triggerdef), which is what the schema check compares.
        StoredCondition = "(new.is_archived IS DISTINCT FROM old.is_archived)",
    };

    private static CatalogueTrigger Guard(string name, string table) => new(
        name,
        table,
        RefuseRewrite)
    {
        Timing = TriggerTiming.Before,
        Events = TriggerEvents.Update | TriggerEvents.Delete,
        ForEachRow = true,
    };
}


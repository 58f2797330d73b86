using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace Catalogue.Api.Interop.Oai;

/// <summary>
/// What an OAI-PMH harvest reads: a row per record that was ever published, with its datestamp, whether it is
/// published now, and its sets. A trigger writes the row whenever the record's <see cref="OaiEntry"/> changes, and
/// stamps it with the time it is written, under a lock it holds until it commits.
/// </summary>
/// <remarks>
/// The promise of incremental harvesting is that a harvest from the last one's response date sees every change since.
/// An event's own time cannot keep it: it is taken before the change commits, so a harvest running meanwhile reads past
/// that time without seeing the change, and the next one starts after it. Here a row is stamped only while its writer
/// holds <see cref="HarvestLock"/> exclusively, until its commit; a harvest takes the lock shared for the moment it reads
/// the clock (<see cref="HarvestBoundaryAsync"/>). Every row stamped before that moment was committed before it, every row
/// stamped after has a later datestamp, so a harvest up to the moment misses nothing and the next one, from it, sees
/// the rest. The writer is the async daemon, one transaction at a time, so commands never wait for the lock.
/// </remarks>
public static class HarvestIndex
{
    public const string Table = CatalogueSchema.Name + ".oai_harvest";

    /// <summary>The lock the datestamps are written under, in the catalogue's lock space (see <see cref="ReadModelLocks"/>).</summary>
    public const int HarvestLock = 3;

    private const string Follow = CatalogueSchema.Name + ".oai_harvest_follows";

    /// <summary>The row a document gives, but for its datestamp, as SQL over its data: what the trigger writes and a check compares.</summary>
    public static string PublishedOf(string data) => $"({data} ->> 'Status') = '{RecordStatus.Published}'";

    /// <inheritdoc cref="PublishedOf"/>
    public static string SetsOf(string data) => $"array(SELECT jsonb_array_elements_text({data} -> 'Sets'))";

    public static string EverPublishedOf(string data) => $"coalesce(({data} ->> 'EverPublished')::boolean, false)";

    /// <inheritdoc cref="PublishedOf"/>
    public static string FormerSetsOf(string data) => $"array(SELECT jsonb_array_elements_text(coalesce({data} -> 'FormerSets', '[]'::jsonb)))";

    /// <summary>The table, its function and triggers; on the live store only, as the search index.</summary>
    public static StoreOptions AddHarvestIndex(this StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "oai_harvest", SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn("datestamp", "timestamp with time zone").NotNull();
        table.AddColumn("published", "boolean").NotNull();
        table.AddColumn("sets", "text[]").NotNull();
        // The sets the record has left since it was published: their harvests answer it as deleted (OaiEntry.FormerSets).
        table.AddColumn("former_sets", "text[]").NotNull().DefaultValueByExpression("'{}'");
        table.Indexes.Add(new IndexDefinition("oai_harvest_datestamp_id") { Columns = ["datestamp", "id"] });
        table.Indexes.Add(new IndexDefinition("oai_harvest_sets") { Columns = ["sets"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition("oai_harvest_former_sets") { Columns = ["former_sets"], Method = IndexMethod.gin });
        opts.Storage.ExtendedSchemaObjects.Add(table);
        return CatalogueSchemaObjects.Add(
            opts,
            [
                FollowFunction(),
                FollowTrigger("oai_harvest_follows_rows", TriggerEvents.Insert | TriggerEvents.Update | TriggerEvents.Delete, forEachRow: true),
                FollowTrigger("oai_harvest_follows_truncate", TriggerEvents.Truncate, forEachRow: false),
            ]);
    }

    private static CatalogueFunction FollowFunction() => new(
        new PostgresqlObjectName(CatalogueSchema.Name, "oai_harvest_follows", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{Follow}}() RETURNS trigger LANGUAGE plpgsql AS
        $function$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                DELETE FROM {{Table}};
                RETURN NULL;
            ELSIF TG_OP = 'DELETE' THEN
                DELETE FROM {{Table}} WHERE id = OLD.id;
                RETURN NULL;
            ELSIF TG_OP = 'UPDATE' AND NEW.data IS NOT DISTINCT FROM OLD.data THEN
                -- Written again unchanged (a rebuild, a repair): not a change a harvester should fetch again.
                RETURN NULL;
            ELSIF NOT {{EverPublishedOf("NEW.data")}} THEN
                RETURN NULL;
            END IF;
            -- Held to the commit: see HarvestIndex.
            PERFORM pg_advisory_xact_lock({{ReadModelLocks.LockSpace}}, {{HarvestLock}});
            INSERT INTO {{Table}} (id, datestamp, published, sets, former_sets)
            VALUES (NEW.id, clock_timestamp(), {{PublishedOf("NEW.data")}}, {{SetsOf("NEW.data")}}, {{FormerSetsOf("NEW.data")}})
            ON CONFLICT (id) DO UPDATE SET datestamp = excluded.datestamp, published = excluded.published, sets = excluded.sets, former_sets = excluded.former_sets;
            RETURN NULL;
        END;
        $function$;
        """);

    private static CatalogueTrigger FollowTrigger(string name, TriggerEvents events, bool forEachRow) => new(
        name, "mt_doc_oaientry", new PostgresqlObjectName(CatalogueSchema.Name, "oai_harvest_follows", SchemaUtils.IdentifierUsage.General))
    {
        Timing = TriggerTiming.After,
        Events = events,
        ForEachRow = forEachRow,
    };

    /// <summary>How long a harvest waits for the replica to replay up to its boundary before it reads the primary instead.</summary>
    public static readonly TimeSpan ReplicaWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long after a harvest found the replica behind the next ones do not wait for it: a replica held back (a bulk
    /// import, replay paused by a long query) would otherwise add <see cref="ReplicaWait"/> to every page of a harvest.
    /// </summary>
    private static readonly TimeSpan BehindFor = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The moment up to which a harvest starting now can see every change, and where to read it: read from the
    /// primary's clock while holding the harvest lock shared, so every row stamped before it has committed (see the
    /// remarks of <see cref="HarvestIndex"/>).
    /// </summary>
    /// <remarks>
    /// The lock orders the moment after the datestamps written on the primary only: on a replica it is another lock,
    /// and a row the primary stamped before the moment may not be replayed yet. So with a replica the moment is taken on
    /// the primary with its WAL position, and the harvest reads the replica once the replica has replayed up to it —
    /// or, the replica lagging past <see cref="ReplicaWait"/> (not waited for again for <see cref="BehindFor"/>) or not
    /// answering, reads the primary. While the primary cannot be reached, the replica answers up to the latest
    /// datestamp it holds (<see cref="ReplayedBoundaryAsync"/>).
    /// </remarks>
    public static async Task<(DateTimeOffset Boundary, ReadSource From)> HarvestBoundaryAsync(CatalogueReads reads, CancellationToken ct)
    {
        if (!reads.FromReplica) return ((await BoundaryOnAsync(reads.DataSource, ct)).Moment, reads.Source);
        DateTimeOffset moment;
        string position;
        try
        {
            (moment, position) = await BoundaryOnAsync(reads.Primary.DataSource, ct);
        }
        catch (Exception e) when (CatalogueExceptionHandler.IsDatabaseUnavailable(e) && !ct.IsCancellationRequested)
        {
            // Not when the primary answers too slowly: the lock may be held by a writer whose stamps the replica lacks.
            return (await ReplayedBoundaryAsync(reads.DataSource, ct), reads.Source);
        }

        try
        {
            if (await reads.ReplayedAsync(position, reads.BehindLately ? TimeSpan.Zero : ReplicaWait, ct)) return (moment, reads.Source);
            reads.FoundBehind(BehindFor);
            return (moment, reads.Primary);
        }
        catch (Exception e) when (CatalogueExceptionHandler.DatabaseProblem(e) is not null && !ct.IsCancellationRequested)
        {
            // The replica cannot be reached: the primary has everything.
            return (moment, reads.Primary);
        }
    }

    /// <summary>
    /// The moment up to which a replica that cannot reach its primary has every row: the latest datestamp it holds.
    /// Rows are stamped one writer at a time under the lock, so every row stamped before the latest one it holds was
    /// committed before it, and replayed; a row stamped later (not replayed, or still being written when the primary
    /// went away) is later than it. Its clock is not: a row stamped before it may still be on its way. A read server
    /// that is not in recovery is a primary (reached in the replica's place, or promoted), and answers as one.
    /// </summary>
    private static async Task<DateTimeOffset> ReplayedBoundaryAsync(NpgsqlDataSource replica, CancellationToken ct)
    {
        await using (var recovering = replica.CreateCommand("SELECT pg_is_in_recovery()"))
        {
            if (!(bool)(await recovering.ExecuteScalarAsync(ct))!) return (await BoundaryOnAsync(replica, ct)).Moment;
        }

        await using var command = replica.CreateCommand(
            $"SELECT coalesce((SELECT max(datestamp) FROM {Table}), least(clock_timestamp(), pg_last_xact_replay_timestamp()))");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>The moment, read under the harvest lock, and the WAL position after every row stamped before it.</summary>
    private static async Task<(DateTimeOffset Moment, string Position)> BoundaryOnAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        // One batch, one implicit transaction: the lock is held for the two statements and let go at their end.
        await using var command = database.CreateCommand(
            $"SELECT pg_advisory_xact_lock_shared({ReadModelLocks.LockSpace}, {HarvestLock}); SELECT clock_timestamp(), pg_current_wal_insert_lsn()::text;");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1));
    }
}

/// <summary>The harvest index as read-model maintenance checks and repairs it with the OAI documents.</summary>
public sealed class HarvestIndexTable : IDerivedTable
{
    public Type ReadModel => typeof(OaiEntry);

    public string Name => HarvestIndex.Table;

    public async Task<IReadOnlyList<string>> DifferingAsync(NpgsqlConnection connection, TableShare share, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT coalesce(d.id, h.id)::text
            FROM (SELECT id, data FROM {OaiEntry.Table} WHERE {HarvestIndex.EverPublishedOf("data")} AND {share.Holds("id")}) d
            FULL JOIN (SELECT * FROM {HarvestIndex.Table} WHERE {share.Holds("id")}) h ON h.id = d.id
            WHERE d.id IS NULL OR h.id IS NULL
               OR ROW(h.published, h.sets, h.former_sets) IS DISTINCT FROM ROW({HarvestIndex.PublishedOf("d.data")}, {HarvestIndex.SetsOf("d.data")}, {HarvestIndex.FormerSetsOf("d.data")})
            ORDER BY 1
            """, connection)
        { CommandTimeout = 0 };
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>The rows of <paramref name="ids"/> written again from their documents, stamped now: harvesters fetch them again.</summary>
    public async Task<long> RepairAsync(NpgsqlConnection connection, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return 0;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Held until the rows are committed, as the trigger holds it.
        await using (var harvestLock = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({ReadModelLocks.LockSpace}, {HarvestIndex.HarvestLock})", connection, transaction))
            await harvestLock.ExecuteNonQueryAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
            DELETE FROM {HarvestIndex.Table} h WHERE h.id = ANY(@ids)
                AND NOT EXISTS (SELECT 1 FROM {OaiEntry.Table} d WHERE d.id = h.id AND {HarvestIndex.EverPublishedOf("d.data")});
            INSERT INTO {HarvestIndex.Table} (id, datestamp, published, sets, former_sets)
            SELECT d.id, clock_timestamp(), {HarvestIndex.PublishedOf("d.data")}, {HarvestIndex.SetsOf("d.data")}, {HarvestIndex.FormerSetsOf("d.data")}
            FROM {OaiEntry.Table} d WHERE d.id = ANY(@ids) AND {HarvestIndex.EverPublishedOf("d.data")}
            ON CONFLICT (id) DO UPDATE SET datestamp = excluded.datestamp, published = excluded.published, sets = excluded.sets, former_sets = excluded.former_sets;
            """, connection, transaction)
        { CommandTimeout = 0 };
        command.Parameters.AddWithValue("ids", ids.Select(Guid.Parse).ToArray());
        var written = await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return written;
    }
}

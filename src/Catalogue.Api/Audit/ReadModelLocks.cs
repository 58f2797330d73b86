using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace Catalogue.Api.Audit;

/// <summary>
/// Keeps read-model maintenance (a rebuild, a check) apart from appends, in PostgreSQL itself so that every process
/// on the database obeys it: the service, its command line, other nodes. Every statement that appends events first
/// takes a shared lock (a statement trigger on mt_events); maintenance takes that lock exclusively, so it starts once
/// the appends in flight have committed and sees every acknowledged event, and appends wait until it has finished,
/// for at most <see cref="AppendWaitSeconds"/> before they are refused as retryable (503). A second lock lets one
/// maintenance run at a time, whichever process asks.
/// </summary>
public static class ReadModelLocks
{
    /// <summary>The first half of both advisory lock keys ("cata"); the second half says which lock.</summary>
    public const int LockSpace = 0x63_61_74_61;

    /// <summary>Held by the one maintenance running, for as long as it runs.</summary>
    public const int MaintenanceLock = 1;

    /// <summary>Shared by appending transactions, exclusive to maintenance.</summary>
    public const int AppendLock = 2;

    /// <summary>How long an append waits for maintenance before it is refused as retryable.</summary>
    public const int AppendWaitSeconds = 10;

    /// <summary>The SQLSTATE of an append refused after waiting for maintenance (a class of our own, so no client retries it blindly).</summary>
    public const string AppendRefusedState = "CAT01";

    public const string WaitFunction = CatalogueSchema.Name + ".appends_wait_for_read_model_maintenance";

    public static StoreOptions AddReadModelLocks(this StoreOptions opts)
    {
        return CatalogueSchemaObjects.Add(opts, WaitFunctionObject(), WaitTrigger());
    }

    /// <summary>True when a database failure is an append that waited out <see cref="AppendWaitSeconds"/> for maintenance.</summary>
    public static bool IsAppendHeldByMaintenance(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: AppendRefusedState }) return true;
        }

        return false;
    }

    public static ProblemDetails AppendHeldByMaintenance() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "The read models are being rebuilt",
        Detail = $"Changes wait while the read models are rebuilt or checked, and this one waited {AppendWaitSeconds} s. "
            + "Nothing was changed. Send it again shortly; with the same Idempotency-Key a retry never applies a change twice.",
    };

    /// <summary>
    /// Opens the connection that holds both locks for the duration of one maintenance, named after it so that a second
    /// request (from any process) can say what is running. Throws <see cref="ReadModelMaintenanceBusy"/> when another
    /// maintenance holds the lock. Disposing the connection releases both locks, also when the process dies.
    /// </summary>
    public static async Task<MaintenanceLease> EnterAsync(string connectionString, string work, string actor, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // A pooled connection could outlive this maintenance with its session-level locks still held.
            Pooling = false,
            ApplicationName = $"catalogue: {work} by {actor}",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using (var tryLock = new NpgsqlCommand($"select pg_try_advisory_lock({LockSpace}, {MaintenanceLock})", connection))
            {
                if (!(bool)(await tryLock.ExecuteScalarAsync(ct))!) throw new ReadModelMaintenanceBusy(await RunningAsync(connection, ct));
            }

            // Waits for the appends in flight (each bounded by the command timeout); new appends queue behind this request.
            await using (var appendsWait = new NpgsqlCommand($"select pg_advisory_lock({LockSpace}, {AppendLock})", connection) { CommandTimeout = 120 })
            {
                await appendsWait.ExecuteNonQueryAsync(ct);
            }

            return new MaintenanceLease(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> RunningAsync(NpgsqlConnection connection, CancellationToken ct) =>
        await RunningNowAsync(connection, ct) is { } running
            ? $"{running.Work}, started {running.StartedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}"
            : "another maintenance of the read models (it has just finished; try again)";

    /// <summary>The maintenance running now, from whichever process or node, as the session holding its lock names it; null when none runs.</summary>
    public static async Task<(string Work, DateTimeOffset StartedAt)?> RunningNowAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var holder = new NpgsqlCommand(
            $"""
            select a.application_name, a.backend_start
            from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.classid = {LockSpace} and l.objid = {MaintenanceLock} and l.objsubid = 2
              and l.database = (select oid from pg_database where datname = current_database())
            """, connection);
        await using var reader = await holder.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var name = reader.GetString(0);
        var since = reader.GetFieldValue<DateTimeOffset>(1).ToUniversalTime();
        return (name.StartsWith("catalogue: ", StringComparison.Ordinal) ? name["catalogue: ".Length..] : "a maintenance of the read models", since);
    }

    /// <summary>
    /// The wait. A statement trigger fires once per INSERT, before any row is written; the lock is tried without
    /// waiting first, so an append pays for the wait only while maintenance runs (and only then enters the block whose
    /// exception handler costs a subtransaction).
    /// </summary>
    private static CatalogueFunction WaitFunctionObject() => new(new PostgresqlObjectName(CatalogueSchema.Name, "appends_wait_for_read_model_maintenance", SchemaUtils.IdentifierUsage.General), $$"""
        CREATE OR REPLACE FUNCTION {{WaitFunction}}() RETURNS trigger LANGUAGE plpgsql AS
        $function$
        DECLARE
            previous_timeout text;
        BEGIN
            IF NOT pg_try_advisory_xact_lock_shared({{LockSpace}}, {{AppendLock}}) THEN
                previous_timeout := current_setting('lock_timeout');
                PERFORM set_config('lock_timeout', '{{AppendWaitSeconds}}s', true);
                BEGIN
                    PERFORM pg_advisory_xact_lock_shared({{LockSpace}}, {{AppendLock}});
                EXCEPTION WHEN lock_not_available THEN
                    -- Not the lock_not_available clients retry at once: the wait itself was the retry.
                    RAISE EXCEPTION 'appends waited {{AppendWaitSeconds}} s for the read models to be rebuilt or checked' USING ERRCODE = '{{AppendRefusedState}}';
                END;
                PERFORM set_config('lock_timeout', previous_timeout, true);
            END IF;
            RETURN NULL;
        END;
        $function$;
        """);

    private static CatalogueTrigger WaitTrigger() => new(
        "appends_wait_for_read_model_maintenance",
        "mt_events",
        new PostgresqlObjectName(CatalogueSchema.Name, "appends_wait_for_read_model_maintenance", SchemaUtils.IdentifierUsage.General))
    {
        Timing = TriggerTiming.Before,
        Events = TriggerEvents.Insert,
        ForEachRow = false,
    };
}

/// <summary>The connection holding the maintenance and append locks; disposing it lets appends and the next maintenance go on.</summary>
public sealed class MaintenanceLease(NpgsqlConnection connection) : IAsyncDisposable
{
    private readonly System.Diagnostics.Stopwatch appendsHeld = System.Diagnostics.Stopwatch.StartNew();

    public NpgsqlConnection Connection { get; } = connection;

    /// <summary>How long this maintenance has held appends, all told.</summary>
    public TimeSpan AppendsHeld => appendsHeld.Elapsed;

    /// <summary>Lets appends go on while this maintenance does work they cannot disturb; other maintenance still waits.</summary>
    public async Task LetAppendsGoOnAsync(CancellationToken ct)
    {
        if (!appendsHeld.IsRunning) return;
        await using var release = new NpgsqlCommand($"select pg_advisory_unlock({ReadModelLocks.LockSpace}, {ReadModelLocks.AppendLock})", Connection);
        await release.ExecuteNonQueryAsync(ct);
        appendsHeld.Stop();
    }

    /// <summary>Holds appends again, once those in flight have committed (each bounded by the command timeout).</summary>
    public async Task HoldAppendsAsync(CancellationToken ct)
    {
        if (appendsHeld.IsRunning) return;
        await using var hold = new NpgsqlCommand($"select pg_advisory_lock({ReadModelLocks.LockSpace}, {ReadModelLocks.AppendLock})", Connection) { CommandTimeout = 120 };
        await hold.ExecuteNonQueryAsync(ct);
        appendsHeld.Start();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Released before the connection closes: a closing backend holds its locks until it has exited, and the
            // next maintenance asked for right after this one would be refused meanwhile.
            await using var release = new NpgsqlCommand("select pg_advisory_unlock_all()", Connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and its locks with it.
        }
        finally
        {
            await Connection.DisposeAsync();
        }
    }
}

/// <summary>Another rebuild or check of the read models is running (in this process or another).</summary>
public sealed class ReadModelMaintenanceBusy(string running) : Exception($"The read models are already being maintained: {running}.")
{
    public string Running { get; } = running;

    public ProblemDetails ToProblem() => Problems.Conflict(
        "The read models are already being maintained",
        $"Running now: {Running}. Read models are rebuilt or checked one at a time; send the request again when it has finished.");
}

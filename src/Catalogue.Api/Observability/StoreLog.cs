using Marten;
using Marten.Services;
using Npgsql;

namespace Catalogue.Api.Observability;

/// <summary>
/// What Marten logs, in the catalogue's terms. Marten's own logger writes every failed command at Error with its stack
/// trace and every parameter value (whole documents and full texts), and every schema change at Information. Here a
/// refusal the catalogue answers for (a stale version, an accession number or key already taken, an append that waited
/// out a rebuild) is one Information line naming its cause; a command its caller cancelled (a client that went away
/// mid-search, the service stopping) is a Debug line, the request's own line saying 499; a command that ran out of time
/// is one Information line, its caller answering for it; a deadlock Marten replays is one Warning line; any other failure stays an Error with its stack but without the values, which the exception handler's
/// own line already ties to the request; schema SQL is Debug.
/// </summary>
public sealed class StoreLog(ILogger<IDocumentStore> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogDebug("Executed schema update SQL:\n{Sql}", sql);

    public void LogSuccess(NpgsqlCommand command)
    {
    }

    public void LogSuccess(NpgsqlBatch batch)
    {
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failed(ex, command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        Failed(ex, string.Join(";\n", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => Failed(ex, message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit)
    {
    }

    public void OnBeforeExecute(NpgsqlCommand command)
    {
    }

    public void OnBeforeExecute(NpgsqlBatch batch)
    {
    }

    private void Failed(Exception ex, string commands)
    {
        // Npgsql throws this only when the caller's token cancelled the command; a server-side timeout is a PostgresException.
        if (ex is OperationCanceledException)
        {
            logger.LogDebug("A database command was cancelled by its caller (a client gone, or the service stopping)");
            return;
        }

        if (AnsweredRefusal(ex) is { } cause)
        {
            logger.LogInformation("A write was refused by the database ({Cause}); the client is told why", cause);
            return;
        }

        // Found from outside: 80 searches at once, each timed out, logged an Error with its whole statement and stack, and
        // again a Warning for the request that answered 503. The caller answers for a time-out: here it is one line.
        if (Hosting.CatalogueExceptionHandler.IsDatabaseTimeout(ex))
        {
            logger.LogInformation("A database command ran out of time ({Reason}); its caller answers for it (a request with 503)", ex.InnerException?.Message ?? ex.Message);
            return;
        }

        if (Deadlocked(ex) is { } deadlock)
        {
            // Marten's write policy replays a transaction PostgreSQL rolled back. The catalogue's writers take streams in
            // one order (RecordStreams), so a deadlock should be rare: worth a warning, not an error with every statement.
            logger.LogWarning("A write was rolled back by the database to break a deadlock ({SqlState}: {Message}) and is tried again", deadlock.SqlState, deadlock.MessageText);
            return;
        }

        logger.LogError(ex, "The catalogue database refused or failed:\n{Commands}", commands);
    }

    private static PostgresException? Deadlocked(Exception? exception) =>
        CausesOf(exception).OfType<PostgresException>().FirstOrDefault(e => e.SqlState == PostgresErrorCodes.DeadlockDetected);

    /// <summary>The exception and each one inside it: Marten wraps what Npgsql threw.</summary>
    private static IEnumerable<Exception> CausesOf(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException) yield return e;
    }

    /// <summary>The failures the write path turns into an answer for the client (409, 503 with Retry-After), by their cause.</summary>
    public static string? AnsweredRefusal(Exception? exception)
    {
        foreach (var e in CausesOf(exception))
        {
            switch (e)
            {
                case PostgresException { SqlState: "MT003" }:
                    return "the stream had moved on: a stale version";
                // Marten's own check of the version an append found (a revert racing an archivist's edit, found from
                // outside), which the write path answers or tries again as it does MT003.
                case JasperFx.ConcurrencyException:
                    return "the stream had moved on: a stale version";
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique:
                    return $"already taken: {unique.ConstraintName ?? unique.TableName}";
                case PostgresException { SqlState: Audit.ReadModelLocks.AppendRefusedState }:
                    return "it waited for a rebuild or check of the read models";
            }
        }

        return null;
    }
}

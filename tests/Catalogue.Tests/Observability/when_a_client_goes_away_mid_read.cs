using Catalogue.Api.Observability;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Observability;

/// <summary>
/// A client that gives up while the catalogue reads for it (a search abandoned as the archivist types on) cancels the
/// database commands of its request. That is no failure of the database: an operator's log keeps its errors for those,
/// and the request's own line says 499.
/// </summary>
public sealed class when_a_client_goes_away_mid_read
{
    private readonly CapturedLogs _logs = new();

    private StoreLog Log() => new(LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)).CreateLogger<IDocumentStore>());

    [Fact]
    public void the_cancelled_command_is_not_logged_as_a_database_failure()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Log().LogFailure(new NpgsqlCommand("select 1"), new OperationCanceledException(cts.Token));

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Contains("cancelled by its caller", line.Message);
    }

    /// <summary>
    /// Found from outside: two imports of the same records in opposite orders deadlocked; Marten replays the write
    /// PostgreSQL rolled back, and the log showed an error with every statement of the run (hundreds of lines).
    /// </summary>
    [Fact]
    public void a_deadlock_the_write_is_replayed_after_is_one_warning_without_the_statements()
    {
        var batch = new NpgsqlBatch { BatchCommands = { new NpgsqlBatchCommand("select catalogue.mt_quick_append_events($1)"), new NpgsqlBatchCommand("select catalogue.mt_quick_append_events($1)") } };

        Log().LogFailure(batch, new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected));

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("deadlock", line.Message);
        Assert.DoesNotContain("mt_quick_append_events", line.Message);
        Assert.Null(line.Exception);
    }

    /// <summary>
    /// Found from outside: a revert racing an archivist's edits, which it tries again and answers 409 when they go on,
    /// logged an error with hundreds of lines of statements and a stack for each of Marten's own version checks.
    /// </summary>
    [Fact]
    public void an_append_that_found_its_stream_moved_on_is_one_information_line()
    {
        var batch = new NpgsqlBatch { BatchCommands = { new NpgsqlBatchCommand("select catalogue.mt_quick_append_events($1)") } };

        Log().LogFailure(batch, new JasperFx.Events.EventStreamUnexpectedMaxEventIdException(Guid.NewGuid(), typeof(object), 7, -1));

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("the stream had moved on", line.Message);
        Assert.DoesNotContain("mt_quick_append_events", line.Message);
        Assert.Null(line.Exception);
    }

    /// <summary>
    /// Found from outside: 80 broad searches at once ran out of time, and each was logged as an Error with its whole
    /// statement and stack, beside the request's own Warning for its 503.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void a_command_that_ran_out_of_time_is_one_information_line_without_the_statement(bool onTheServer)
    {
        Exception timedOut = onTheServer
            ? new PostgresException("canceling statement due to statement timeout", "ERROR", "ERROR", PostgresErrorCodes.QueryCanceled)
            : new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt"));

        Log().LogFailure(new NpgsqlCommand("select id from catalogue.search_index"), timedOut);

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("ran out of time", line.Message);
        Assert.DoesNotContain("search_index", line.Message);
        Assert.Null(line.Exception);
    }

    [Fact]
    public void a_command_the_database_failed_is_still_an_error()
    {
        Log().LogFailure(new NpgsqlCommand("select 1"), new PostgresException("relation \"catalogue.mt_events\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable));

        var line = Assert.Single(_logs.Lines);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("refused or failed", line.Message);
    }
}

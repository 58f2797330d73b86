using System.Net;
using System.Net.Sockets;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing.Idempotency;
using Catalogue.Tests.Support;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Catalogue.Tests.Records.Writing.Idempotency;

/// <summary>
/// PostgreSQL stops answering while the service sweeps its expired Idempotency-Keys (found from outside: the database
/// frozen for 13 to 45 s during a sweep, and the whole service stopped, its embedded PostgreSQL with it, for the sweep's
/// failure came wrapped — in Marten's command exception, in a disposed transaction — and passed its catch). A background
/// task says so and tries again at its next turn; the service goes on serving.
/// </summary>
public sealed class when_the_database_stalls_during_the_sweep
{
    public static TheoryData<Exception> FailuresAsTheyArrive => new()
    {
        new NpgsqlException("Exception while reading from stream", new TimeoutException()),
        new ObjectDisposedException("NpgsqlTransaction", new NpgsqlException("Exception while reading from stream", new TimeoutException())),
        new MartenCommandException(null, new NpgsqlException("The operation has timed out", new TimeoutException())),
        new InvalidOperationException("The sweep failed", new TimeoutException()),
    };

    [Theory]
    [MemberData(nameof(FailuresAsTheyArrive))]
    public void a_database_failure_is_known_in_whatever_it_came_wrapped(Exception failure) =>
        Assert.True(CatalogueExceptionHandler.IsDatabaseFailure(failure), failure.ToString());

    [Fact]
    public void a_failure_of_the_code_itself_is_not_taken_for_the_databases() =>
        Assert.False(CatalogueExceptionHandler.IsDatabaseFailure(new ObjectDisposedException("CatalogueRecord", new ArgumentException("no such field"))));

    [Fact]
    public async Task the_sweep_says_so_at_each_turn_and_keeps_running()
    {
        // A server that takes the connection and never answers: PostgreSQL stopped (SIGSTOP) as it was found.
        using var frozen = new TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true) accepted.Add(await frozen.AcceptSocketAsync());
        });
        var port = ((IPEndPoint)frozen.LocalEndpoint).Port;
        using var store = DocumentStore.For(opts =>
        {
            opts.Connection($"Host=127.0.0.1;Port={port};Username=catalogue;Timeout=1;Command Timeout=1;Pooling=false");
            opts.AutoCreateSchemaObjects = AutoCreate.None;
        });
        var logs = new CapturedLogs();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var interval = TimeSpan.FromMinutes(1);
        using var sweep = new ExpiredIdempotencyKeys(
            store, Options.Create(new IdempotencyOptions { SweepInterval = interval }), clock, LoggerFactory.Create(b => b.AddProvider(logs)).CreateLogger<ExpiredIdempotencyKeys>());

        await sweep.StartAsync(CancellationToken.None);
        // Its timer is made on the task the host runs it on, at a moment the test does not see: the clock is moved on at
        // every look, each move a turn of the sweep once the timer waits.
        await Eventually.Until(
            () =>
            {
                clock.Advance(interval);
                return logs.Lines.Count(l => l.Level == LogLevel.Warning);
            },
            count => count >= 2, "the sweep's warnings of two turns", within: TimeSpan.FromSeconds(30), every: TimeSpan.FromMilliseconds(200),
            describe: count => $"{count} warnings; the sweep {(sweep.ExecuteTask!.IsFaulted ? $"stopped: {sweep.ExecuteTask.Exception!.InnerException}" : "runs")}");

        Assert.False(sweep.ExecuteTask!.IsCompleted, sweep.ExecuteTask.Exception?.ToString());
        Assert.All(logs.Lines.Where(l => l.Level == LogLevel.Warning), l => Assert.StartsWith("Could not delete expired idempotency keys; trying again in", l.Message));
        await sweep.StopAsync(CancellationToken.None);
        foreach (var socket in accepted) socket.Dispose();
    }
}

using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Warns at start when PostgreSQL ends sessions idle in a transaction (<c>idle_in_transaction_session_timeout</c>, set
/// for the role or database by some providers' presets): the async daemon holds each projection's lock in a transaction
/// left open on purpose (<see cref="CatalogueStoreConfiguration"/>), so PostgreSQL would end those sessions again and
/// again, and with several nodes a projection could change node each time (docs/scaling.md).
/// </summary>
public sealed class IdleTransactionTimeoutCheck(NpgsqlDataSource database, ILogger<IdleTransactionTimeoutCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = database.CreateCommand("SELECT current_setting('idle_in_transaction_session_timeout')");
            if (await command.ExecuteScalarAsync(cancellationToken) is string timeout && timeout != "0")
            {
                logger.LogWarning(
                    "PostgreSQL ends sessions idle in a transaction after {Timeout} (idle_in_transaction_session_timeout): the read models' daemon holds its locks in such sessions, and will take them again each time they are ended. Set it to 0 for the catalogue's role: ALTER ROLE … SET idle_in_transaction_session_timeout = 0",
                    timeout);
            }
        }
        catch (Exception e) when (CatalogueExceptionHandler.DatabaseProblem(e) is not null)
        {
            // The database is away: the service starts all the same, and its readiness says so.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A provider's preset ends sessions idle in a transaction after a while; the read models' daemon holds its locks in
/// such sessions on purpose. The operator is told at start, with what to set, rather than finding PostgreSQL's log full
/// of ended sessions.
/// </summary>
public sealed class when_postgresql_ends_idle_transactions(CatalogueService service) : CatalogueScenario(service)
{
    private const string Warning = "idle_in_transaction_session_timeout";

    private async Task<IReadOnlyList<CapturedLine>> StartLogsAsync(string database)
    {
        var logs = new CapturedLogs();
        await using (await Service.StartOwnCatalogueOnAsync(database, services: s => s.AddLogging(b => b.AddProvider(logs))))
        {
        }

        return logs.Lines;
    }

    [Fact]
    public async Task the_service_warns_at_start_and_names_the_setting()
    {
        var database = await Service.NewDatabaseAsync("catalogue_idle_timeout");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var set = new NpgsqlCommand($"ALTER DATABASE \"{connection.Database}\" SET idle_in_transaction_session_timeout = '10s'", connection);
            await set.ExecuteNonQueryAsync();
        }

        var warning = Assert.Single(await StartLogsAsync(database), l => l.Message.Contains(Warning, StringComparison.Ordinal));

        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("10s", warning.Message);
        Assert.Contains("= 0", warning.Message);
    }

    [Fact]
    public async Task a_database_that_leaves_them_alone_gets_no_warning()
    {
        var lines = await StartLogsAsync(await Service.NewDatabaseAsync("catalogue_no_idle_timeout"));

        Assert.DoesNotContain(lines, l => l.Message.Contains(Warning, StringComparison.Ordinal));
    }
}

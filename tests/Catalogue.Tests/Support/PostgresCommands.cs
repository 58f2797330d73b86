using Npgsql;

namespace Catalogue.Tests.Support;

/// <summary>One statement on an open connection, for scenarios that look at or set the database as a person at psql would.</summary>
public static class PostgresCommands
{
    /// <summary>The first column of the first row as a number (0 for none).</summary>
    public static async Task<long> ScalarAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public static async Task ExecuteAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}

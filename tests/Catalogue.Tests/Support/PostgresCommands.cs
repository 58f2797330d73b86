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

    /// <summary>A table's comment (null for none): where an upgrade notes how the table's rows were made.</summary>
    public static async Task<string?> TableCommentAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand($"select obj_description('{table}'::regclass, 'pg_class')", connection);
        return await read.ExecuteScalarAsync() as string;
    }

    /// <summary><see cref="ScalarAsync"/> on a connection of its own.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await connection.ScalarAsync(sql);
    }

    /// <summary><see cref="ExecuteAsync"/> on a connection of its own.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}

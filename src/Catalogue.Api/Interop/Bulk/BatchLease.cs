using Npgsql;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// The right to import into one batch: a PostgreSQL advisory lock held on a connection of its own for as long as the
/// batch imports, whichever process or node imports it. A second import of the same batch finds it taken and is
/// refused; a process that dies lets go of it with its connection, so its batch can be resumed at once, and a batch
/// whose lock nobody holds is not running, whatever it last wrote.
/// </summary>
public sealed class BatchLease : IAsyncDisposable
{
    /// <summary>The first half of the lock's key ("bulk"), apart from read-model maintenance's; the second is the batch's hash.</summary>
    public const int LockSpace = 0x62_75_6C_6B;

    private readonly NpgsqlConnection _connection;
    private readonly int _key;

    private BatchLease(NpgsqlConnection connection, int key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Null when another import holds the batch.</summary>
    public static async Task<BatchLease?> TryTakeAsync(NpgsqlDataSource database, Guid batch, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @key)", connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("key", KeyOf(batch));
            if ((bool)(await command.ExecuteScalarAsync(ct))!) return new BatchLease(connection, KeyOf(batch));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Whether some import holds the batch now.</summary>
    public static async Task<bool> IsHeldAsync(NpgsqlDataSource database, Guid batch, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = @space::oid AND objid = @key::oid AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))");
        command.Parameters.AddWithValue("space", (long)(uint)LockSpace);
        command.Parameters.AddWithValue("key", (long)(uint)KeyOf(batch));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static int KeyOf(Guid batch) => BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(batch.ToByteArray()), 0);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@space, @key)", _connection);
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("key", _key);
            await command.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}

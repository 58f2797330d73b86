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
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private BatchLease(NpgsqlConnection connection, long key)
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
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
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
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = @high::oid AND objid = @low::oid AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))");
        var key = KeyOf(batch);
        // A lock on one bigint shows its high and low halves as classid and objid.
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// 64 bits of the batch id's hash: with 32 (a key beside a namespace of its own), two batch ids whose keys collide
    /// were found in 65,000 tries, and a new batch was refused as "importing now" while the other imported.
    /// </summary>
    private static long KeyOf(Guid batch) => BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(batch.ToByteArray()), 0);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", _connection);
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

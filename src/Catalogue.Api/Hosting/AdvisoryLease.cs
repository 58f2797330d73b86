using System.Security.Cryptography;
using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The right to do one long piece of work (import into a batch, answer a batch under an Idempotency-Key): a PostgreSQL
/// advisory lock held on a connection of its own for as long as the work runs, whichever process or node runs it. A
/// second attempt finds it taken and is refused; a process that dies lets go of it with its connection, so the work can
/// be taken up again at once.
/// </summary>
public sealed class AdvisoryLease : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLease(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Null when another holds the lease.</summary>
    public static async Task<AdvisoryLease?> TryTakeAsync(NpgsqlDataSource database, long key, CancellationToken ct)
    {
        var connection = await database.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            if ((bool)(await command.ExecuteScalarAsync(ct))!) return new AdvisoryLease(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Whether some process holds the lease now.</summary>
    public static async Task<bool> IsHeldAsync(NpgsqlDataSource database, long key, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"SELECT EXISTS (SELECT 1 FROM pg_locks WHERE {HeldLeases} AND classid = @high::oid AND objid = @low::oid)");
        // A lock on one bigint shows its high and low halves as classid and objid.
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The keys of every lease held now, in this database.</summary>
    public static async Task<IReadOnlySet<long>> HeldKeysAsync(NpgsqlDataSource database, CancellationToken ct)
    {
        await using var command = database.CreateCommand($"SELECT (classid::bigint << 32) | objid::bigint FROM pg_locks WHERE {HeldLeases}");
        var keys = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(reader.GetInt64(0));
        return keys;
    }

    /// <summary>Advisory locks on one bigint (objsubid 1; two ints are 2), granted, in this database.</summary>
    private const string HeldLeases =
        "locktype = 'advisory' AND granted AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    /// <summary>
    /// 64 bits of the name's hash: with 32 (a key beside a namespace of its own), two batch ids whose keys collide were
    /// found in 65,000 tries, and a new batch was refused as "importing now" while the other imported.
    /// </summary>
    public static long KeyOf(ReadOnlySpan<byte> name) => BitConverter.ToInt64(SHA256.HashData(name), 0);

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

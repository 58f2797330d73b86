using Marten;
using Npgsql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Where the reads go that are served from the async read models and may lag the commands by a moment anyway — the
/// record list, search, reports, authorities, browsing, exports, OAI-PMH: to the streaming replica named by
/// <c>ConnectionStrings:CatalogueReadOnly</c> when there is one, else to the primary like everything else. The record
/// itself, its history and the audit read the primary, so the answer to a command and the record read after it agree.
/// A client that must see its own change in these reads sends <c>Prefer: wait-for-projections=N</c> with the command,
/// which then also waits for the replica to have replayed it (<see cref="WaitForPrimaryAsync"/>).
/// </summary>
public sealed class CatalogueReads : IAsyncDisposable
{
    public const string ConnectionStringName = "CatalogueReadOnly";

    /// <summary>How <c>Projections-Behind</c> names the replica when it has not replayed a command in time.</summary>
    public const string ReplicaName = "replica";

    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _primary;
    private readonly NpgsqlDataSource? _replica;
    private readonly DocumentStore? _replicaStore;
    private long _behindUntil;

    public CatalogueReads(IDocumentStore store, NpgsqlDataSource primary, CatalogueStoreConfiguration model, IConfiguration configuration)
    {
        _store = store;
        _primary = primary;
        if (ReplicaConnectionString(configuration) is { } replica)
        {
            _replica = NpgsqlDataSource.Create(CatalogueDatabase.Settled(replica, configuration));
            // A store of its own, on the same pool: a Marten session always reads through its store's database,
            // whatever connection string its options name.
            _replicaStore = DocumentStore.For(opts => model.ConfigureReplica(opts, _replica));
        }
    }

    /// <summary>The replica's connection string when one is set, checked to be one.</summary>
    /// <exception cref="CatalogueConfigurationException">It is set to something that is not a connection string.</exception>
    public static string? ReplicaConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
            return value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new CatalogueConfigurationException($"ConnectionStrings:{ConnectionStringName} must be a PostgreSQL connection string: {e.Message}");
        }
    }

    /// <summary>True when the reads go to a replica.</summary>
    public bool FromReplica => _replica is not null;

    /// <summary>The database these reads go to.</summary>
    public NpgsqlDataSource DataSource => _replica ?? _primary;

    /// <summary>A query session on the database these reads go to; the caller disposes it.</summary>
    public IQuerySession OpenSession() => (_replicaStore ?? _store).QuerySession();

    /// <summary>Where these reads go: the replica when there is one.</summary>
    public ReadSource Source => new(DataSource, _replicaStore ?? _store);

    /// <summary>The primary, for a read the replica cannot answer yet.</summary>
    public ReadSource Primary => new(_primary, _store);

    /// <summary>Whether a read found the replica behind lately (<see cref="FoundBehind"/>), so that others need not wait for it meanwhile.</summary>
    public bool BehindLately => Environment.TickCount64 < Interlocked.Read(ref _behindUntil);

    /// <summary>Notes that the replica was behind, for <paramref name="lately"/> from now.</summary>
    public void FoundBehind(TimeSpan lately) => Interlocked.Exchange(ref _behindUntil, Environment.TickCount64 + (long)lately.TotalMilliseconds);

    /// <summary>
    /// Waits until the replica has replayed everything the primary had written when it was asked (its WAL position),
    /// for at most <paramref name="within"/>. True at once when there is no replica.
    /// </summary>
    /// <remarks>
    /// The position asked is where the primary's WAL is inserted, not where it has been written: a transaction
    /// committed with <c>synchronous_commit=off</c> returns before its commit record is written, and a replica that has
    /// replayed up to the written position does not yet see the commit. A read server that is not in recovery is a
    /// primary and has what was committed to it: the primary itself, reached while the replica is down, or the replica
    /// promoted by a failover, whose last replayed position stays where its recovery ended and would never be reached.
    /// </remarks>
    public async Task<bool> WaitForPrimaryAsync(TimeSpan within, CancellationToken ct)
    {
        if (_replica is null) return true;
        string written;
        await using (var position = _primary.CreateCommand("select pg_current_wal_insert_lsn()::text"))
        {
            written = (string)(await position.ExecuteScalarAsync(ct))!;
        }

        return await ReplayedAsync(written, within, ct);
    }

    /// <summary>
    /// Waits until the replica has replayed the primary's WAL up to <paramref name="position"/> (as
    /// <c>pg_current_wal_insert_lsn()</c> gave it), for at most <paramref name="within"/>. True at once when there is no
    /// replica, or when the read server is not in recovery (see <see cref="WaitForPrimaryAsync"/>).
    /// </summary>
    public async Task<bool> ReplayedAsync(string position, TimeSpan within, CancellationToken ct)
    {
        if (_replica is null) return true;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using var replayed = _replica.CreateCommand("select not pg_is_in_recovery() or coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false)");
            replayed.Parameters.Add(new NpgsqlParameter { Value = position });
            if ((bool)(await replayed.ExecuteScalarAsync(ct))!) return true;
            if (waited.Elapsed >= within) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _replicaStore?.Dispose();
        if (_replica is not null) await _replica.DisposeAsync();
    }
}

/// <summary>The database one request reads, and the store whose sessions read it.</summary>
public sealed record ReadSource(NpgsqlDataSource DataSource, IDocumentStore Store)
{
    /// <summary>A query session on <see cref="DataSource"/>; the caller disposes it.</summary>
    public IQuerySession OpenSession() => Store.QuerySession();
}

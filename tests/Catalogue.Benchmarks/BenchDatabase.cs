using Catalogue.Api.Audit.Chain;
using Catalogue.Api.Hosting.EmbeddedPostgres;
using Catalogue.Api.Records;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>An event the benchmarks append: about the size of a catalogue change.</summary>
public sealed record SummaryWritten(string Summary, int Writer, int Number);

/// <summary>How the chain is kept while the benchmark appends.</summary>
public enum Sealing
{
    /// <summary>No chain at all: the baseline.</summary>
    None,

    /// <summary>The service's design: Marten's async daemon runs <see cref="EventSealer"/> behind the appends.</summary>
    Sealer,

    /// <summary>
    /// The alternative: a trigger seals each event inside its append transaction, holding the chain head's row lock
    /// until commit. The hash is computed in SQL over a simpler form than the real one; the lock pattern is the point.
    /// </summary>
    InAppend,
}

/// <summary>One embedded PostgreSQL for the whole run (the benchmarks run in-process), rebuilt per scenario.</summary>
public static class BenchDatabase
{
    private static EmbeddedPostgresCluster? _cluster;

    /// <summary>
    /// Through the cluster's Unix-domain socket, as the service reaches the cluster it starts itself: the service under
    /// measure and PostgreSQL's own ceiling beside it both connect the way the embedded default does.
    /// </summary>
    public static string ConnectionString => _cluster?.LocalConnectionString ?? throw new InvalidOperationException("Start the cluster first.");

    public static async Task StartAsync(bool durable)
    {
        var directory = Path.Combine(Path.GetTempPath(), "catalogue-bench");
        _cluster = await EmbeddedPostgresCluster.StartAsync(Catalogue.Api.Hosting.CatalogueDatabase.ClusterOptions(directory) with { Durable = durable });
    }

    public static async Task StopAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }

    /// <summary>A store on an empty catalogue schema, with the chain's schema objects when asked.</summary>
    public static async Task<DocumentStore> FreshStoreAsync(Sealing sealing)
    {
        await ExecuteAsync($"drop schema if exists {CatalogueSchema.Name} cascade");
        var store = DocumentStore.For(opts =>
        {
            opts.Connection(ConnectionString);
            opts.DatabaseSchemaName = CatalogueSchema.Name;
            opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            opts.Events.MetadataConfig.EnableAll();
            opts.Events.MetadataConfig.UserNameEnabled = true;
            opts.Events.AddEventType<SummaryWritten>();
            if (sealing == Sealing.Sealer) opts.AddEventChain();
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        if (sealing == Sealing.InAppend) await ExecuteAsync(InAppendSealing);
        return store;
    }

    public static async Task<IProjectionDaemon> StartSealerAsync(DocumentStore store)
    {
        var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        return daemon;
    }

    /// <summary>Each of <paramref name="writers"/> appends <paramref name="appends"/> events to its own record, one transaction each.</summary>
    public static Task AppendAsync(DocumentStore store, int writers, int appends) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            var stream = Guid.CreateVersion7();
            for (var i = 0; i < appends; i++)
            {
                await using var session = store.LightweightSession();
                session.LastModifiedBy = "benchmark";
                session.CorrelationId = $"writer-{writer}";
                session.SetHeader("source", "benchmark");
                var e = new SummaryWritten($"Memorandum of conversation, revision {i} by writer {writer}: " + new string('x', 300), writer, i);
                if (i == 0) session.Events.StartStream(stream, e);
                else session.Events.Append(stream, e);
                await session.SaveChangesAsync();
            }
        }));

    /// <summary>Many events fast, for the verification benchmarks: each stream started with a batch in one transaction.</summary>
    public static async Task FillAsync(DocumentStore store, int events, int perStream = 100)
    {
        for (var written = 0; written < events; written += perStream)
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "benchmark";
            session.Events.StartStream(Guid.CreateVersion7(), Enumerable.Range(0, perStream)
                .Select(i => (object)new SummaryWritten($"Folio {i}: " + new string('y', 300), written, i)).ToArray());
            await session.SaveChangesAsync();
        }
    }

    public static async Task WaitUntilSealedAsync(TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var command = dataSource.CreateCommand(
                $"select count(*) from {EventChainSchema.Events} where seq_id > (select coalesce(max(seq_id), 0) from {EventChainSchema.Seals})");
            if ((long)(await command.ExecuteScalarAsync())! == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The sealer did not catch up.");
            await Task.Delay(20);
        }
    }

    /// <summary>A database of its own for one benchmark, dropped and created again: its connection string.</summary>
    public static async Task<string> FreshDatabaseAsync(string name)
    {
        await ExecuteAsync($"drop database if exists {name} with (force)");
        await ExecuteAsync($"create database {name}");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private const string InAppendSealing =
        $$"""
        create table {{CatalogueSchema.Name}}.inline_chain_head (id int primary key, seq bigint not null, hash bytea not null);
        insert into {{CatalogueSchema.Name}}.inline_chain_head values (1, 0, decode(repeat('00', 32), 'hex'));
        create table {{CatalogueSchema.Name}}.inline_seals (seq_id bigint primary key, hash bytea not null, previous_hash bytea not null);
        create function {{CatalogueSchema.Name}}.inline_seal() returns trigger language plpgsql as $$
        declare
            previous bytea;
            next bytea;
        begin
            -- The row lock taken here is held until the append commits: every other appender waits for it.
            select hash into previous from {{CatalogueSchema.Name}}.inline_chain_head where id = 1 for update;
            next := sha256(previous || convert_to(concat_ws('|', NEW.seq_id, NEW.id, NEW.stream_id, NEW.version, NEW.type, NEW.timestamp,
                NEW.user_name, NEW.correlation_id, NEW.causation_id, NEW.headers::text, NEW.data::text), 'UTF8'));
            update {{CatalogueSchema.Name}}.inline_chain_head set seq = NEW.seq_id, hash = next where id = 1;
            insert into {{CatalogueSchema.Name}}.inline_seals values (NEW.seq_id, next, previous);
            return NEW;
        end $$;
        create trigger inline_seal after insert on {{CatalogueSchema.Name}}.mt_events for each row execute function {{CatalogueSchema.Name}}.inline_seal();
        """;
}

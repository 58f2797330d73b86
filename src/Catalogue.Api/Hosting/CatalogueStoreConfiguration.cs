using Catalogue.Api.Records;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A read model: the projection that folds the events into its documents, when it runs, and its documents' indexes.
/// <see cref="Name"/> — the document type's name — names it everywhere: in the async daemon, in
/// <c>GET /api/projections</c>, in a rebuild.
/// </summary>
/// <param name="AlsoWrites">
/// Further document types the same projection keeps (the reports' counts keep the facts each record counts toward beside
/// the counts): rebuilt, checked and counted with <see cref="Document"/>, as one read model.
/// </param>
/// <param name="Lifecycle">
/// Inline: written in the transaction of each append, so a command's answer is already readable. Async: written by the
/// async daemon a moment after the append, in the order of the events, so the append does not wait for it; all async
/// read models together, as one of the daemon's projections (<see cref="AsyncComposite"/>).
/// </param>
public sealed record ReadModel(
    Type Projection, Type Document, ProjectionLifecycle Lifecycle,
    Func<IProjectionSource<IDocumentOperations, IQuerySession>> Create, Action<StoreOptions>? Indexes, IReadOnlyList<Type>? AlsoWrites = null)
{
    /// <summary>What a scratch store's projections are named after, so their progress never mixes with the live ones'.</summary>
    public const string ScratchPrefix = "scratch_";

    /// <summary>How many events a scratch store's rebuild loads and folds at a time.</summary>
    public const int RebuildBatchSize = 2000;

    /// <summary>
    /// The most events the daemon reads and folds into the async read models at once (Marten's default is 500). Caught
    /// up, a page holds the few events appended since the last; behind (an import), four times fewer pages are four
    /// times fewer transactions and progress writes: after a 20,000-record import the read models held it 20-26 s after
    /// the answer instead of 39-56 s (docs/benchmarks.md).
    /// </summary>
    public const int AsyncPageSize = 2000;

    public string Name => Document.Name;

    /// <summary>
    /// The async daemon's one projection for every async read model (Marten's composite projection): it reads each page
    /// of events once, folds it into all of them and commits them together, each read model's progress row beside its
    /// own. A shard per read model read every event once for each of them, each in its own transaction.
    /// </summary>
    public const string AsyncComposite = "AsyncReadModels";

    /// <summary>The async daemon's shard that runs every async read model.</summary>
    public static ShardName AsyncShard => ShardName.Compose(AsyncComposite);

    /// <summary>Where the async daemon keeps how far this read model has come (its row in the events' progression table).</summary>
    public ShardName Shard => ShardName.Compose(Name);

    /// <summary>Every document type the projection keeps: <see cref="Document"/> first.</summary>
    public IReadOnlyList<Type> Documents => [Document, .. AlsoWrites ?? []];

    public bool IsAsync => Lifecycle == ProjectionLifecycle.Async;

    public string LifecycleName => IsAsync ? "async" : "inline";

    /// <param name="scratch">
    /// True for a store that rebuilds the read models beside the live ones. Its projections run inline, under names of
    /// their own: the daemon's progress of an async projection is kept by name, in the events' schema that both stores
    /// share, and a rebuild under the live name would rewind the live projection.
    /// </param>
    public void AddTo(StoreOptions opts, bool scratch)
    {
        var projection = Create();
        if (projection is ProjectionBase named)
        {
            named.Name = scratch ? ScratchPrefix + Name : Name;
            // A scratch store only rebuilds: pages of events ten times the daemon's usual are ten times fewer round
            // trips and progress writes for the same events.
            if (scratch) named.Options.BatchSize = RebuildBatchSize;
        }

        if (scratch) opts.Projections.Add(projection, ProjectionLifecycle.Inline);
        else if (IsAsync)
            opts.Projections.CompositeProjectionFor(AsyncComposite, composite =>
            {
                composite.Options.BatchSize = AsyncPageSize;
                composite.Add(projection);
            });
        else opts.Projections.Add(projection, Lifecycle);
        Indexes?.Invoke(opts);
    }
}

/// <summary>
/// The catalogue's Marten store: the host's settings (where the events and documents live, the events' metadata,
/// the daemon's locks) and the model the capabilities give it (<see cref="CatalogueBuilder.Model"/>). A second store
/// over the same events — the scratch rebuild of the read models — is configured by the same calls, so the two cannot
/// drift.
/// </summary>
public sealed class CatalogueStoreConfiguration(string connectionString, IReadOnlyList<Action<StoreOptions>> model, IReadOnlyList<ReadModel> readModels)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Each read model with the projection that folds the events into it, in the order the capabilities added them.</summary>
    public IReadOnlyList<ReadModel> ReadModels { get; } = readModels;

    public IReadOnlyList<ReadModel> AsyncReadModels => [.. ReadModels.Where(r => r.IsAsync)];

    /// <summary>The read model of that name, or whose projection has it, in any letter case.</summary>
    public ReadModel? Find(string name) => ReadModels.FirstOrDefault(r =>
        string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(r.Projection.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A store over a streaming replica of the catalogue's database, for reads alone: the same model, but it changes no
    /// schema (the replica is read-only and follows the primary's) and runs no projection (the primary's daemon does).
    /// </summary>
    public void ConfigureReplica(StoreOptions opts, Npgsql.NpgsqlDataSource replica)
    {
        Configure(opts);
        opts.Connection(replica);
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        opts.Projections.AsyncMode = JasperFx.Events.Daemon.DaemonMode.ExternallyManaged;
        // Named with several hosts (the replica, then the primary), Marten would pick the read-write one for its reads.
        opts.Advanced.MultiHostSettings.ReadSessionPreference = Npgsql.TargetSessionAttributes.PreferStandby;
        opts.Advanced.MultiHostSettings.WriteSessionPreference = Npgsql.TargetSessionAttributes.PreferStandby;
    }

    /// <param name="documentSchema">Where the read models live; the events always stay in the catalogue schema.</param>
    public void Configure(StoreOptions opts, string documentSchema = CatalogueSchema.Name)
    {
        var scratch = documentSchema != CatalogueSchema.Name;
        if (scratch) opts.Connection(ConnectionString);
        opts.DatabaseSchemaName = documentSchema;
        opts.Events.DatabaseSchemaName = CatalogueSchema.Name;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        // A letter outside ASCII written to jsonb as itself, events too (CatalogueJsonSerializer).
        opts.Serializer(new CatalogueJsonSerializer(opts.Serializer()));
        // The daemon's leadership lock otherwise sends "SET LOCAL" outside a transaction, and PostgreSQL logs a warning
        // for each on every start, and on every attempt of a standby node (18 a second each). Held in a transaction, it
        // is one the daemon's gap detection knows to ignore. Its cost: each lock's session keeps a snapshot until its
        // next keepalive (about a minute), so row versions made meanwhile wait that long to be pruned (docs/benchmarks.md).
        opts.Events.UseAdvisoryLockTransaction = true;
        // Two saves against one version of a record, both in the database before either commits, both passed the append
        // function's version check and drew event numbers; the loser's number was never written, and the async read
        // models waited at that gap for Marten's stale-sequence threshold (3 s). With the stream's row taken FOR UPDATE
        // in the check, the loser waits for the winner and is refused before it draws a number. The row is updated by
        // every append anyway, so it is only locked a little sooner.
        opts.Events.UseExclusiveLockOnConcurrentAppends = true;
        // By default the daemon skips an event an async projection fails to apply, or cannot read (its JSON not the
        // event's shape, its type unknown to this version, or the memory to read it short: seen with long full texts in
        // a 512 MiB container), and the read model silently lacks it. A read model that must equal a rebuild from the
        // events stops at such an event instead (paused, retried, shown as paused and behind by GET /api/projections),
        // as a rebuild does.
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.Errors.SkipSerializationErrors = false;
        opts.Projections.Errors.SkipUnknownEvents = false;
        // The daemon looks for new events every SlowPollingTime once it has caught up (1 s by default): under a steady
        // trickle of commands it is caught up at almost every look, so archivists waited a second for the list and
        // search to show a change. A look is a few small queries on the events' primary key; four a second cost
        // little next to a second of lag. (Marten's LISTEN/NOTIFY wake-up would be faster still, but NOTIFY makes
        // every committing append wait for a database-wide lock, which the command throughput cannot afford.)
        opts.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
        opts.Projections.FastPollingTime = TimeSpan.FromMilliseconds(100);
        if (!scratch) SchemaHistory.AddTo(opts);
        foreach (var configure in model) configure(opts);
        foreach (var readModel in ReadModels) readModel.AddTo(opts, scratch);
    }
}

using System.Threading.Channels;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using JasperFx.Core.Reflection;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using Npgsql;
using Weasel.Core;

namespace Catalogue.Api.Audit;

/// <summary>
/// Builds, in one pass over the events, every read model whose projection folds each stream on its own (a
/// single-stream projection), those whose projection stores and deletes documents event by event (<see cref="Applied"/>:
/// the full texts, the provenance placements, the snapshots), and those whose projection says how to build it from
/// whole streams (<see cref="IBuiltInOnePass"/>: the reports' counts, the directory of names): the events are read once, a hundred
/// streams at a time, each stream's events are handed to every such fold at once, and the documents are written by COPY while the next streams are read. Marten's rebuild
/// runs each projection on its own, reading and deserialising every event again for each, and writes each document
/// through its upsert function.
/// </summary>
/// <remarks>
/// A stream's events are folded as the async daemon folds a slice of them: filtered to the projection's event types,
/// handed to the projection's own dispatch (<c>DetermineActionAsync</c>), then the document's id and version set by
/// JasperFx's own <c>TryApplyMetadata</c>. The daemon folds the same events in slices of whatever its pages hold, so
/// every projection must give the same document whatever the slices (a test holds them to it), and the rebuild
/// compares the result with the live documents the daemon wrote, document by document.
/// </remarks>
public static class StreamFolds
{
    /// <summary>How many streams are read, folded and written at a time.</summary>
    public const int StreamsAtATime = 100;

    /// <summary>
    /// Builds the read models of <paramref name="folds"/> (each with its <see cref="PassFoldOf"/>) into
    /// <paramref name="scratch"/>'s documents, which must be empty, from the events of <paramref name="streams"/>, in
    /// order, each up to the version given. Appends go on meanwhile; what they add is left out here and folded
    /// afterwards (<see cref="CatchUpAsync"/>). How many events have been read is written beside
    /// the scratch projections' progress, as the daemon writes its own, for <c>GET /api/projections</c> to tell, until
    /// the pass is done.
    /// </summary>
    public static async Task BuildAsync(
        IDocumentStore scratch, IReadOnlyList<(ReadModel ReadModel, IPassFold Fold)> folds, IReadOnlyList<(Guid Stream, long Version)> streams,
        long mark, string connectionString, CancellationToken ct)
    {
        var readModels = folds.Select(f => f.ReadModel).ToList();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // While one batch of documents is written, the next streams are read and folded; one batch waits at most.
        var batches = Channel.CreateBounded<List<object>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var writing = WriteAsync(scratch, batches.Reader, failed);
        await using var progress = new NpgsqlConnection(connectionString);
        Exception? failure = null;
        try
        {
            await progress.OpenAsync(failed.Token);
            // A session only to read through and to hand the folds (documents are written by COPY, never by saving it).
            await using var session = scratch.LightweightSession();
            var only = OnlyEventsFolded(scratch, folds);
            long read = 0;
            var told = DateTime.UtcNow;
            foreach (var some in streams.Chunk(StreamsAtATime))
            {
                var documents = new List<object>();
                var upTo = some.ToDictionary(s => s.Stream, s => s.Version);
                foreach (var (stream, all) in await EventsOfAsync(session, upTo.Keys, only, failed.Token))
                {
                    IReadOnlyList<IEvent> events = [.. all.TakeWhile(e => e.Version <= upTo[stream])];
                    foreach (var (_, fold) in folds) await fold.FoldAsync(session, stream, events, documents, failed.Token);
                    read += events.Count;
                }

                await batches.Writer.WriteAsync(documents, failed.Token);
                if (DateTime.UtcNow - told >= ReadModelMaintenance.ProgressEvery)
                {
                    await TellAsync(progress, readModels, Math.Min(read, mark), failed.Token);
                    told = DateTime.UtcNow;
                }
            }

            await batches.Writer.WriteAsync([.. folds.SelectMany(f => f.Fold.Finish())], failed.Token);
        }
        catch (Exception e)
        {
            failure = e;
            await failed.CancelAsync();
        }

        batches.Writer.TryComplete();
        try
        {
            await writing;
        }
        catch (Exception) when (failure is not null || ct.IsCancellationRequested)
        {
            // The reading failed first, or the pass was cancelled, and the writing stopped (a COPY cut off leaves Marten
            // rolling back a transaction it has disposed): what stopped it is the one to tell.
        }

        // Cancelled (the client went away, the service stops): the pass was stopped, whatever broke on the way.
        ct.ThrowIfCancellationRequested();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        // Built: like the daemon after a rebuild, the pass no longer shows among the builds going on.
        await using var forget = new NpgsqlCommand($"delete from {CatalogueSchema.Name}.mt_event_progression where name = any($1)", progress)
        {
            Parameters = { new() { Value = ProgressNames(readModels) } },
        };
        await forget.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Brings what <see cref="BuildAsync"/> built into <paramref name="schema"/> up to the versions read since: each of
    /// <paramref name="changed"/>, a stream appended to since it was folded at <c>Folded</c> (0: begun since), is folded
    /// again whole up to <c>Now</c>, its documents replacing those made of it before, and the documents made of every
    /// stream at once are made again. Appends may go on meanwhile (what they add is for the next catch-up) or be held
    /// (then the scratch holds every event committed).
    /// </summary>
    public static async Task CatchUpAsync(
        IDocumentStore scratch, string schema, IReadOnlyList<(ReadModel ReadModel, IPassFold Fold)> folds,
        IReadOnlyList<(Guid Stream, long Folded, long Now)> changed, NpgsqlConnection connection, CancellationToken ct)
    {
        if (changed.Count == 0 || folds.Count == 0) return;
        var documents = new List<object>();
        await using (var session = scratch.LightweightSession())
        {
            foreach (var some in changed.Chunk(StreamsAtATime))
            {
                var versions = some.ToDictionary(s => s.Stream, s => (s.Folded, s.Now));
                foreach (var (stream, all) in await EventsOfAsync(session, versions.Keys, only: null, ct))
                {
                    // Appends may go on meanwhile: the stream is folded up to the version read, whose events are all committed.
                    IReadOnlyList<IEvent> events = [.. all.TakeWhile(e => e.Version <= versions[stream].Now)];
                    IReadOnlyList<IEvent> before = [.. events.TakeWhile(e => e.Version <= versions[stream].Folded)];
                    foreach (var (_, fold) in folds) await fold.RefoldAsync(session, stream, before, events, documents, ct);
                }
            }
        }

        var ids = changed.Select(c => c.Stream).ToArray();
        foreach (var (readModel, fold) in folds)
        {
            foreach (var document in readModel.Documents)
            {
                var (ofStreams, keys) = fold.MadeOfEveryStream.Contains(document) ? ("", null) : OfStreams(document, ids, "id", 1);
                await using var remove = new NpgsqlCommand(
                    $"delete from {ReadModelMaintenance.TableOf(document, schema)}{(keys is null ? "" : $" where {ofStreams}")}", connection) { CommandTimeout = 0 };
                if (keys is not null) remove.Parameters.Add(new() { Value = keys });
                await remove.ExecuteNonQueryAsync(ct);
            }
        }

        documents.AddRange(folds.SelectMany(f => f.Fold.Finish()));
        if (documents.Count > 0) await scratch.BulkInsertDocumentsAsync(documents, BulkInsertMode.InsertsOnly, StreamsAtATime * 10, ct);
    }

    /// <summary>
    /// The condition that picks, among documents of a type that are each one stream's, those of <paramref name="streams"/>,
    /// and the value of its parameter <c>$<paramref name="parameter"/></c>: a stream's own documents are keyed by its id,
    /// or by a key that begins with it (<see cref="Applied"/>).
    /// </summary>
    public static (string Condition, object Streams) OfStreams(Type document, IEnumerable<Guid> streams, string id, int parameter) =>
        IsKeyedByStream(document)
            ? ($"{id} = any(${parameter})", streams.ToArray())
            : ($"left({id}, 32) = any(${parameter})", streams.Select(s => s.ToString("N")).ToArray());

    /// <summary>True when a document of one stream is keyed by the stream's id itself, false when by a key that begins with it.</summary>
    public static bool IsKeyedByStream(Type document) => document.GetProperty("Id")?.PropertyType == typeof(Guid);

    /// <summary>
    /// The stored names of the only events <paramref name="folds"/> fold, when each folds only some kinds (a rebuild of the
    /// people's authorities alone: a few events of every record's stream are theirs); null when any folds every kind.
    /// </summary>
    private static string[]? OnlyEventsFolded(IDocumentStore store, IReadOnlyList<(ReadModel ReadModel, IPassFold Fold)> folds)
    {
        if (folds.Count == 0 || folds.Any(f => f.Fold.EventTypes.Count == 0)) return null;
        var stored = store.Options.Events.AllKnownEventTypes().ToDictionary(t => t.EventType, t => t.EventTypeName);
        var types = folds.SelectMany(f => f.Fold.EventTypes).Distinct().ToList();
        // A filter by a base type or an interface takes events of several stored names: read them all then.
        return types.All(stored.ContainsKey) ? [.. types.Select(t => stored[t])] : null;
    }

    /// <summary>The events of <paramref name="streams"/> (of the stored names <paramref name="only"/>, when given), stream by stream, each in version order.</summary>
    private static async Task<IEnumerable<(Guid Stream, IReadOnlyList<IEvent> Events)>> EventsOfAsync(
        IQuerySession session, IEnumerable<Guid> streams, string[]? only, CancellationToken ct)
    {
        var ids = streams.ToArray();
        var query = session.Events.QueryAllRawEvents().Where(e => ids.Contains(e.StreamId));
        if (only is not null) query = query.Where(e => only.Contains(e.EventTypeName));
        var events = await query.OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToListAsync(ct);
        return events.GroupBy(e => e.StreamId).Select(g => (g.Key, (IReadOnlyList<IEvent>)[.. g]));
    }

    private static string[] ProgressNames(IReadOnlyList<ReadModel> readModels) => [.. readModels.Select(r => $"{ReadModel.ScratchPrefix}{r.Name}:All")];

    private static async Task WriteAsync(IDocumentStore scratch, ChannelReader<List<object>> batches, CancellationTokenSource failed)
    {
        try
        {
            await foreach (var documents in batches.ReadAllAsync(failed.Token))
            {
                if (documents.Count > 0) await scratch.BulkInsertDocumentsAsync(documents, BulkInsertMode.InsertsOnly, documents.Count, failed.Token);
            }
        }
        catch (Exception) when (!failed.IsCancellationRequested)
        {
            await failed.CancelAsync();
            throw;
        }
    }

    /// <summary>How many events the pass has read, as the position of each read model it builds.</summary>
    private static async Task TellAsync(NpgsqlConnection connection, IReadOnlyList<ReadModel> readModels, long read, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            insert into {CatalogueSchema.Name}.mt_event_progression (name, last_seq_id, last_updated)
            select unnest($1::text[]), $2, now()
            on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
            """, connection)
        {
            Parameters = { new() { Value = ProgressNames(readModels) }, new() { Value = read } },
        };
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// How <paramref name="readModel"/> is built in the one pass: as its projection says (<see cref="IBuiltInOnePass"/>), or
    /// by its projection's fold of each stream; null when it is left to the daemon.
    /// </summary>
    /// <exception cref="NotSupportedException">
    /// The projection is none of those: a rebuild could not build it with commands going on, nor fold it again.
    /// </exception>
    public static IPassFold PassFoldOf(ReadModel readModel) => readModel.Create() switch
    {
        IBuiltInOnePass projection => projection.InOnePass(),
        EventProjection projection => Applied(async (operations, events, ct) =>
        {
            foreach (var e in events) await projection.ApplyAsync(operations, e, ct);
        }),
        var projection => FoldOf(projection) is { } fold ? new EachStream(fold) : throw new NotSupportedException(
            $"The read model {readModel.Name} cannot be built in a rebuild's one pass: its projection must fold each stream on its own, "
            + $"apply each event as an event projection, or say how it is built from whole streams ({nameof(IBuiltInOnePass)})."),
    };

    /// <summary>
    /// A read model whose projection stores and deletes documents as it meets each event (an event projection, the
    /// snapshots), built in the one pass: each stream's events are applied through operations that only note what is
    /// stored and deleted, and the documents the stream leaves stored are written. Each document must be one stream's,
    /// keyed by the stream's id or by a key that begins with it (<c>{id:N}…</c>), so a stream folded again replaces its own.
    /// </summary>
    public static IPassFold Applied(Func<IDocumentOperations, IReadOnlyList<IEvent>, CancellationToken, Task> apply) => new AppliedFold(apply);

    private sealed class AppliedFold(Func<IDocumentOperations, IReadOnlyList<IEvent>, CancellationToken, Task> apply) : IPassFold
    {
        public async ValueTask FoldAsync(IDocumentSession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
        {
            var noted = NotedOperations.Over(session);
            await apply((IDocumentOperations)noted, events, ct);
            documents.AddRange(noted.Stored);
        }

        public IEnumerable<object> Finish() => [];
    }

    /// <summary>
    /// Document operations that note what is stored and deleted, in order, instead of doing it; reads go to the session
    /// underneath. Any other change (an insert, a patch, a deletion by query) is refused: the one pass could not tell
    /// which stream's it is.
    /// </summary>
    public class NotedOperations : System.Reflection.DispatchProxy
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<object, object>> IdsOf = new();
        private readonly Dictionary<(Type Type, object Id), object?> _documents = [];
        private IDocumentSession _session = null!;

        public static NotedOperations Over(IDocumentSession session)
        {
            var noted = (NotedOperations)(object)Create<IDocumentOperations, NotedOperations>();
            noted._session = session;
            return noted;
        }

        /// <summary>The documents stored and not deleted since.</summary>
        public IEnumerable<object> Stored => _documents.Values.OfType<object>();

        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(method);
            switch (method.Name)
            {
                case nameof(IDocumentOperations.Store) when method.IsGenericMethod && args is [System.Collections.IEnumerable entities]:
                    foreach (var entity in entities) _documents[(method.GetGenericArguments()[0], IdOf(entity))] = entity;
                    return null;
                case nameof(IDocumentOperations.Delete) when method.IsGenericMethod && args is [{ } what]:
                    var type = method.GetGenericArguments()[0];
                    _documents[(type, type.IsInstanceOfType(what) ? IdOf(what) : what)] = null;
                    return null;
            }

            if (!method.DeclaringType!.IsAssignableFrom(typeof(IQuerySession)) && method.Name != "get_Events")
                throw new NotSupportedException($"A projection built in the rebuild's one pass may store and delete documents; it called {method.Name}.");
            try
            {
                return method.Invoke(_session, args);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }

        private static object IdOf(object document) => IdsOf.GetOrAdd(document.GetType(), type =>
        {
            var id = type.GetProperty("Id") ?? throw new NotSupportedException($"{type.Name} has no Id");
            return d => id.GetValue(d)!;
        })(document);
    }

    /// <summary>
    /// A projection that is not a fold of each stream on its own (a count, a directory across records) but says how it
    /// is built in the one pass, to the same documents the daemon gives it.
    /// </summary>
    public interface IBuiltInOnePass
    {
        IPassFold InOnePass();
    }

    /// <summary>A read model built in the one pass: every stream's events handed to it in turn, then whatever it makes of all of them.</summary>
    public interface IPassFold
    {
        /// <summary>Adds to <paramref name="documents"/> what the whole of one stream's events make.</summary>
        ValueTask FoldAsync(IDocumentSession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct);

        /// <summary>
        /// Folds again a stream appended to since it was folded: <paramref name="folded"/> are the events it was folded
        /// with, <paramref name="events"/> all it holds now (they begin with those). Adds the stream's documents as
        /// <see cref="FoldAsync"/> does; what it counted toward the documents of every stream is counted anew.
        /// </summary>
        ValueTask RefoldAsync(
            IDocumentSession session, Guid stream, IReadOnlyList<IEvent> folded, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct) =>
            FoldAsync(session, stream, events, documents, ct);

        /// <summary>The document types made of every stream at once (<see cref="Finish"/>); the others are each one stream's, by its id.</summary>
        IReadOnlyList<Type> MadeOfEveryStream => [];

        /// <summary>The only events it folds (its projection's filter), or none when it folds every kind.</summary>
        IReadOnlyList<Type> EventTypes => [];

        /// <summary>The documents made of every stream at once, asked for once every stream has been folded.</summary>
        IEnumerable<object> Finish();
    }

    private sealed class EachStream(IStreamFold fold) : IPassFold
    {
        public IReadOnlyList<Type> EventTypes => fold.EventTypes;

        public async ValueTask FoldAsync(IDocumentSession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
        {
            if (await fold.FoldAsync(session, null, stream, events, ct) is { } document) documents.Add(document);
        }

        public IEnumerable<object> Finish() => [];
    }

    /// <summary>The fold of <paramref name="readModel"/>'s projection, stream by stream; null when it does not fold each stream on its own.</summary>
    public static IStreamFold? FoldOf(ReadModel readModel) => FoldOf(readModel.Create());

    private static IStreamFold? FoldOf(object projection)
    {
        for (var type = projection.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(SingleStreamProjection<,>)) continue;
            var (document, id) = (type.GetGenericArguments()[0], type.GetGenericArguments()[1]);
            return id == typeof(Guid) ? (IStreamFold)Activator.CreateInstance(typeof(StreamFold<>).MakeGenericType(document), projection)! : null;
        }

        return null;
    }

    /// <summary>A single-stream projection's fold of one stream's events, as the async daemon folds a slice of them.</summary>
    public interface IStreamFold
    {
        /// <summary>
        /// The document <paramref name="events"/> make of <paramref name="snapshot"/> (null: none yet), or null for none:
        /// the projection's event-type filter, its own dispatch (<c>DetermineActionAsync</c>, which the daemon calls for a
        /// slice), then the id and the version as the daemon sets them.
        /// </summary>
        ValueTask<object?> FoldAsync(IQuerySession session, object? snapshot, Guid stream, IReadOnlyList<IEvent> events, CancellationToken ct);

        /// <summary>The projection's event-type filter; none when it folds every kind.</summary>
        IReadOnlyList<Type> EventTypes { get; }
    }

    private sealed class StreamFold<TDocument>(SingleStreamProjection<TDocument, Guid> projection) : IStreamFold, IIdentitySetter<TDocument, Guid>
        where TDocument : class
    {
        private readonly Type[] included = [.. projection.IncludedEventTypes];

        public IReadOnlyList<Type> EventTypes => included;
        private readonly Action<TDocument, Guid> setId = LambdaBuilder.Setter<TDocument, Guid>(typeof(TDocument).GetProperty("Id")!)!;
        private readonly Func<TDocument, Guid> getId = LambdaBuilder.Getter<TDocument, Guid>(typeof(TDocument).GetProperty("Id")!);

        public async ValueTask<object?> FoldAsync(IQuerySession session, object? snapshot, Guid stream, IReadOnlyList<IEvent> events, CancellationToken ct)
        {
            IReadOnlyList<IEvent> folded = included.Length == 0 ? events : [.. events.Where(e => included.Any(t => t.IsInstanceOfType(e.Data)))];
            if (folded.Count == 0) return snapshot;
            var (document, action) = await projection.DetermineActionAsync(session, (TDocument?)snapshot, stream, this, folded, ct);
            if (action == ActionType.Nothing) return snapshot;
            if (action == ActionType.Delete) return null;
            (_, document) = ((IAggregationProjection<TDocument, Guid, IDocumentOperations, IQuerySession>)projection).TryApplyMetadata(folded, document, stream, this);
            return document;
        }

        public void SetIdentity(TDocument document, Guid identity) => setId(document, identity);

        public Guid Identity(TDocument document) => getId(document);
    }
}

using System.Threading.Channels;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using JasperFx.Core.Reflection;
using JasperFx.Events;
using JasperFx.Events.Aggregation;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events.Aggregation;
using Npgsql;
using Weasel.Core;

namespace Catalogue.Api.Audit;

/// <summary>
/// Builds, in one pass over the events, every read model whose projection folds each stream on its own (a
/// single-stream projection), and those whose projection says how to build it from whole streams
/// (<see cref="IBuiltInOnePass"/>: the reports' counts, the directory of names): the events are read once, a hundred
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
    /// Builds the read models of <paramref name="folds"/> (each with its <see cref="PassFoldOf"/>) from the events up to <paramref name="mark"/>
    /// into <paramref name="scratch"/>'s documents, which must be empty. How many events have been read is written beside
    /// the scratch projections' progress, as the daemon writes its own, for <c>GET /api/projections</c> to tell, until
    /// the pass is done.
    /// </summary>
    public static async Task BuildAsync(
        IDocumentStore scratch, IReadOnlyList<(ReadModel ReadModel, IPassFold Fold)> folds, long mark, string connectionString, CancellationToken ct)
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
            await using var session = scratch.QuerySession();
            long read = 0;
            Guid? after = null;
            var told = DateTime.UtcNow;
            while (await StreamsAfterAsync(progress, after, failed.Token) is { Count: > 0 } streams)
            {
                after = streams[^1];
                var events = await session.Events.QueryAllRawEvents()
                    .Where(e => e.Sequence <= mark && streams.Contains(e.StreamId))
                    .OrderBy(e => e.StreamId).ThenBy(e => e.Version)
                    .ToListAsync(failed.Token);
                var documents = new List<object>();
                foreach (var stream in events.GroupBy(e => e.StreamId))
                {
                    var ofStream = stream.ToList();
                    foreach (var (_, fold) in folds) await fold.FoldAsync(session, stream.Key, ofStream, documents, failed.Token);
                }

                await batches.Writer.WriteAsync(documents, failed.Token);
                read += events.Count;
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
        catch (OperationCanceledException) when (failure is not null and not OperationCanceledException)
        {
            // The reading failed first and stopped the writing: its failure is the one to tell.
        }

        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        // Built: like the daemon after a rebuild, the pass no longer shows among the builds going on.
        await using var forget = new NpgsqlCommand($"delete from {CatalogueSchema.Name}.mt_event_progression where name = any($1)", progress)
        {
            Parameters = { new() { Value = ProgressNames(readModels) } },
        };
        await forget.ExecuteNonQueryAsync(ct);
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

    private static async Task<List<Guid>> StreamsAfterAsync(NpgsqlConnection connection, Guid? after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"select id from {CatalogueSchema.Name}.mt_streams where $1::uuid is null or id > $1 order by id limit {StreamsAtATime}", connection)
        {
            Parameters = { new() { Value = after.HasValue ? after.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid } },
        };
        var streams = new List<Guid>(StreamsAtATime);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) streams.Add(reader.GetGuid(0));
        return streams;
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
    public static IPassFold? PassFoldOf(ReadModel readModel) => readModel.Create() switch
    {
        IBuiltInOnePass projection => projection.InOnePass(),
        var projection => FoldOf(projection) is { } fold ? new EachStream(fold) : null,
    };

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
        ValueTask FoldAsync(IQuerySession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct);

        /// <summary>The documents made of every stream at once, asked for once every stream has been folded.</summary>
        IEnumerable<object> Finish();
    }

    private sealed class EachStream(IStreamFold fold) : IPassFold
    {
        public async ValueTask FoldAsync(IQuerySession session, Guid stream, IReadOnlyList<IEvent> events, List<object> documents, CancellationToken ct)
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
    }

    private sealed class StreamFold<TDocument>(SingleStreamProjection<TDocument, Guid> projection) : IStreamFold, IIdentitySetter<TDocument, Guid>
        where TDocument : class
    {
        private readonly Type[] included = [.. projection.IncludedEventTypes];
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

using System.Diagnostics;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Npgsql;

namespace Catalogue.Api.Audit;

/// <summary>A scratch schema's read models, how each is built in the one pass, and the version up to which each stream is folded into them.</summary>
internal sealed record ScratchReadModels(string Schema, IReadOnlyList<(ReadModel ReadModel, StreamFolds.IPassFold Fold)> Folds, Dictionary<Guid, long> Folded)
{
    /// <summary>True when the read model's documents of this type are each one stream's, false when they are made of every stream at once.</summary>
    public bool IsEachOneStreams(ReadModel readModel, Type document) =>
        !Folds.First(f => f.ReadModel == readModel).Fold.MadeOfEveryStream.Contains(document);
}

/// <summary>
/// The live read models' documents set against those rebuilt in a scratch schema, table by table: replaced where they
/// differ (in batches of records with appends going on, or all at once with them held), compared, counted.
/// </summary>
internal static class LiveDocuments
{
    /// <summary>How many records' documents are replaced at a time, with appends going on, in one transaction.</summary>
    public const int StreamsPerReplace = 1000;

    /// <summary>
    /// Replaces, with appends going on, the live documents of one stream each that differ from the rebuilt ones, for
    /// every stream whose version is still the one the scratch folded, <see cref="StreamsPerReplace"/> streams at a time.
    /// The streams' rows are taken <c>FOR UPDATE</c> in the batch's transaction: an append to one of them (which updates
    /// that row) waits until the batch is committed, and will be folded again when appends are held; a stream whose row
    /// an append in flight has taken is passed over, and its documents replaced with appends held. Without the lock an
    /// append committed between the version's check and the write would be overwritten by the older rebuilt document.
    /// The async read models' documents are replaced once the daemon has processed every event the scratch holds, so it
    /// writes no document of these streams afterwards but for an event appended since.
    /// </summary>
    /// <returns>How many documents each read model had replaced or added, and the streams passed over.</returns>
    public static async Task<(Dictionary<ReadModel, long> Changed, HashSet<Guid> PassedOver)> ReplaceUnchangedStreamsAsync(
        NpgsqlConnection connection, ScratchReadModels scratch, IReadOnlyList<ReadModel> models, IProgress<string>? progress, CancellationToken ct)
    {
        var changed = models.ToDictionary(m => m, _ => 0L);
        var passedOver = new HashSet<Guid>();
        var documents = new List<(ReadModel ReadModel, Type Document, IReadOnlyList<string> Columns)>();
        foreach (var readModel in models)
        {
            foreach (var document in readModel.Documents.Where(d => scratch.IsEachOneStreams(readModel, d)))
            {
                documents.Add((readModel, document, await ColumnsAsync(connection, document, ct)));
                if (StreamFolds.IsKeyedByStream(document)) continue;
                // Keyed by a key that begins with the stream's id: found by it in each batch.
                await using var index = new NpgsqlCommand($"create index on {ReadModelMaintenance.TableOf(document, scratch.Schema)} (left(id, 32))", connection) { CommandTimeout = 0 };
                await index.ExecuteNonQueryAsync(ct);
            }
        }

        if (documents.Count == 0) return (changed, passedOver);
        var streams = scratch.Folded.ToList();
        var told = Stopwatch.StartNew();
        var done = 0;
        foreach (var batch in streams.Chunk(StreamsPerReplace))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var unchanged = await TakeUnchangedAsync(connection, batch, ct);
            passedOver.UnionWith(batch.Select(b => b.Key).Where(s => !unchanged.Contains(s)));
            if (unchanged.Count > 0)
            {
                foreach (var (readModel, document, columns) in documents)
                {
                    changed[readModel] += await ReplaceDifferingDocumentsAsync(connection, document, scratch.Schema, columns, unchanged, removeUnmade: false, ct);
                }
            }

            await transaction.CommitAsync(ct);
            done += batch.Length;
            if (told.Elapsed >= ReadModelMaintenance.ProgressEvery)
            {
                progress?.Report($"  documents of {done:N0} of {streams.Count:N0} records replaced where they differed");
                told.Restart();
            }
        }

        return (changed, passedOver);
    }

    /// <summary>
    /// Takes, in the transaction going on, the rows of the streams of <paramref name="batch"/> whose version is still the
    /// one given, but not those an append in flight holds.
    /// </summary>
    private static async Task<List<Guid>> TakeUnchangedAsync(NpgsqlConnection connection, KeyValuePair<Guid, long>[] batch, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select s.id from {CatalogueSchema.Name}.mt_streams s join unnest($1::uuid[], $2::bigint[]) as f(id, version) on s.id = f.id and s.version = f.version
            for update of s skip locked
            """, connection)
        {
            Parameters = { new() { Value = batch.Select(b => b.Key).ToArray() }, new() { Value = batch.Select(b => b.Value).ToArray() } },
        };
        var taken = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) taken.Add(reader.GetGuid(0));
        return taken;
    }

    /// <param name="streams">Only the documents of these streams are added or replaced (documents of one stream each); every document when null.</param>
    /// <param name="removeUnmade">Whether live documents the rebuild did not make are removed, whichever stream they are of.</param>
    /// <returns>How many live documents were removed, added or replaced.</returns>
    public static async Task<long> ReplaceDifferingDocumentsAsync(
        NpgsqlConnection connection, Type readModel, string scratch, IReadOnlyList<string> columns, IReadOnlyCollection<Guid>? streams, bool removeUnmade,
        CancellationToken ct)
    {
        var live = ReadModelMaintenance.TableOf(readModel, CatalogueSchema.Name);
        var rebuilt = ReadModelMaintenance.TableOf(readModel, scratch);
        var list = string.Join(", ", columns);
        var updates = string.Join(", ", columns.Where(c => c != "id").Select(c => $"{c} = excluded.{c}"));
        var (ofStreams, keys) = streams is null ? ("true", null) : StreamFolds.OfStreams(readModel, streams, "r.id", 1);
        long changed = 0;
        if (removeUnmade)
        {
            await using var remove = new NpgsqlCommand($"delete from {live} l where not exists (select 1 from {rebuilt} r where r.id = l.id)", connection) { CommandTimeout = 0 };
            changed += await remove.ExecuteNonQueryAsync(ct);
        }

        // Documents equal by value are left as they are, so a rebuild of healthy read models writes nothing.
        await using var command = new NpgsqlCommand(
            $"""
            insert into {live} as l ({list}) select {list} from {rebuilt} r where {ofStreams}
            on conflict (id) do update set {updates} where l.data is distinct from excluded.data
            """, connection)
        { CommandTimeout = 0 };
        if (keys is not null) command.Parameters.Add(new() { Value = keys });
        return changed + await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<IReadOnlyList<string>> ColumnsAsync(NpgsqlConnection connection, Type readModel, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "select quote_ident(column_name) from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position", connection)
        {
            Parameters = { new() { Value = CatalogueSchema.Name }, new() { Value = $"mt_doc_{readModel.Name.ToLowerInvariant()}" } },
        };
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(reader.GetString(0));
        return columns;
    }

    /// <summary>The documents of every type the read model keeps, in <paramref name="schema"/>.</summary>
    public static async Task<long> CountAsync(NpgsqlConnection connection, ReadModel readModel, string schema, CancellationToken ct)
    {
        long documents = 0;
        foreach (var document in readModel.Documents) documents += await CountAsync(connection, ReadModelMaintenance.TableOf(document, schema), ct);
        return documents;
    }

    public static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        await using var count = new NpgsqlCommand($"select count(*) from {table}", connection);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <param name="only">
    /// For a document type, the documents to compare: those of these ids and those of these streams (documents of one
    /// stream each); every document when null.
    /// </param>
    public static async Task<(ReadModelComparison Comparison, List<ReadModelDifference> Differences)> CompareAsync(
        NpgsqlConnection connection, ReadModel readModel, string scratch,
        Func<Type, (IReadOnlyCollection<string> Ids, IReadOnlyCollection<Guid> Streams)?> only, CancellationToken ct)
    {
        var differences = new List<ReadModelDifference>();
        foreach (var document in readModel.Documents) differences.AddRange(await CompareAsync(connection, readModel, document, scratch, only(document), ct));
        return (new ReadModelComparison(
            readModel.Name, readModel.LifecycleName, await CountAsync(connection, readModel, CatalogueSchema.Name, ct), await CountAsync(connection, readModel, scratch, ct),
            differences.Count), differences);
    }

    /// <summary>The documents of one type that differ; those of a type the read model keeps beside its own are named by their type.</summary>
    private static async Task<List<ReadModelDifference>> CompareAsync(
        NpgsqlConnection connection, ReadModel readModel, Type document, string scratch, (IReadOnlyCollection<string> Ids, IReadOnlyCollection<Guid> Streams)? only,
        CancellationToken ct)
    {
        var live = ReadModelMaintenance.TableOf(document, CatalogueSchema.Name);
        var rebuilt = ReadModelMaintenance.TableOf(document, scratch);
        var name = document == readModel.Document ? readModel.Name : $"{readModel.Name}/{document.Name}";
        await using var command = new NpgsqlCommand { Connection = connection, CommandTimeout = 0 };
        if (only is var (ids, streams))
        {
            var (ofStreams, keys) = StreamFolds.OfStreams(document, streams, "x.id", 2);
            var typed = StreamFolds.IsKeyedByStream(document) ? "::uuid[]" : "";
            live = $"(select id, data from {live} x where x.id = any($1{typed}) or {ofStreams})";
            rebuilt = $"(select id, data from {rebuilt} x where x.id = any($1{typed}) or {ofStreams})";
            command.Parameters.Add(new() { Value = ids.ToArray() });
            command.Parameters.Add(new() { Value = keys });
        }

        // jsonb compares by value, so key order and whitespace do not count as differences.
        command.CommandText = $"""
            select coalesce(l.id, r.id)::text, l.data::text, r.data::text
            from {live} l full outer join {rebuilt} r on l.id = r.id
            where l.data is distinct from r.data
            order by 1
            """;
        var differences = new List<ReadModelDifference>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var liveData = reader.IsDBNull(1) ? null : reader.GetString(1);
                var rebuiltData = reader.IsDBNull(2) ? null : reader.GetString(2);
                var kind = liveData is null ? "missing from the live read model" : rebuiltData is null ? "not produced by the events" : "differs from the rebuild";
                differences.Add(new ReadModelDifference(name, reader.GetString(0), kind, liveData, rebuiltData));
            }
        }

        return differences;
    }

    /// <summary>The ids of the documents of one type that differ from the rebuilt ones (or that only one side has).</summary>
    public static async Task<IReadOnlyCollection<string>> DifferingIdsAsync(NpgsqlConnection connection, Type document, string scratch, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select coalesce(l.id, r.id)::text
            from {ReadModelMaintenance.TableOf(document, CatalogueSchema.Name)} l full outer join {ReadModelMaintenance.TableOf(document, scratch)} r on l.id = r.id
            where l.data is distinct from r.data
            """, connection)
        { CommandTimeout = 0 };
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }
}

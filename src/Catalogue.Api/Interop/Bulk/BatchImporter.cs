using System.Collections.Concurrent;
using System.Threading.Channels;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>A batch opened for import, and the lease that keeps any other import out of it until disposed.</summary>
public sealed record OpenedBatch(ImportBatch Batch, AdvisoryLease Lease) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Lease.DisposeAsync();
}

/// <summary>
/// Imports lines of records into a batch, a run of them at a time (<c>Catalogue:Imports:LinesPerTransaction</c>, 250): each run of lines is decided
/// against the records as they stand, and its events — with their actor, source and reason, folded by the inline read
/// models and sealed by the chain like any other — commit in one transaction with the batch's progress and what the
/// run did to each record. A line that cannot be imported is rejected with its problems; the others go on. While one
/// run is written the next is read and decided, so the service's work and PostgreSQL's overlap.
/// </summary>
public sealed class BatchImporter(
    IDocumentStore store, NpgsqlDataSource database, AccessionNumbers accessionNumbers, Microsoft.Extensions.Options.IOptions<Imports.ImportOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The batch named <paramref name="id"/> to resume, or a new one (under that id when given, so that a client who
    /// names its batch can resume it without having read an answer), with its lease held until the import is disposed;
    /// null with why when it cannot be imported into.
    /// </summary>
    public async Task<(OpenedBatch? Opened, string? Refusal)> OpenAsync(Guid? id, string format, string source, string actor, long? totalBytes, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batchId = id ?? Guid.CreateVersion7(now);
        var lease = await BatchLease.TryTakeAsync(database, batchId, ct);
        if (lease is null) return (null, $"Batch {batchId} is being imported or reverted now; resume it once that has stopped.");
        try
        {
            await using var session = store.LightweightSession();
            var found = await session.LoadAsync<ImportBatch>(batchId, ct);
            if (found is null)
            {
                var batch = new ImportBatch
                {
                    Id = batchId,
                    Format = format,
                    Source = source,
                    Actor = actor,
                    StartedAt = now,
                    UpdatedAt = now,
                    TotalBytes = totalBytes,
                };
                session.Insert(batch);
                await session.SaveChangesAsync(ct);
                return (new OpenedBatch(batch, lease), null);
            }

            string? refusal = found.Format != format ? $"Batch {found.Id} imports {found.Format}, not {format}."
                : found.State == ImportBatchStates.Finished ? $"Batch {found.Id} is finished: every line of it was handled. Start a new batch to import more."
                : found.RevertedAt is not null ? $"Batch {found.Id} was reverted; start a new batch to import again."
                : null;
            if (refusal is not null)
            {
                await lease.DisposeAsync();
                return (null, refusal);
            }

            // Stored running at once, not with its first run: a resumed batch reads past the lines it handled before
            // (seconds, for a long one), and all that while it read as still interrupted (found from outside).
            var resumed = found with { TotalBytes = totalBytes, State = ImportBatchStates.Running, UpdatedAt = now };
            session.Store(resumed);
            await session.SaveChangesAsync(ct);
            return (new OpenedBatch(resumed, lease), null);
        }
        catch
        {
            await lease.DisposeAsync();
            throw;
        }
    }

    /// <summary>The batch's state as it is: one marked running whose lease nobody holds was interrupted (its process went away).</summary>
    public async Task<string> StateOfAsync(ImportBatch batch, CancellationToken ct) =>
        batch.StateNow(batch.State == ImportBatchStates.Running && await BatchLease.IsHeldAsync(database, batch.Id, ct));

    /// <summary>
    /// A run ends once its lines hold this many bytes, whatever their number: a run of a few records with long texts is
    /// held whole while it is decided and written, and three runs may be in hand at once (read, decided, written).
    /// </summary>
    public const long MaxRunBytes = 16 * 1024 * 1024;

    /// <summary>Imports the lines after those the batch has handled; returns the batch as it stands at the end.</summary>
    /// <param name="progress">Told of the batch after each transaction.</param>
    public async Task<ImportBatch> RunAsync(
        ImportBatch batch, IAsyncEnumerable<SourceLine> lines, ChangeContext context, Action<ImportBatch>? progress, CancellationToken ct)
    {
        var decided = Channel.CreateBounded<(Run Run, List<SourceLine> Lines, TaskCompletionSource Written)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var resumeAfter = batch.Lines;
        var lastRead = 0L;
        var perRun = options.Value.LinesPerTransaction;
        // The room large lines hold (LargePayloads) is let go of once their run is written, and whatever stops the
        // import lets go of the rest: room kept would keep every later large payload of the service waiting.
        var holds = new ConcurrentQueue<IDisposable>();
        var reading = Task.Run(async () =>
        {
            var unwritten = new List<(IReadOnlySet<string> Names, Task Written)>();
            async Task HandOverAsync(List<SourceLine> run)
            {
                // A run is decided while the runs before it are written. One that names a record or an accession number
                // that an earlier run writes waits for that write: decided before it, it would miss what its own batch
                // did and clash with it as if another writer had.
                var names = NamesIn(run);
                unwritten.RemoveAll(u => u.Written.IsCompleted);
                foreach (var (earlier, written) in unwritten)
                {
                    if (earlier.Overlaps(names)) await written.WaitAsync(stopReading.Token);
                }

                var whenWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await decided.Writer.WriteAsync((await DecideAsync(batch, run, context, stopReading.Token), run, whenWritten), stopReading.Token);
                unwritten.Add((names, whenWritten.Task));
            }

            var run = new List<SourceLine>(perRun);
            try
            {
                var runStart = 0L;
                await foreach (var line in lines.WithCancellation(stopReading.Token))
                {
                    if (line.Hold is { } hold) holds.Enqueue(hold);
                    // The batch's last handled line ends the same input as it ended the batch's own, or none of it is written.
                    if (lastRead < resumeAfter && line.Number >= resumeAfter && batch.InputDigest is { } handled
                        && (line.Number > resumeAfter || line.InputDigest != handled))
                        throw new ImportInputDiffers(batch.Id, resumeAfter);
                    lastRead = line.Number;
                    if (line.Number <= resumeAfter)
                    {
                        line.Hold?.Dispose();
                        runStart = line.Bytes;
                        continue;
                    }

                    // A record named twice in one run would be decided twice against the same state: the second waits for
                    // the next run.
                    if (line.Record?.Id is { } id && run.Any(l => l.Record?.Id == id))
                    {
                        await HandOverAsync(run);
                        runStart = run[^1].Bytes;
                        run = new List<SourceLine>(perRun);
                    }

                    run.Add(line);
                    // A run stops at a number of lines, or of bytes (a few records of long texts are a run), and at a line
                    // that holds room among the large payloads: handed over now, not when the next line comes, which may
                    // be waiting for that very room.
                    if (run.Count == perRun || line.Bytes - runStart >= MaxRunBytes || line.Hold is not null)
                    {
                        await HandOverAsync(run);
                        runStart = line.Bytes;
                        run = new List<SourceLine>(perRun);
                    }
                }

                if (run.Count > 0) await HandOverAsync(run);
                decided.Writer.Complete();
            }
            catch (System.Text.DecoderFallbackException notUtf8)
            {
                // The input is refused at a byte that is not UTF-8: the lines before it are written, as the answer says.
                try
                {
                    if (run.Count > 0) await HandOverAsync(run);
                }
                catch (OperationCanceledException)
                {
                    // The writing stopped first; its own failure is what the import answers.
                }

                decided.Writer.Complete(notUtf8);
            }
            catch (Exception ex)
            {
                decided.Writer.Complete(ex);
            }
        }, ct);

        try
        {
            await foreach (var (run, runLines, written) in decided.Reader.ReadAllAsync(CancellationToken.None))
            {
                try
                {
                    // A run read whole is written even if its client goes away meanwhile: it commits or fails whole.
                    batch = await WriteAsync(batch, run, context, CancellationToken.None);
                }
                finally
                {
                    written.TrySetResult();
                    foreach (var line in runLines) line.Hold?.Dispose();
                }

                progress?.Invoke(batch);
            }

            await reading;
            if (lastRead < resumeAfter) throw new ImportInputEndedEarly(batch.Id, lastRead, resumeAfter);
        }
        catch (ImportInputNotTheBatchs)
        {
            // Nothing of this input was written: the batch is left as it stood before it, to be resumed with its own.
            await MarkAsync((await LoadAsync(batch.Id, CancellationToken.None))!, ImportBatchStates.Interrupted);
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException or Microsoft.AspNetCore.Http.BadHttpRequestException
            or System.Text.DecoderFallbackException or CsvHelper.CsvFormatException || IsDatabaseFault(ex))
        {
            await stopReading.CancelAsync();
            await reading.ContinueWith(_ => { }, CancellationToken.None);
            try
            {
                await MarkAsync(batch, ImportBatchStates.Interrupted);
            }
            catch (Exception) when (IsDatabaseFault(ex))
            {
                // The database that stopped the import cannot take its mark either: the batch reads as interrupted once it has not moved for a while.
            }

            throw;
        }
        finally
        {
            // Whatever stopped the writing stops the reading too, which may be waiting to hand over a run nobody takes.
            await stopReading.CancelAsync();
            await reading.ContinueWith(_ => { }, CancellationToken.None);
            while (holds.TryDequeue(out var hold)) hold.Dispose();
        }

        return await MarkAsync(batch, ImportBatchStates.Finished);
    }

    /// <summary>The records and accession numbers the lines name, which no other run may decide on until these are written.</summary>
    private static HashSet<string> NamesIn(IEnumerable<SourceLine> lines) =>
    [
        .. lines.Select(l => l.Record).OfType<ImportedRecord>().SelectMany(r => new[]
        {
            r.Id is { } id ? $"record {id}" : null,
            string.IsNullOrWhiteSpace(r.AccessionNumber) ? null : $"accession number {AccessionNumbers.AsKept(r.AccessionNumber)}",
        }).OfType<string>(),
    ];

    private static bool IsDatabaseFault(Exception ex) => Hosting.CatalogueExceptionHandler.DatabaseProblem(ex) is not null;

    /// <summary>The batch as it stands, or null.</summary>
    public async Task<ImportBatch?> LoadAsync(Guid id, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<ImportBatch>(id, ct);
    }

    /// <summary>A batch whose every item was handled.</summary>
    public Task<ImportBatch> FinishAsync(ImportBatch batch) => MarkAsync(batch, ImportBatchStates.Finished);

    /// <summary>A batch whose input could not be read at all (its CSV header): it imported nothing, and may be sent again, mended.</summary>
    public Task StopAsync(ImportBatch batch) => MarkAsync(batch, ImportBatchStates.Interrupted);

    private async Task<ImportBatch> MarkAsync(ImportBatch batch, string state)
    {
        var now = clock.GetUtcNow();
        var marked = batch with { State = state, UpdatedAt = now, FinishedAt = state == ImportBatchStates.Finished ? now : null };
        await using var session = store.LightweightSession();
        session.Store(marked);
        await session.SaveChangesAsync(CancellationToken.None);
        return marked;
    }

    /// <summary>A run of lines decided: the new records, the changes to records that exist, and the lines rejected.</summary>
    private sealed record Run(
        long FirstLine, long LastLine, long Bytes, List<RecordStart> Starts, List<RecordChange> Changes, Dictionary<Guid, long> LineOf,
        long Unchanged, List<LineProblem> Problems, List<SourceLine> Lines)
    {
        /// <summary>The lines whose problem is that another writer got to their record first.</summary>
        public IReadOnlyList<long> Conflicted { get; init; } = [];

        /// <summary>What the changes replace of archivists' corrections since their records were last imported.</summary>
        public IReadOnlyList<OverwrittenField> Overwritten { get; init; } = [];
    }

    private async Task<Run> DecideAsync(ImportBatch of, List<SourceLine> lines, ChangeContext context, CancellationToken ct)
    {
        var batch = of.Id;
        var problems = new List<LineProblem>();
        var wanted = new List<(SourceLine Line, Guid Id)>();
        foreach (var line in lines)
        {
            if (line.Record is null) problems.AddRange(line.Problems);
            else wanted.Add((line, line.Record.Id ?? ImportedRecordIds.For(batch, line.Number)));
        }

        await using var query = store.QuerySession();
        var existing = (await query.LoadManyAsync<CatalogueRecord>(ct, wanted.Select(w => w.Id).ToArray())).ToDictionary(r => r.Id);
        var numbers = wanted.Where(w => !existing.ContainsKey(w.Id)).Select(w => w.Line.Record!.AccessionNumber).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => AccessionNumbers.AsKept(n!)).ToArray();
        var taken = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (numbers.Length > 0)
        {
            await using var command = ((NpgsqlConnection)query.Connection!).CreateCommand();
            command.CommandText = $"SELECT accession_number, id FROM {CatalogueRecord.Table} WHERE accession_number = ANY(@numbers)";
            command.Parameters.AddWithValue("numbers", numbers);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) taken[reader.GetString(0)] = reader.GetGuid(1);
        }

        // An id whose stream holds no record is another stream's: a person's authority, or Marten's own stream for the
        // fillers of failed writes. Started as a record it would share their events (found from outside: a record made
        // on the fillers' stream took the next filler, and every async read model stopped at it for good).
        var otherStreams = new HashSet<Guid>();
        if (wanted.Where(w => !existing.ContainsKey(w.Id)).Select(w => w.Id).ToArray() is { Length: > 0 } fresh)
        {
            await using var command = ((NpgsqlConnection)query.Connection!).CreateCommand();
            command.CommandText = $"SELECT id FROM {CatalogueSchema.Name}.mt_streams WHERE id = ANY(@ids)";
            command.Parameters.AddWithValue("ids", fresh);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) otherStreams.Add(reader.GetGuid(0));
        }

        var now = clock.GetUtcNow();
        var unnumbered = wanted.Count(w => !existing.ContainsKey(w.Id) && !otherStreams.Contains(w.Id) && string.IsNullOrWhiteSpace(w.Line.Record!.AccessionNumber) && !string.IsNullOrWhiteSpace(w.Line.Record.Title));
        var drawn = new Queue<string>(unnumbered > 0 ? await accessionNumbers.NextAsync(now, unnumbered, ct) : []);

        var starts = new List<RecordStart>();
        var changes = new List<RecordChange>();
        var lineOf = new Dictionary<Guid, long>();
        long unchanged = 0;
        foreach (var (line, id) in wanted)
        {
            var record = line.Record!;
            if (existing.TryGetValue(id, out var current))
            {
                var (events, refused) = RecordImport.Change(current, record, line.Number);
                if (refused.Count > 0) problems.AddRange(refused);
                else if (events.Count == 0) unchanged++;
                else
                {
                    changes.Add(new RecordChange(current, events));
                    lineOf[id] = line.Number;
                }

                continue;
            }

            if (otherStreams.Contains(id))
            {
                problems.Add(new LineProblem(line.Number, "id", $"The id {id} is not a catalogue record's: it names another stream of the event store (a person's authority, or the store's own). A new record takes an id no stream has."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(record.Title))
            {
                problems.Add(new LineProblem(line.Number, "title", $"'title' is required: no record has the id {id} yet, and a new record needs its title."));
                continue;
            }

            if (RecordImport.TextKeptByDigest(record) is { } kept)
            {
                problems.Add(new LineProblem(line.Number, $"fullTexts[{kept}].text", $"No record has the id {id} yet: a new record's text is given itself, not only its 'sha256'."));
                continue;
            }

            // Bounded as a command's record is: a citation given alone is read into a reference for each archive it names,
            // so a line within its bounds may still describe more references than a record holds.
            var started = RecordImport.Create(record, id, "", record.AccessionedAt ?? now);
            if (RecordCapacity.ExcessOf(null, started) is { } excess)
            {
                problems.Add(new LineProblem(line.Number, excess.Field, excess.Detail));
                continue;
            }

            var number = string.IsNullOrWhiteSpace(record.AccessionNumber) ? drawn.Dequeue() : AccessionNumbers.AsKept(record.AccessionNumber);
            if (taken.TryGetValue(number, out var holder))
            {
                problems.Add(new LineProblem(line.Number, "accessionNumber", $"The accession number {number} is record {holder}'s; accession numbers identify one accession each."));
                continue;
            }

            taken[number] = id;
            started[0] = (RecordAccessioned)started[0] with { AccessionNumber = number };
            starts.Add(new RecordStart(id, started));
            lineOf[id] = line.Number;
        }

        // Accession numbers of the catalogue's own form brought in from elsewhere (a catalogue moved back) must never be
        // drawn again: the sequence moves past them before they are written (a gap if the write then fails, never a clash).
        if (starts.Select(s => AccessionNumbers.SequenceNumberOf(((RecordAccessioned)s.Events[0]).AccessionNumber)).Max() is { } highest)
        {
            await using var advance = database.CreateCommand(AccessionNumbers.AdvancePastSql);
            advance.Parameters.AddWithValue("highest", highest);
            await advance.ExecuteNonQueryAsync(ct);
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        // A spreadsheet's problems name its columns, whatever part of the import found them.
        // Several fields read from one cell (a citation's references) tell one problem of the cell once.
        if (of.Format == BulkFormats.Csv) problems = [.. problems.Select(p => p with { Field = CsvRecordsReader.ColumnOfField(p.Field) }).Distinct()];
        return new Run(lines[0].Number, lines[^1].Number, lines[^1].Bytes, starts, changes, lineOf, unchanged, problems, lines)
        {
            Overwritten = await OverwrittenAsync(query, changes, lineOf, of.Format, ct),
        };
    }

    /// <summary>
    /// For each record a line changes, the fields it replaces that someone corrected since the record was last imported
    /// (<see cref="Imports.OverwrittenCorrections"/>): the histories of the run's records in one read.
    /// </summary>
    private static async Task<List<OverwrittenField>> OverwrittenAsync(
        IQuerySession query, List<RecordChange> changes, Dictionary<Guid, long> lineOf, string format, CancellationToken ct)
    {
        if (changes.Count == 0) return [];
        var ids = changes.Select(c => c.Record.Id).ToArray();
        var events = await query.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).OrderBy(e => e.Sequence).ToListAsync(ct);
        var histories = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Select(History.RecordEvent.Of).ToList());
        var overwritten = new List<OverwrittenField>();
        foreach (var change in changes)
        {
            // As the record was decided against: a write that moved it on since fails, and the line is decided again.
            List<History.RecordEvent> history = [.. histories.GetValueOrDefault(change.Record.Id, []).Where(e => e.Version <= change.Record.Version)];
            foreach (var (field, correction) in Imports.OverwrittenCorrections.Find(history, Imports.OverwrittenCorrections.LastImported(history), change.Events))
            {
                overwritten.Add(new OverwrittenField(lineOf[change.Record.Id], change.Record.Id, format == BulkFormats.Csv ? CsvRecordsReader.ColumnOfField(field) : field, correction));
            }
        }

        overwritten.Sort((a, b) => a.Line.CompareTo(b.Line));
        return overwritten;
    }

    private async Task<ImportBatch> WriteAsync(ImportBatch batch, Run run, ChangeContext context, CancellationToken ct)
    {
        try
        {
            return await TryWriteAsync(batch, run, context, ct);
        }
        catch (Exception ex) when (IsClash(ex) && run.Lines.Count > 1)
        {
            // Another writer got to one of these records, or to one of their accession numbers, first: decide each line
            // again, alone, against what the catalogue now holds, so the clash costs its own line only.
            foreach (var line in run.Lines)
            {
                batch = await WriteAsync(batch, await DecideAsync(batch, [line], context, ct), context, ct);
            }

            return batch;
        }
        catch (Exception ex) when (IsClash(ex))
        {
            var line = run.Lines[0];
            var lost = run with
            {
                Starts = [],
                Changes = [],
                Unchanged = 0,
                Problems = [new LineProblem(line.Number, "id", "The record, or its accession number, was written by someone else while this line was imported; send the line again.")],
                Conflicted = [line.Number],
                Overwritten = [],
            };
            return await TryWriteAsync(batch, lost, context, ct);
        }
    }

    private async Task<ImportBatch> TryWriteAsync(ImportBatch batch, Run run, ChangeContext context, CancellationToken ct)
    {
        var part = new ImportedLines
        {
            Id = ImportedLines.IdFor(batch.Id, run.FirstLine),
            BatchId = batch.Id,
            FirstLine = run.FirstLine,
            LastLine = run.LastLine,
            Unchanged = run.Unchanged,
            ConflictedLines = run.Conflicted,
            Records =
            [
                .. run.Starts.Select(s => new ImportedRecordChange(run.LineOf[s.Id], s.Id, Created: true, 0, s.Events.Count)),
                .. run.Changes.Select(c => new ImportedRecordChange(run.LineOf[c.Record.Id], c.Record.Id, Created: false, c.Record.Version, c.Record.Version + c.Events.Count)),
            ],
        };
        var counted = batch.Counted(part, run.Problems, run.Bytes, clock.GetUtcNow(), [.. run.Lines.SelectMany(l => l.ReadPast)], run.Overwritten, run.Lines[^1].InputDigest);

        await using var session = store.LightweightSession();
        context.StampOnto(session);
        session.Events.StartAndAppendInIdOrder(run.Starts, run.Changes);

        if (part.Records.Count > 0 || part.Unchanged > 0) session.Store(part);
        session.Store(counted);
        await session.SaveChangesAsync(ct);
        return counted;
    }

    private static bool IsClash(Exception ex) =>
        ex is ConcurrencyException or ExistingStreamIdCollisionException
        || ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }
        || (ex.InnerException is not null && IsClash(ex.InnerException));
}

/// <summary>The input sent to resume a batch is not the input the batch was importing: nothing of it is written, the batch left as it was.</summary>
public abstract class ImportInputNotTheBatchs(string why) : Exception(
    $"{why}: it is not the input the batch was importing. The batch is left as it was: resume it with the same input it was started with, or start a new batch for this one.");

/// <summary>
/// The input sent to resume a batch ends before the line the batch had handled (a shorter file, a header alone):
/// finishing the batch with it would leave the rest of the real input unimported, and the batch closed to it.
/// </summary>
public sealed class ImportInputEndedEarly(Guid batch, long lastLine, long handled) : ImportInputNotTheBatchs(
    $"{(lastLine == 0 ? "The input holds no line" : $"The input ends at line {lastLine:N0}")}, but batch {batch} had handled {handled:N0} lines of its input");

/// <summary>
/// The lines of the input sent to resume a batch, up to the last the batch had handled, are not those it handled
/// (another file, or the same one edited): resumed, the new input's first lines would be passed over unread as if
/// imported.
/// </summary>
public sealed class ImportInputDiffers(Guid batch, long handled) : ImportInputNotTheBatchs(
    $"Batch {batch} had handled {handled:N0} lines of its input, and the first {handled:N0} lines of this input are not those lines");

namespace Catalogue.Api.Interop.Bulk;

public static class ImportBatchStates
{
    public const string Running = "running";
    public const string Finished = "finished";

    /// <summary>
    /// Stopped before its end (the client went away, its input could not be read on, the service stopped); sending the
    /// same file again into the batch resumes it. A batch marked running whose lease nobody holds reads as this.
    /// </summary>
    public const string Interrupted = "interrupted";
}

/// <summary>
/// A bulk import (JSON lines or CSV) and how far it has come: written in the same transaction as each run of records
/// it imports, so it says exactly what is in the catalogue. An import sent again into its batch starts after the last
/// line this says was handled.
/// </summary>
public sealed record ImportBatch
{
    public const int ProblemsKept = 1_000;
    public const string Table = Records.CatalogueSchema.Name + ".mt_doc_importbatch";

    public Guid Id { get; init; }
    public string Format { get; init; } = "";

    /// <summary>Where the lines came from: the request or the file, as the events' source names it.</summary>
    public string Source { get; init; } = "";

    public string Actor { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string State { get; init; } = ImportBatchStates.Running;

    /// <summary>The last line handled: every line up to it is imported, unchanged or rejected.</summary>
    public long Lines { get; init; }

    public long Created { get; init; }
    public long Updated { get; init; }
    public long Unchanged { get; init; }

    /// <summary>Lines that could not be imported: their problems say why, and sent again as they are they would be refused again.</summary>
    public long Rejected { get; init; }

    /// <summary>
    /// Lines that lost a race: another writer changed or created their record (or took its accession number) while they
    /// were imported. Nothing of them was written; sent again, they are decided against what the catalogue now holds.
    /// </summary>
    public long Conflicts { get; init; }

    /// <summary>The size of what is being imported, in bytes, when it was known, and how much of it was read.</summary>
    public long? TotalBytes { get; init; }

    public long BytesRead { get; init; }

    /// <summary>The problems of rejected lines, in line order: the first <see cref="ProblemsKept"/>.</summary>
    public IReadOnlyList<LineProblem> Problems { get; init; } = [];

    /// <summary>How many problems there were in all, those not kept included.</summary>
    public long ProblemCount { get; init; }

    /// <summary>
    /// Members of lines that no record takes and that were read past (a misspelt <c>sumary</c>, another system's own
    /// field), in line order: the first <see cref="ProblemsKept"/>. Not problems — the line is decided without them — but
    /// said, so that a misspelling is not lost without a word.
    /// </summary>
    public IReadOnlyList<LineProblem> ReadPast { get; init; } = [];

    /// <summary>How many fields read past were told in all (up to <see cref="Hosting.JsonBodyErrors.MostRefusalsTold"/> a line), those not kept included.</summary>
    public long ReadPastCount { get; init; }

    /// <summary>
    /// Fields the lines replaced that an archivist had corrected, by a command, since the record was last imported: each
    /// with its line, record and the correction replaced (who, when, why), in line order: the first <see cref="ProblemsKept"/>.
    /// </summary>
    public IReadOnlyList<OverwrittenField> Overwritten { get; init; } = [];

    /// <summary>How many such fields there were in all, those not kept included.</summary>
    public long OverwrittenCount { get; init; }

    /// <summary>When the batch was undone (<c>POST /api/imports/{batch}/revert</c>), by whom and why; null while it stands.</summary>
    public DateTimeOffset? RevertedAt { get; init; }

    public string? RevertedBy { get; init; }
    public string? RevertReason { get; init; }

    /// <summary>
    /// The digest of the input up to and including line <see cref="Lines"/> (<see cref="Bulk.InputDigest"/>): an input
    /// sent to resume the batch must digest alike up to there. Null for a batch that handled no line yet, or one an
    /// earlier version began (its input is not checked).
    /// </summary>
    public string? InputDigest { get; init; }

    /// <summary>The share of its input read, when its size was known; a finished batch has read all of it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double? Progress => State == ImportBatchStates.Finished ? 1.0 : TotalBytes is > 0 and var total ? Math.Min(1.0, Math.Round((double)BytesRead / total, 4)) : null;

    /// <summary>
    /// Where the batch stands now: one stored as running whose lease nobody holds (<paramref name="leaseHeld"/>) was
    /// interrupted — its process went away.
    /// </summary>
    public string StateNow(bool leaseHeld) => State == ImportBatchStates.Running && !leaseHeld ? ImportBatchStates.Interrupted : State;

    public ImportBatch Counted(
        ImportedLines part, IReadOnlyList<LineProblem> problems, long bytesRead, DateTimeOffset now, IReadOnlyList<LineProblem>? readPast = null,
        IReadOnlyList<OverwrittenField>? overwritten = null, string? inputDigest = null) => this with
    {
        Lines = Math.Max(Lines, part.LastLine),
        InputDigest = part.LastLine >= Lines ? inputDigest : InputDigest,
        Created = Created + part.Records.Count(r => r.Created),
        Updated = Updated + part.Records.Count(r => !r.Created),
        Unchanged = Unchanged + part.Unchanged,
        Rejected = Rejected + problems.Select(p => p.Line).Distinct().Count(line => !part.ConflictedLines.Contains(line)),
        Conflicts = Conflicts + part.ConflictedLines.Count,
        Problems = Problems.Count >= ProblemsKept ? Problems : [.. Problems, .. problems.Take(ProblemsKept - Problems.Count)],
        ProblemCount = ProblemCount + problems.Count,
        ReadPast = readPast is not { Count: > 0 } || ReadPast.Count >= ProblemsKept ? ReadPast : [.. ReadPast, .. readPast.Take(ProblemsKept - ReadPast.Count)],
        ReadPastCount = ReadPastCount + (readPast?.Count ?? 0),
        Overwritten = overwritten is not { Count: > 0 } || Overwritten.Count >= ProblemsKept ? Overwritten : [.. Overwritten, .. overwritten.Take(ProblemsKept - Overwritten.Count)],
        OverwrittenCount = OverwrittenCount + (overwritten?.Count ?? 0),
        BytesRead = bytesRead,
        UpdatedAt = now,
    };
}

/// <summary>
/// A field of record <see cref="Record"/> that line <see cref="Line"/> replaced, which an archivist had corrected since
/// the record was last imported: the field as the record's JSON names it (a spreadsheet's column for CSV), and that correction.
/// </summary>
public sealed record OverwrittenField(long Line, Guid Record, string Field, Audit.ChangeOrigin Correction);

/// <summary>What one transaction of a batch did to each record it changed: how a batch is undone.</summary>
/// <param name="Before">The record's version before the batch changed it; 0 for one the batch created.</param>
/// <param name="After">Its version once the batch had changed it.</param>
public sealed record ImportedRecordChange(long Line, Guid RecordId, bool Created, long Before, long After);

/// <summary>
/// The records one transaction of a batch created or changed, lines <see cref="FirstLine"/> to
/// <see cref="LastLine"/>: written with them, in that transaction.
/// </summary>
public sealed record ImportedLines
{
    public string Id { get; init; } = "";
    public Guid BatchId { get; init; }
    public long FirstLine { get; init; }
    public long LastLine { get; init; }
    public long Unchanged { get; init; }

    /// <summary>The lines that lost a race with another writer (their problem says so): counted as conflicts, not as rejected.</summary>
    public IReadOnlyList<long> ConflictedLines { get; init; } = [];

    public IReadOnlyList<ImportedRecordChange> Records { get; init; } = [];

    public static string IdFor(Guid batch, long firstLine) => $"{batch:N}:{firstLine}";
}

/// <summary>The ids a batch gives records whose line names none: the same for the same line of the same batch, so a resumed batch makes no record twice.</summary>
public static class ImportedRecordIds
{
    public static Guid For(Guid batch, long line) => Imports.ArchivePageImporter.RecordIdFor($"import-batch:{batch:N}", line.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>Whether a line was read, and as what.</summary>
/// <param name="Bytes">How many bytes of the input had been read once this line was.</param>
public sealed record SourceLine(long Number, ImportedRecord? Record, IReadOnlyList<LineProblem> Problems, long Bytes)
{
    /// <summary>The members of the line no record takes, which were read past.</summary>
    public IReadOnlyList<LineProblem> ReadPast { get; init; } = [];

    /// <summary>The room a large line holds among the large payloads (<see cref="Hosting.LargePayloads"/>), let go of once its run is written.</summary>
    public IDisposable? Hold { get; init; }

    /// <summary>The digest of the input up to and including this line (<see cref="Bulk.InputDigest"/>).</summary>
    public string? InputDigest { get; init; }
}

namespace Catalogue.Api.Imports;

/// <summary>Settings under <c>Catalogue:Imports</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Catalogue:Imports";

    /// <summary>The largest batch of pages one request may stream (the service holds one page at a time, not the batch).</summary>
    public long MaxBatchBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The largest bulk import (JSON lines or CSV) one request may stream; it is imported a run of lines at a time.</summary>
    public long MaxBulkImportBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>
    /// How many times its size a gzip bulk import may decode to. Catalogue lines shrink 5 to 20 times; a body that grows
    /// past this is a "zip bomb" (or a file of one repeated line) and is refused with 413 (the limit Apache's mod_deflate
    /// sets for the same reason, DeflateInflateRatioLimit, is 200 too).
    /// </summary>
    public int MaxGzipExpansion { get; set; } = 200;

    /// <summary>How many lines (or rows) of a bulk import are imported in one transaction, committed with the batch's progress.</summary>
    public int LinesPerTransaction { get; set; } = 250;
}

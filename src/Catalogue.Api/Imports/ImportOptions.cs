namespace Catalogue.Api.Imports;

/// <summary>Settings under <c>Catalogue:Imports</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Catalogue:Imports";

    /// <summary>The largest batch of pages one request may stream (the service holds one page at a time, not the batch).</summary>
    public long MaxBatchBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The largest bulk import (JSON lines or CSV) one request may stream; it is imported a run of lines at a time.</summary>
    public long MaxBulkImportBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>How many lines (or rows) of a bulk import are imported in one transaction, committed with the batch's progress.</summary>
    public int LinesPerTransaction { get; set; } = 250;
}

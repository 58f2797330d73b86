namespace Catalogue.Api.Imports;

/// <summary>Settings under <c>Catalogue:Imports</c>.</summary>
public sealed class ImportOptions
{
    public const string Section = "Catalogue:Imports";

    /// <summary>The largest batch of pages one request may stream (the service holds one page at a time, not the batch).</summary>
    public long MaxBatchBytes { get; set; } = 1024L * 1024 * 1024;
}

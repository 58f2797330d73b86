namespace Catalogue.Api.Records.Writing;

/// <summary>A command on an existing record: it names the version it was made against and, for corrections, why.</summary>
public interface IRecordCommand
{
    /// <summary>The record version the archivist edited; may instead come as If-Match.</summary>
    long? Version { get; }

    /// <summary>Why the change is made; required for corrections and withdrawals.</summary>
    string? Reason { get; }
}

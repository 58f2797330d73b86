namespace Catalogue.Api.Records.Writing;

/// <summary>A command on an existing record: it names the version it was made against and, for corrections, why.</summary>
public interface IRecordCommand
{
    /// <summary>The record version the archivist edited; may instead come as If-Match.</summary>
    long? Version { get; }

    /// <summary>Why the change is made; required for corrections and withdrawals.</summary>
    string? Reason { get; }
}

public static class RecordCommands
{
    /// <summary>
    /// Whether the command says why it is made. A blank reason says nothing, and is stored as none
    /// (<see cref="ChangeContext"/>): a correction that must say why is refused with it as without it.
    /// </summary>
    public static bool SaysWhy(this IRecordCommand command) => !string.IsNullOrWhiteSpace(command.Reason);
}

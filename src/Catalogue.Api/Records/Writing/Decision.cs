using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Records.Writing;

/// <summary>What a command decided against the current record: the events to append, or why it was refused.</summary>
public sealed class Decision
{
    private Decision(IReadOnlyList<IRecordEvent> events, ProblemDetails? refusal)
    {
        Events = events;
        Refusal = refusal;
    }

    public IReadOnlyList<IRecordEvent> Events { get; }

    public ProblemDetails? Refusal { get; }

    public bool IsRefused => Refusal is not null;

    public static Decision Append(params IRecordEvent[] events) => new(events, null);

    /// <summary>The record already says what the command asks for; nothing is appended.</summary>
    public static readonly Decision Nothing = new([], null);

    /// <summary>The command is well formed but the record's current state does not allow it (422).</summary>
    public static Decision Refuse(string title, string detail, string? field = null) =>
        new([], Problems.Unprocessable(title, detail, field));

    /// <summary>The command cannot be carried out as it stands, for the reason the problem gives (a clash: 409).</summary>
    public static Decision Refuse(ProblemDetails problem) => new([], problem);

    /// <summary>Replacing a value that is already on the record is a correction, and a correction must say why.</summary>
    public static Decision NeedsReason(string what) =>
        Refuse("A reason is required", $"The record already has {what}; changing it is a correction and needs a reason.", "reason");
}

using Catalogue.Api.Records;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Credits;

/// <summary>Notes who paid for the translation or digitisation: one funder, and the note as written.</summary>
public sealed record AddFundingNote(string? Funder, string? Note, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<AddFundingNote>
    {
        public Validator()
        {
            RuleFor(x => x.Funder).RequiredLine(300);
            RuleFor(x => x.Note).RequiredLine(CatalogueRules.ShortText * 2);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public sealed record RemoveFundingNote(string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RemoveFundingNote>
    {
        public Validator()
        {
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class FundingNoteEndpoints
{
    public static Decision Decide(AddFundingNote command, CatalogueRecord record)
    {
        var funder = AccessTerms.AsKeptName(command.Funder!);
        var note = command.Note!.Trim();
        if (record.FundingNotes.Any(f => AccessTerms.Same.Equals(f.Funder, funder) && f.Note == note)) return Decision.Nothing;
        return Decision.Append(new FundingNoteAdded(checked((int)record.Version + 1), funder, note));
    }

    public static Decision Decide(int number, CatalogueRecord record) =>
        record.FundingNotes.Any(f => f.Number == number)
            ? Decision.Append(new FundingNoteRemoved(number))
            : Decision.Refuse("No such funding note", $"The record has no funding note number {number} to remove.", "number");

    [WolverinePost("/api/records/{id}/funding-notes")]
    public static Task<IResult> Post(Guid id, AddFundingNote command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));

    [WolverinePost("/api/records/{id}/funding-notes/{number}/removal")]
    public static Task<IResult> Remove(Guid id, int number, RemoveFundingNote command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(number, record));
}

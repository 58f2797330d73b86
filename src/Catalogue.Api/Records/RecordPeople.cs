using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Records who wrote the document (its author or creating body), replacing the list as a whole.</summary>
public sealed record RecordCreators(IReadOnlyList<Person>? Creators, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordCreators>
    {
        public Validator()
        {
            RuleFor(x => x.Creators).NotEmpty().WithMessage("'creators' must name at least one creator.")
                .AtMost(RecordCapacity.Creators, "creators");
            RuleForEach(x => x.Creators).Present().SetValidator(new PersonValidator());
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

/// <summary>Records who took part in what the document describes, replacing the list as a whole.</summary>
public sealed record RecordParticipants(IReadOnlyList<Person>? Participants, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordParticipants>
    {
        public Validator()
        {
            RuleFor(x => x.Participants).NotEmpty().WithMessage("'participants' must name at least one participant.")
                .AtMost(RecordCapacity.Participants, "participants");
            RuleForEach(x => x.Participants).Present().SetValidator(new PersonValidator());
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public sealed class PersonValidator : AbstractValidator<Person>
{
    public PersonValidator()
    {
        RuleFor(x => x.Name).RequiredLine(300);
        RuleFor(x => x.Role).OptionalLine(300);
    }
}

public static class RecordPeopleEndpoints
{
    public static Decision Decide(RecordCreators command, CatalogueRecord record)
    {
        var creators = AccessTerms.AsKept(command.Creators!);
        if (creators.SequenceEqual(record.Creators)) return Decision.Nothing;
        if (record.Creators.Count > 0 && !command.SaysWhy()) return Decision.NeedsReason("creators");
        return Decision.Append(new CreatorsRecorded(creators));
    }

    public static Decision Decide(RecordParticipants command, CatalogueRecord record)
    {
        var participants = AccessTerms.AsKept(command.Participants!);
        if (participants.SequenceEqual(record.Participants)) return Decision.Nothing;
        if (record.Participants.Count > 0 && !command.SaysWhy()) return Decision.NeedsReason("participants");
        return Decision.Append(new ParticipantsRecorded(participants));
    }

    [WolverinePost("/api/records/{id}/creators")]
    public static Task<IResult> PostCreators(Guid id, RecordCreators command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));

    [WolverinePost("/api/records/{id}/participants")]
    public static Task<IResult> PostParticipants(Guid id, RecordParticipants command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));

}

using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Records the classification marks exactly as written on the document ("Top Secret, Copy 4").</summary>
public sealed record RecordClassification(string? Marks, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordClassification>
    {
        public Validator()
        {
            RuleFor(x => x.Marks).RequiredLine();
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class RecordClassificationEndpoint
{
    public static Decision Decide(RecordClassification command, CatalogueRecord record)
    {
        var marks = command.Marks!.Trim();
        if (marks == record.Classification) return Decision.Nothing;
        if (record.Classification is not null && !command.SaysWhy()) return Decision.NeedsReason("classification marks");
        return Decision.Append(new ClassificationRecorded(marks));
    }

    [WolverinePost("/api/records/{id}/classification")]
    public static Task<IResult> Post(Guid id, RecordClassification command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Adds subject terms; terms the record already has (in any letter case or Unicode form, see <see cref="AccessTerms"/>) are not added twice.</summary>
public sealed record TagSubjects(IReadOnlyList<string>? Subjects, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<TagSubjects>
    {
        public Validator()
        {
            RuleFor(x => x.Subjects).NotEmpty().WithMessage("'subjects' must name at least one subject.")
                .Must(s => s is null || s.Count <= 100).WithMessage("At most 100 subjects at once.");
            RuleForEach(x => x.Subjects).RequiredLine(200);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class TagSubjectsEndpoint
{
    public static Decision Decide(TagSubjects command, CatalogueRecord record)
    {
        var added = AccessTerms.AsKept(command.Subjects!).Where(s => !record.Subjects.Contains(s, AccessTerms.Same)).ToList();
        return added.Count == 0 ? Decision.Nothing : Decision.Append(new SubjectsTagged(added));
    }

    [WolverinePost("/api/records/{id}/subjects")]
    public static Task<IResult> Post(Guid id, TagSubjects command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

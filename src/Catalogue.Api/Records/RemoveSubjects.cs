using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Takes subject terms off a record (matched in any letter case). A removal must say why.</summary>
public sealed record RemoveSubjects(IReadOnlyList<string>? Subjects, string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RemoveSubjects>
    {
        public Validator()
        {
            RuleFor(x => x.Subjects).NotEmpty().WithMessage("'subjects' must name at least one subject.")
                .Must(s => s is null || s.Count <= 100).WithMessage("At most 100 subjects at once.");
            RuleForEach(x => x.Subjects).RequiredLine(200);
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class RemoveSubjectsEndpoint
{
    public static Decision Decide(RemoveSubjects command, CatalogueRecord record)
    {
        var named = AccessTerms.AsKept(command.Subjects!);
        // A subject the record does not have is most likely misspelt: removing the others alone would hide that.
        var missing = named.Where(s => !record.Subjects.Contains(s, AccessTerms.Same)).ToList();
        if (missing.Count > 0)
        {
            return Decision.Refuse(
                "No such subject",
                $"The record has no subject {string.Join(", ", missing.Select(s => $"'{s}'"))} to remove; nothing was removed.",
                "subjects");
        }

        return Decision.Append(new SubjectsRemoved([.. record.Subjects.Where(s => named.Contains(s, AccessTerms.Same))]));
    }

    [WolverinePost("/api/records/{id}/subjects/removal")]
    public static Task<IResult> Post(Guid id, RemoveSubjects command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

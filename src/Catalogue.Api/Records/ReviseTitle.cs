using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

public sealed record ReviseTitle(string? Title, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReviseTitle>
    {
        public Validator()
        {
            RuleFor(x => x.Title).RequiredLine(CatalogueRules.ShortText * 2);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class ReviseTitleEndpoint
{
    public static Decision Decide(ReviseTitle command, CatalogueRecord record)
    {
        var title = command.Title!.Trim();
        if (title == record.Title) return Decision.Nothing;
        if (!command.SaysWhy()) return Decision.NeedsReason("a title");
        return Decision.Append(new TitleRevised(title));
    }

    [WolverinePost("/api/records/{id}/title")]
    public static Task<IResult> Post(Guid id, ReviseTitle command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

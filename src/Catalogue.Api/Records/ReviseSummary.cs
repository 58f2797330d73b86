using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

public sealed record ReviseSummary(string? Summary, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReviseSummary>
    {
        public Validator()
        {
            RuleFor(x => x.Summary).RequiredParagraphs();
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class ReviseSummaryEndpoint
{
    public static Decision Decide(ReviseSummary command, CatalogueRecord record)
    {
        var summary = command.Summary!.Trim();
        if (summary == record.Summary) return Decision.Nothing;
        if (record.Summary is not null && !command.SaysWhy()) return Decision.NeedsReason("a summary");
        return Decision.Append(new SummaryRevised(summary));
    }

    [WolverinePost("/api/records/{id}/summary")]
    public static Task<IResult> Post(Guid id, ReviseSummary command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

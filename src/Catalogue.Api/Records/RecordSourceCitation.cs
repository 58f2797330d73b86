using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Records how the source (a digital archive, an edition) cites the document, exactly as it writes it:
/// title, date, archive, repository citation, translation credit and URL in one string.
/// </summary>
public sealed record RecordSourceCitation(string? Citation, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RecordSourceCitation>
    {
        public Validator()
        {
            RuleFor(x => x.Citation).RequiredLine(CatalogueRules.ShortText * 8);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class RecordSourceCitationEndpoint
{
    public static Decision Decide(RecordSourceCitation command, CatalogueRecord record)
    {
        var citation = command.Citation!.Trim();
        if (citation == record.SourceCitation) return Decision.Nothing;
        if (record.SourceCitation is not null && !command.SaysWhy()) return Decision.NeedsReason("a source citation");
        return Decision.Append(new SourceCitationRecorded(citation));
    }

    [WolverinePost("/api/records/{id}/source-citation")]
    public static Task<IResult> Post(Guid id, RecordSourceCitation command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

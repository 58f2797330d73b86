using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Corrects the document's address at its source (a digital archive's page), or gives one the accession left out;
/// <c>""</c> takes it away. The address obeys the accession's rules: absolute http(s), nothing hidden, no user name or password.
/// </summary>
public sealed record ReviseSourceUrl(string? SourceUrl, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<ReviseSourceUrl>
    {
        public Validator()
        {
            RuleFor(x => x.SourceUrl).NotNull().WithMessage("'{PropertyName}' is required: the address, or \"\" to take away the one the record gives.");
            RuleFor(x => x.SourceUrl).SourceUrl().When(x => !string.IsNullOrEmpty(x.SourceUrl));
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class ReviseSourceUrlEndpoint
{
    public static Decision Decide(ReviseSourceUrl command, CatalogueRecord record)
    {
        var sourceUrl = string.IsNullOrEmpty(command.SourceUrl) ? null : command.SourceUrl.Trim();
        if (sourceUrl == record.SourceUrl) return Decision.Nothing;
        if (record.SourceUrl is not null && !command.SaysWhy()) return Decision.NeedsReason("a source address");
        return Decision.Append(new SourceUrlRevised(sourceUrl));
    }

    [WolverinePost("/api/records/{id}/source-url")]
    public static Task<IResult> Post(Guid id, ReviseSourceUrl command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

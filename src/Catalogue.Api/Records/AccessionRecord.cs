using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Takes a document into the catalogue. Without an accession number the catalogue assigns the next one.</summary>
public sealed record AccessionRecord(
    string? Title,
    string? AccessionNumber = null,
    IReadOnlyList<ExternalIdentifier>? ExternalIds = null,
    string? SourceUrl = null,
    string? DocumentType = null)
{
    public sealed class Validator : AbstractValidator<AccessionRecord>
    {
        public Validator()
        {
            RuleFor(x => x.Title).RequiredLine(CatalogueRules.ShortText * 2);
            RuleFor(x => x.AccessionNumber).OptionalLine(64)
                .Matches("^[A-Za-z0-9][A-Za-z0-9./_-]*$").When(x => !string.IsNullOrEmpty(x.AccessionNumber))
                .WithMessage("'accessionNumber' may hold Latin letters (A-Z, a-z), digits and . / _ - only, and begins with a letter or digit.");
            RuleFor(x => x.SourceUrl).AbsoluteHttpUrl();
            RuleFor(x => x.DocumentType).OptionalLine(200);
            RuleFor(x => x.ExternalIds).AtMost(RecordCapacity.ExternalIds, "external identifiers");
            RuleForEach(x => x.ExternalIds).Present().ChildRules(id =>
            {
                id.RuleFor(x => x.Scheme).RequiredLine(100);
                id.RuleFor(x => x.Value).RequiredLine(200);
            });
        }
    }

    public RecordAccessioned ToEvent(Guid recordId, string accessionNumber, DateTimeOffset accessionedAt) => new(
        recordId,
        accessionNumber,
        ExternalIds?.Select(x => new ExternalIdentifier(x.Scheme.Trim(), x.Value.Trim())).Distinct().ToList() ?? [],
        SourceUrl?.Trim(),
        Title!.Trim(),
        string.IsNullOrWhiteSpace(DocumentType) ? null : DocumentType.Trim(),
        accessionedAt);
}

public static class AccessionRecordEndpoint
{
    [WolverinePost("/api/records")]
    public static async Task<IResult> Post(
        AccessionRecord command, HttpContext http, RecordWriter writer, AccessionNumbers accessionNumbers, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        return await writer.Start(http, id, async ct =>
        {
            var accessionNumber = string.IsNullOrWhiteSpace(command.AccessionNumber)
                ? await accessionNumbers.NextAsync(now, ct)
                : command.AccessionNumber.Trim();
            return [command.ToEvent(id, accessionNumber, now)];
        });
    }
}

using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Marten;
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
            RuleFor(x => x.SourceUrl).SourceUrl();
            RuleFor(x => x.DocumentType).DocumentType();
            RuleFor(x => x.ExternalIds).AtMost(RecordCapacity.ExternalIds, "external identifiers");
            RuleForEach(x => x.ExternalIds).Present().SetValidator(new ExternalIdentifierValidator());
        }
    }

    public RecordAccessioned ToEvent(Guid recordId, string accessionNumber, DateTimeOffset accessionedAt) => new(
        recordId,
        accessionNumber,
        AccessionRules.Kept(ExternalIds),
        SourceUrl?.Trim(),
        Title!.Trim(),
        string.IsNullOrWhiteSpace(DocumentType) ? null : DocumentType.Trim(),
        accessionedAt);
}

/// <summary>
/// The rules for what an accession says of the document besides its title — its type, its address at the source, the
/// holding archives' identifiers — shared by the accession, the commands that correct them, and the imports.
/// </summary>
public static class AccessionRules
{
    public const int DocumentTypeLength = 200;

    public static IRuleBuilderOptions<T, string?> DocumentType<T>(this IRuleBuilder<T, string?> rule) => rule.OptionalLine(DocumentTypeLength);

    public static IRuleBuilderOptions<T, string?> SourceUrl<T>(this IRuleBuilder<T, string?> rule) => rule.AbsoluteHttpUrl();

    /// <summary>
    /// Each identifier trimmed and given once, in the order given: what a record keeps of the identifiers it is sent. A
    /// scheme is one whatever its letter case ("wilson-center", "Wilson-Center": the first written is kept), a value is
    /// compared as written (an archive's signature may tell case apart).
    /// </summary>
    public static List<ExternalIdentifier> Kept(IEnumerable<ExternalIdentifier>? ids) =>
        ids?.Select(x => new ExternalIdentifier(x.Scheme.Trim(), x.Value.Trim())).DistinctBy(x => (x.Scheme.ToLowerInvariant(), x.Value)).ToList() ?? [];
}

/// <summary>One holding archive's identifier of the document: its scheme ("wilson-center") and the value in it ("117886").</summary>
public sealed class ExternalIdentifierValidator : AbstractValidator<ExternalIdentifier>
{
    public ExternalIdentifierValidator()
    {
        RuleFor(x => x.Scheme).RequiredLine(100);
        RuleFor(x => x.Value).RequiredLine(200);
    }
}

public static class AccessionRecordEndpoint
{
    [WolverinePost("/api/records")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CommandAccepted>(StatusCodes.Status201Created, "application/json")]
    public static async Task<IResult> Post(
        AccessionRecord command, HttpContext http, RecordWriter writer, AccessionNumbers accessionNumbers, IQuerySession records, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        return await writer.Start(http, id, async ct =>
        {
            if (string.IsNullOrWhiteSpace(command.AccessionNumber))
                return Decision.Append(command.ToEvent(id, await accessionNumbers.NextAsync(now, ct), now));

            var given = AccessionNumbers.AsKept(command.AccessionNumber);
            // A number of the catalogue's own form typed by hand is never drawn for another record (found from outside:
            // the accession that drew it was refused as using a number its client never sent); the import does the same.
            await accessionNumbers.AdvancePastAsync(given, ct);
            // Refused before the append rather than by the unique index after it: an append the index refuses has drawn
            // event numbers, which Marten then fills with tombstones, rows the chain seals for good.
            if (await records.Query<CatalogueRecord>().AnyAsync(r => r.AccessionNumber == given, ct)) return Decision.Refuse(RecordWriter.AccessionNumberTaken);
            return Decision.Append(command.ToEvent(id, given, now));
        });
    }
}

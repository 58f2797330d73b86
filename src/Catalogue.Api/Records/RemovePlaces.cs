using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>Takes places off a record (matched in any letter case). A removal must say why.</summary>
public sealed record RemovePlaces(IReadOnlyList<string>? Places, string? Reason, long? Version = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<RemovePlaces>
    {
        public Validator()
        {
            RuleFor(x => x.Places).NotEmpty().WithMessage("'places' must name at least one place.")
                .Must(p => p is null || p.Count <= 100).WithMessage("At most 100 places at once.");
            RuleForEach(x => x.Places).RequiredLine(200);
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).ExpectedVersion();
        }
    }
}

public static class RemovePlacesEndpoint
{
    public static Decision Decide(RemovePlaces command, CatalogueRecord record)
    {
        var named = AccessTerms.AsKept(command.Places!);
        // As with subjects: a place the record does not have is most likely misspelt, and removing the others alone would hide that.
        var missing = named.Where(p => !record.Places.Contains(p, AccessTerms.Same)).ToList();
        if (missing.Count > 0)
        {
            return Decision.Refuse(
                "No such place",
                $"The record has no place {string.Join(", ", missing.Select(p => $"'{p}'"))} to remove; nothing was removed.",
                "places");
        }

        return Decision.Append(new PlacesRemoved([.. record.Places.Where(p => named.Contains(p, AccessTerms.Same))]));
    }

    [WolverinePost("/api/records/{id}/places/removal")]
    public static Task<IResult> Post(Guid id, RemovePlaces command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

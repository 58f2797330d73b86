using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>
/// Adds places as access points, as subjects are added: a place the record already has (in any letter case or Unicode form) is not
/// added twice. Places are their own access points rather than words in the summary, so the places authority can count
/// them and a finding aid can export them as <c>geogname</c>.
/// </summary>
public sealed record AddPlaces(IReadOnlyList<string>? Places, long? Version = null, string? Reason = null) : IRecordCommand
{
    public sealed class Validator : AbstractValidator<AddPlaces>
    {
        public Validator()
        {
            RuleFor(x => x.Places).NotEmpty().WithMessage("'places' must name at least one place.")
                .Must(p => p is null || p.Count <= 100).WithMessage("At most 100 places at once.");
            RuleForEach(x => x.Places).RequiredLine(200);
            RuleFor(x => x.Version).ExpectedVersion();
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class AddPlacesEndpoint
{
    public static Decision Decide(AddPlaces command, CatalogueRecord record)
    {
        var added = AccessTerms.AsKept(command.Places!).Where(p => !record.Places.Contains(p, AccessTerms.Same)).ToList();
        return added.Count == 0 ? Decision.Nothing : Decision.Append(new PlacesAdded(added));
    }

    [WolverinePost("/api/records/{id}/places")]
    public static Task<IResult> Post(Guid id, AddPlaces command, HttpContext http, RecordWriter writer) =>
        writer.Decide(http, id, command, record => Decide(command, record));
}

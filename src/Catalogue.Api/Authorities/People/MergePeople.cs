using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Authorities.People;

/// <summary>
/// Says that <see cref="Person"/> is the same person as the one the route names, which survives: the other's heading
/// and names become its aliases, and their records count for it. Recorded on both people's streams; a merge must say why.
/// </summary>
public sealed record MergePeople(Guid? Person, string? Reason, long? Version = null) : IPersonCommand
{
    public sealed class Validator : AbstractValidator<MergePeople>
    {
        public Validator()
        {
            RuleFor(x => x.Person).NotNull().WithMessage("'person' must be the id of the person to merge into this one.")
                .NotEqual(Guid.Empty).WithMessage("'person' must be the id of the person to merge into this one; no person has the all-zero id.");
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).GreaterThanOrEqualTo(0).WithMessage("'version' must be the version of the surviving person's authority you read (0 before any decision).");
        }
    }
}

public static class MergePeopleEndpoint
{
    public static PersonDecision Decide(PersonAuthority survivor, PersonAuthority merged)
    {
        if (merged.Id == survivor.Id)
            return PersonDecision.Refuse("A person cannot be merged into themselves", $"'person' names {survivor.Name}, the person the merge is into.", "person");

        return new PersonDecision(
            [new PersonMergedIn(merged.Id, merged.Name, merged.Names, merged.FoundingKeys.Count > 0 ? merged.FoundingKeys : null)],
            new AlsoAppend(merged, [new PersonMergedInto(survivor.Id, survivor.Name)]));
    }

    [WolverinePost("/api/people/{id}/merge")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Records.Writing.CommandAccepted>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Post(Guid id, MergePeople command, HttpContext http, PersonWriter writer) =>
        writer.Decide(http, id, command, async survivor =>
        {
            var (other, refusal) = await writer.LoadAsync(command.Person!.Value, "person", http.RequestAborted);
            if (refusal is not null)
            {
                // The other is not found, merged already, or another's name: said of 'person', whose value it is.
                refusal.Extensions["errors"] = new Dictionary<string, string[]> { ["person"] = [refusal.Detail ?? ""] };
                if (refusal.Status == StatusCodes.Status404NotFound)
                {
                    refusal.Status = StatusCodes.Status422UnprocessableEntity;
                    refusal.Type = Records.Writing.Problems.Unprocessable("", "").Type;
                }

                return new PersonDecision([], Refusal: refusal);
            }

            return Decide(survivor, other!.Person);
        });
}

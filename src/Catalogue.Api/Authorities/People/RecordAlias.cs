using Catalogue.Api.Validation;
using FluentValidation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Authorities.People;

/// <summary>Records another name the person is written under: "Chou En-lai" for Zhou Enlai.</summary>
public sealed record RecordAlias(string? Alias, long? Version = null, string? Reason = null) : IPersonCommand
{
    public sealed class Validator : AbstractValidator<RecordAlias>
    {
        public Validator()
        {
            RuleFor(x => x.Alias).RequiredLine(300);
            RuleFor(x => x.Version).GreaterThanOrEqualTo(0).WithMessage("'version' must be the version of the person's authority you read (0 before any decision).");
            RuleFor(x => x.Reason).OptionalReason();
        }
    }
}

public static class RecordAliasEndpoint
{
    /// <param name="claimant">The person, if any, that already lists the alias among their names.</param>
    public static PersonDecision Decide(RecordAlias command, PersonAuthority person, PersonAuthority? claimant)
    {
        var alias = command.Alias!.Trim();
        var key = AccessPointKeys.Fold(alias);
        if (key.Length == 0) return PersonDecision.Refuse("The alias names no one", $"'{alias}' holds no letter or digit.", "alias");
        if (key == AccessPointKeys.Fold(person.Name))
            return PersonDecision.Refuse("The alias is the person's heading", $"'{alias}' is how the person is headed already, not another name.", "alias");
        if (person.Keys.Contains(key)) return PersonDecision.Nothing;
        if (claimant is not null && claimant.Id != person.Id)
        {
            // Two people sharing a name is the case a merge decides: it says the two are one, and why.
            return PersonDecision.Refuse(
                "The name is another person's",
                $"'{alias}' is a name of person {claimant.Id} ({claimant.Name}). If they are the same person, merge them: POST /api/people/{person.Id}/merge.",
                "alias");
        }

        return PersonDecision.Append(new PersonAliasRecorded(alias));
    }

    [WolverinePost("/api/people/{id}/aliases")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Records.Writing.CommandAccepted>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Post(Guid id, RecordAlias command, HttpContext http, PersonWriter writer, IDocumentSession session) =>
        writer.Decide(http, id, command, async person =>
            Decide(command, person, await PeopleAuthority.ClaimantAsync(session, AccessPointKeys.Fold(command.Alias), http.RequestAborted)));
}

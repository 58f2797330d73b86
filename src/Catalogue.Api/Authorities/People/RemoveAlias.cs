using Catalogue.Api.Validation;
using FluentValidation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Authorities.People;

/// <summary>Takes a name off the person: it was not theirs after all. A removal must say why.</summary>
public sealed record RemoveAlias(string? Alias, string? Reason, long? Version = null) : IPersonCommand
{
    public sealed class Validator : AbstractValidator<RemoveAlias>
    {
        public Validator()
        {
            RuleFor(x => x.Alias).RequiredLine(300);
            RuleFor(x => x.Reason).RequiredReason();
            RuleFor(x => x.Version).GreaterThanOrEqualTo(0).WithMessage("'version' must be the version of the person's authority you read (0 before any decision).");
        }
    }
}

public static class RemoveAliasEndpoint
{
    /// <param name="headed">The person the alias is the heading of, when that person has an authority: one merged away
    /// (into this person, or into one merged into this person since) keeps the name here.</param>
    public static PersonDecision Decide(RemoveAlias command, PersonAuthority person, PersonAuthority? headed = null)
    {
        var key = AccessPointKeys.Fold(command.Alias);
        if (person.Merged.FirstOrDefault(m => AccessPointKeys.Fold(m.Name) == key) is { } merged)
        {
            // The merged person's records count here by that name; dropping it alone would not undo the merge.
            return PersonDecision.Refuse(
                "The name came with a merge",
                $"'{merged.Name}' is the heading of person {merged.Id}, merged into this one; it stays one of this person's names.", "alias");
        }

        if (headed is { MergedInto: { } into } && person.Aliases.Any(a => AccessPointKeys.Fold(a) == key))
        {
            // Dropped, the name would head a person of its own again in suggestions, while its id still led here and
            // every command about that person was refused as merged.
            return PersonDecision.Refuse(
                "The name came with a merge",
                $"'{headed.Name}' is the heading of person {headed.Id}, merged into person {into} and with that person into this one; it stays one of this person's names.", "alias");
        }

        return person.Aliases.FirstOrDefault(a => AccessPointKeys.Fold(a) == key) is { } alias
            ? PersonDecision.Append(new PersonAliasRemoved(alias))
            : PersonDecision.Refuse("No such alias", $"Person {person.Id} ({person.Name}) has no alias '{command.Alias!.Trim()}'; nothing was removed.", "alias");
    }

    [WolverinePost("/api/people/{id}/aliases/removal")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<Records.Writing.CommandAccepted>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Post(Guid id, RemoveAlias command, HttpContext http, PersonWriter writer, IDocumentSession session) =>
        writer.Decide(http, id, command, async person =>
            Decide(command, person, await session.LoadAsync<PersonAuthority>(AccessPointKeys.PersonIdOf(command.Alias!), http.RequestAborted)));
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using FluentValidation;
using Wolverine.Http;

namespace Catalogue.Api.Security;

public sealed record CreateApiKey(string? Name, string? Role)
{
    public sealed class Validator : AbstractValidator<CreateApiKey>
    {
        public Validator()
        {
            RuleFor(x => x.Name).Cascade(CascadeMode.Stop).RequiredLine(100).Matches("^[A-Za-z0-9][A-Za-z0-9._-]*$").WithMessage("'name' may hold Latin letters (A-Z, a-z), digits and . _ - only, and begins with a letter or digit.");
            // In any letter case, as every value chosen from a fixed list is read.
            RuleFor(x => x.Role).Must(r => Vocabulary.Named(Roles.All, r) is not null).WithMessage($"'role' must be one of: {string.Join(", ", Roles.All)}.");
        }
    }

    /// <summary>The role as the role table names it ("ADMIN" is admin).</summary>
    public string NamedRole => Vocabulary.Named(Roles.All, Role) ?? throw new InvalidOperationException("The role was not validated.");
}

public static class ApiKeyEndpoints
{
    /// <summary>Creates a key; the answer is the only time the key itself is shown.</summary>
    [WolverinePost("/api/keys")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<IssuedApiKey>(StatusCodes.Status201Created, "application/json")]
    public static async Task<IResult> Create(CreateApiKey request, ApiKeys keys, HttpContext http)
    {
        var issue = await keys.CreateAsync(request.Name!, request.NamedRole, SecurityServices.ActorOf(http.User) ?? ChangeContext.AnonymousActor, http.RequestAborted);
        return issue.Issued is { } issued
            ? Results.Created($"/api/keys/{issued.Name}", issued)
            : Problems.Conflict("Key name in use", issue.Refusal!).ToResult();
    }

    [WolverineGet("/api/keys")]
    public static Task<IReadOnlyList<ApiKeyListing>> List(ApiKeys keys, HttpContext http) => keys.ListAsync(http.RequestAborted);

    [WolverinePost("/api/keys/{name}/revoke")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Revoke(string name, EmptyBody _, ApiKeys keys, HttpContext http) =>
        await keys.RevokeAsync(name, SecurityServices.ActorOf(http.User) ?? ChangeContext.AnonymousActor, http.RequestAborted) is not null
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such key", detail: $"No active key is named '{name}' (in any letter case).");
}

namespace Catalogue.Api.Authorities;

/// <summary>The query values every authority's reads take, refused field by field as a body's are.</summary>
public static class AuthorityRequests
{
    public static Dictionary<string, string[]> Check(string? q, int? pageSize, int maxPageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (Validation.CatalogueRules.IsLongerThan(q, AuthorityQueries.MaxQueryLength)) errors["q"] = [$"'q' may hold at most {AuthorityQueries.MaxQueryLength} characters: it is the start of a name."];
        if (pageSize is { } size && (size < 1 || size > maxPageSize)) errors["pageSize"] = [Validation.RequestParameters.WholeNumberBetween("pageSize", 1, maxPageSize)];
        return errors;
    }

    public static IResult NotFound(string what, Guid id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"No such {what}", detail: $"No {what} has the id {id}.", type: "https://tools.ietf.org/html/rfc9110#section-15.5.5");
}

using Microsoft.AspNetCore.Mvc;

namespace Catalogue.Api.Records.Writing;

/// <summary>RFC 9457 problem details for the refusals the catalogue gives.</summary>
public static class Problems
{
    public static ProblemDetails NotFound(Guid id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Record not found",
        Detail = $"No catalogue record has the id {id}.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    /// <summary>Something other than a record that the request names and that does not exist.</summary>
    public static ProblemDetails NotFoundProblem(string title, string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = title,
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    };

    public static ProblemDetails StaleVersion(Guid id, long expected, long current)
    {
        var problem = Conflict(
            "The record has changed since you read it",
            $"You edited version {expected} of record {id}, but it is now at version {current}. Read it again and re-apply your change.");
        problem.Extensions["currentVersion"] = current;
        problem.Extensions["expectedVersion"] = expected;
        return problem;
    }

    public static ProblemDetails VersionRequired() => new()
    {
        Status = StatusCodes.Status428PreconditionRequired,
        Title = "The version you edited is required",
        Detail = "Send the record version your change was made against, as \"version\" in the body or as an If-Match header with the record's ETag.",
        Type = "https://tools.ietf.org/html/rfc6585#section-3",
    };

    public static ProblemDetails TooLarge(long maxBytes) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request body is too large",
        Detail = $"A request body may be at most {maxBytes / 1024 / 1024} MiB.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
    };

    /// <summary>A request the service could not read as one (its head or body), where no field of a command is to blame.</summary>
    public static ProblemDetails BadRequest(string title, string detail) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = title,
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };

    public static ProblemDetails Conflict(string title, string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = title,
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
    };

    public static ProblemDetails Unprocessable(string title, string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = title,
            Detail = detail,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        };
        if (field is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }

        return problem;
    }

    public static IResult ToResult(this ProblemDetails problem) =>
        Results.Problem(problem);
}

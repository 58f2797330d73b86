using System.ComponentModel.DataAnnotations;
using Catalogue.Api.Hosting;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Authorities;

/// <summary>A place or a subject, with how many records visible to the caller carry it.</summary>
public sealed record AccessPointEntry(Guid Id, string Name, int Records, string RecordsHref);

public sealed record AccessPointPage(IReadOnlyList<AccessPointEntry> Items);

/// <summary>
/// The places and subjects authorities: every place and subject written on records, matched as people are, each with its
/// record count and the link to its records. Their id is derived from the folded name, so it outlives a rebuild.
/// </summary>
public static class ReadPlacesAndSubjectsEndpoints
{
    [WolverineGet("/api/places")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccessPointPage>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Places(string? q, [Range(1, AuthorityQueries.MaxPageSize)] int? pageSize, CatalogueReads reads, HttpContext http) =>
        ListAsync(AccessPointKinds.Place, "places", q, pageSize, reads, http);

    [WolverineGet("/api/places/{id}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccessPointEntry>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Place(Guid id, CatalogueReads reads, HttpContext http) =>
        GetAsync(AccessPointKinds.Place, "places", "place", id, reads, http);

    [WolverineGet("/api/places/{id}/records")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuthorityRecordPage>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> PlaceRecords(Guid id, Guid? after, [Range(1, AuthorityQueries.MaxRecordPageSize)] int? pageSize, CatalogueReads reads, HttpContext http) =>
        RecordsAsync(AccessPointKinds.Place, "place", id, after, pageSize, reads, http);

    [WolverineGet("/api/subjects")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccessPointPage>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Subjects(string? q, [Range(1, AuthorityQueries.MaxPageSize)] int? pageSize, CatalogueReads reads, HttpContext http) =>
        ListAsync(AccessPointKinds.Subject, "subjects", q, pageSize, reads, http);

    [WolverineGet("/api/subjects/{id}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AccessPointEntry>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> Subject(Guid id, CatalogueReads reads, HttpContext http) =>
        GetAsync(AccessPointKinds.Subject, "subjects", "subject", id, reads, http);

    [WolverineGet("/api/subjects/{id}/records")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuthorityRecordPage>(StatusCodes.Status200OK, "application/json")]
    public static Task<IResult> SubjectRecords(Guid id, Guid? after, [Range(1, AuthorityQueries.MaxRecordPageSize)] int? pageSize, CatalogueReads reads, HttpContext http) =>
        RecordsAsync(AccessPointKinds.Subject, "subject", id, after, pageSize, reads, http);

    private static async Task<IResult> ListAsync(string kind, string route, string? q, int? pageSize, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var errors = AuthorityRequests.Check(q, pageSize, AuthorityQueries.MaxPageSize);
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);
        var key = AccessPointKeys.Fold(q);
        if (AuthorityQueries.MatchesNoName(q, key)) return Results.Ok(new AccessPointPage([]));

        var matches = await AuthorityQueries.MatchAsync(session, kind, key, AuthorityQueries.Candidates, http.RequestAborted);
        var groups = matches.Select(m => (IReadOnlyList<string>)[m.Key]).ToList();
        var size = pageSize ?? AuthorityQueries.DefaultPageSize;
        var counted = await AuthorityQueries.FirstCountedAsync(session, kind, groups, Roles.IsStaff(http.User), size, http.RequestAborted);
        return Results.Ok(new AccessPointPage(
        [
            .. counted.Select(c => new AccessPointEntry(matches[c.Index].Id, matches[c.Index].Name, c.Records, $"/api/{route}/{matches[c.Index].Id}/records")),
        ]));
    }

    private static async Task<IResult> GetAsync(string kind, string route, string what, Guid id, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        if (await AuthorityQueries.NameAsync(session, kind, id, http.RequestAborted) is not { } name) return AuthorityRequests.NotFound(what, id);
        var counts = await AuthorityQueries.CountAsync(session, kind, [[name.Key]], Roles.IsStaff(http.User), http.RequestAborted);
        if (!counts.TryGetValue(0, out var count)) return AuthorityRequests.NotFound(what, id);
        return Results.Ok(new AccessPointEntry(id, name.Name, count.Records, $"/api/{route}/{id}/records"));
    }

    private static async Task<IResult> RecordsAsync(string kind, string what, Guid id, Guid? after, int? pageSize, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var errors = AuthorityRequests.Check(null, pageSize, AuthorityQueries.MaxRecordPageSize);
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);
        var staff = Roles.IsStaff(http.User);
        if (await AuthorityQueries.NameAsync(session, kind, id, http.RequestAborted) is not { } name) return AuthorityRequests.NotFound(what, id);
        var page = await AuthorityQueries.RecordsAsync(session, kind, [name.Key], staff, after, pageSize ?? AuthorityQueries.MaxRecordPageSize, http.RequestAborted);
        // Found exactly when GetAsync finds it: a name only drafts or withdrawn records carry does not exist for a reader,
        // whose empty page would otherwise tell it from a name no record carries. Counted only for an empty page: one
        // with records is found.
        if (page.Items.Count == 0 && !(await AuthorityQueries.CountAsync(session, kind, [[name.Key]], staff, http.RequestAborted)).ContainsKey(0))
            return AuthorityRequests.NotFound(what, id);
        return Results.Ok(page);
    }
}

using System.ComponentModel.DataAnnotations;
using Catalogue.Api.Hosting;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Marten;
using Wolverine.Http;

namespace Catalogue.Api.Authorities.People;

public sealed record PeoplePage(IReadOnlyList<PersonEntry> Items);

public static class ReadPeopleEndpoints
{
    /// <summary>
    /// Suggests people as the archivist types (<c>q</c>, matched folded: any case, without diacritics, ё as е, on headings
    /// and aliases alike); without <c>q</c> (or with spaces alone: nothing typed yet), people in the order of their names. At most <c>pageSize</c> (10 by default, 50 at most).
    /// </summary>
    [WolverineGet("/api/people")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PeoplePage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> List(string? q, [Range(1, AuthorityQueries.MaxPageSize)] int? pageSize, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var errors = AuthorityRequests.Check(q, pageSize, AuthorityQueries.MaxPageSize);
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);
        var people = await PeopleAuthority.SuggestAsync(
            session, q ?? "", pageSize ?? AuthorityQueries.DefaultPageSize, Roles.IsStaff(http.User), http.RequestAborted);
        return Results.Ok(new PeoplePage(people));
    }

    /// <summary>One person; the id of a merged person, or of an alias, answers the person it now belongs to.</summary>
    [WolverineGet("/api/people/{id}")]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<PersonEntry>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(Guid id, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var entry = await FindAsync(id, session, http);
        return entry is null ? AuthorityRequests.NotFound("person", id) : Results.Ok(entry);
    }

    /// <summary>The records that name the person under any of their names, a page at a time (<c>after</c>: the last page's <c>next</c>).</summary>
    [WolverineGet("/api/people/{id}/records")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<AuthorityRecordPage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Records(Guid id, Guid? after, [Range(1, AuthorityQueries.MaxRecordPageSize)] int? pageSize, CatalogueReads reads, HttpContext http)
    {
        await using var session = reads.OpenSession();
        var errors = AuthorityRequests.Check(null, pageSize, AuthorityQueries.MaxRecordPageSize);
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);
        var staff = Roles.IsStaff(http.User);
        if (await PeopleAuthority.FindAsync(session, id, http.RequestAborted) is not { } person
            || await PeopleAuthority.EntryAsync(session, person, staff, http.RequestAborted, askedBy: id) is null) return AuthorityRequests.NotFound("person", id);
        return Results.Ok(await AuthorityQueries.RecordsAsync(
            session, AccessPointKinds.Person, person.Keys, staff, after, pageSize ?? AuthorityQueries.MaxRecordPageSize, http.RequestAborted));
    }

    private static async Task<PersonEntry?> FindAsync(Guid id, IQuerySession session, HttpContext http) =>
        id == Guid.Empty || await PeopleAuthority.FindAsync(session, id, http.RequestAborted) is not { } person
            ? null
            : await PeopleAuthority.EntryAsync(session, person, Roles.IsStaff(http.User), http.RequestAborted, askedBy: id);
}

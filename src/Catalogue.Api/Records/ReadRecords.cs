using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Marten;
using Marten.Pagination;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>One line of the record list.</summary>
public sealed record RecordListItem(Guid Id, long Version, string AccessionNumber, string Title, string? DocumentType, string Status, DateTimeOffset AccessionedAt);

public sealed record RecordPage(IReadOnlyList<RecordListItem> Items, int Page, int PageSize, long TotalItems, long PageCount);

public static class ReadRecordsEndpoints
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>
    /// The record now, or as it stood at a version (<c>?version=N</c>) or an instant (<c>?asOf=2026-11-28T09:00:00Z</c>).
    /// Every answer names the permalink that pins the version it shows.
    /// </summary>
    [WolverineGet("/api/records/{id}")]
    public static async Task<IResult> Get(Guid id, long? version, string? asOf, IQuerySession session, HttpContext http)
    {
        if (version is not null || asOf is not null)
        {
            // Past versions hold what was later corrected or withdrawn: they are for auditors.
            if (SecurityServices.ActorOf(http.User) is null) return AccessRefusals.Unauthenticated();
            if (!http.User.IsInRole(Roles.Auditor) && !http.User.IsInRole(Roles.Admin)) return AccessRefusals.Forbidden([Roles.Auditor, Roles.Admin]);
            return await Audit.RecordAsOf.GetAsync(id, version, asOf, session, http);
        }

        // The stored document is answered as it is stored: its state and version, which decide who may see it and
        // whether the client's copy is current, are read beside it in the same statement rather than by reading it whole.
        await using var command = new NpgsqlCommand(
            $"select data ->> 'Status', (data ->> 'Version')::bigint, data::text from {CatalogueRecord.Table} where id = @id");
        command.Parameters.AddWithValue("id", id);
        string status, stored;
        long current;
        await using (var reader = await session.ExecuteReaderAsync(command, http.RequestAborted))
        {
            if (!await reader.ReadAsync(http.RequestAborted)) return Problems.NotFound(id).ToResult();
            (status, current, stored) = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2));
        }

        if (!MaySee(http.User, status)) return Problems.NotFound(id).ToResult();

        http.Response.Headers.ETag = ExpectedVersion.ETagFor(current);
        http.Response.Headers.Link = $"<{Permalink(id, current)}>; rel=\"permalink\"";
        if (ExpectedVersion.IsCurrent(http.Request.Headers.IfNoneMatch, current))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(StoredJson.ToApiJson(stored), StoredJson.ContentType);
    }

    public static string Permalink(Guid id, long version) => $"/api/records/{id}?version={version}";

    /// <summary>Staff see every record; readers and the public only published ones (others do not exist for them).</summary>
    public static bool MaySee(System.Security.Claims.ClaimsPrincipal user, CatalogueRecord record) => MaySee(user, record.Status);

    /// <inheritdoc cref="MaySee(System.Security.Claims.ClaimsPrincipal, CatalogueRecord)"/>
    public static bool MaySee(System.Security.Claims.ClaimsPrincipal user, string status) => status == RecordStatus.Published || Roles.IsStaff(user);

    /// <summary>Records newest accession first.</summary>
    [WolverineGet("/api/records")]
    public static async Task<IResult> List(IQuerySession session, HttpContext http, int? page, int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1) errors["page"] = ["'page' starts at 1."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"'pageSize' must be between 1 and {MaxPageSize}."];
        var pageNumber = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        // Marten skips (page - 1) × pageSize rows as an int: past that the offset wraps negative and PostgreSQL refuses it.
        if (errors.Count == 0 && (long)pageNumber * size > int.MaxValue)
            errors["page"] = [$"'page' × 'pageSize' must not exceed {int.MaxValue}: with pageSize {size}, 'page' is at most {int.MaxValue / size}."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var staff = Roles.IsStaff(http.User);
        IQueryable<CatalogueRecord> Visible() => staff
            ? session.Query<CatalogueRecord>()
            : session.Query<CatalogueRecord>().Where(r => r.Status == RecordStatus.Published);
        var records = await Visible()
            .OrderByDescending(r => r.AccessionedAt)
            .ThenByDescending(r => r.Id)
            .Select(r => new RecordListItem(r.Id, r.Version, r.AccessionNumber, r.Title, r.DocumentType, r.Status, r.AccessionedAt))
            .ToPagedListAsync(pageNumber, size, http.RequestAborted);

        var (total, pages) = (records.TotalItemCount, records.PageCount);
        if (records.Count == 0 && pageNumber > 1)
        {
            // Marten reads the totals off the page's own rows, so past the end it has none to read them from.
            total = await Visible().LongCountAsync(http.RequestAborted);
            pages = (total + size - 1) / size;
        }

        return Results.Ok(new RecordPage([.. records], pageNumber, size, total, pages));
    }
}

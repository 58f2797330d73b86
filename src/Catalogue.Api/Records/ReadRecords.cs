using System.ComponentModel.DataAnnotations;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Records;

/// <summary>One line of the record list.</summary>
/// <param name="Date">The date the record is cited by, with the years it can fall in; null when it has none.</param>
/// <param name="Repository">The repository of its first provenance reference that names one.</param>
public sealed record RecordListItem(
    Guid Id, string AccessionNumber, string Title, string? DocumentType, string Status, ListedDate? Date, string? Repository, long Version, DateTimeOffset AccessionedAt)
{
    public static RecordListItem Of(RecordListing listing) => new(
        listing.Id, listing.AccessionNumber, listing.Title, listing.DocumentType, listing.Status, listing.Date, listing.Repository, listing.Version, listing.AccessionedAt);
}

/// <param name="Next">The cursor of the next page, to send as <c>after</c>; null on the last page.</param>
public sealed record RecordPage(IReadOnlyList<RecordListItem> Items, string Sort, int PageSize, string? Next);

public static class ReadRecordsEndpoints
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>
    /// The record now, or as it stood at a version (<c>?version=N</c>) or an instant (<c>?asOf=2026-11-28T09:00:00Z</c>).
    /// Every answer names the permalink that pins the version it shows.
    /// </summary>
    [WolverineGet("/api/records/{id}")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<CatalogueRecord>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> Get(Guid id, long? version, string? asOf, NpgsqlDataSource database, IDocumentStore store, History.RecordEventReader history, HttpContext http)
    {
        if (version is not null || asOf is not null)
        {
            // Past versions hold what was later corrected or withdrawn: they are for auditors.
            if (SecurityServices.ActorOf(http.User) is null) return AccessRefusals.Unauthenticated();
            if (!http.User.IsInRole(Roles.Auditor) && !http.User.IsInRole(Roles.Admin)) return AccessRefusals.Forbidden([Roles.Auditor, Roles.Admin]);
            await using var session = store.QuerySession();
            return await Audit.RecordAsOf.GetAsync(id, version, asOf, session, history, http);
        }

        if (RequestParameters.RefusedBefore(http) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        // The stored document is answered as it is stored: its state and version, which decide who may see it and
        // whether the client's copy is current, are read beside it in the same statement rather than by reading it whole.
        // One statement on a pooled connection, without a Marten session: the read is the most frequent of all, and a
        // session's lifetime and retry pipeline around one statement cost more than the statement.
        await using var command = database.CreateCommand(
            $"select data ->> 'Status', (data ->> 'Version')::bigint, convert_to(data::text, 'UTF8') from {CatalogueRecord.Table} where id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        string status;
        byte[] stored;
        long current;
        await using (var reader = await command.ExecuteReaderAsync(http.RequestAborted))
        {
            if (!await reader.ReadAsync(http.RequestAborted)) return Problems.NotFound(id).ToResult();
            (status, current, stored) = (reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2));
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

    /// <summary>
    /// Records a page at a time, newest accession first (or by title, or accession number), read off the record list's
    /// indexes: each page starts after the last line of the one before (<c>after</c>, the cursor the answer gives as
    /// <c>next</c>), so a page costs the same however deep into the list it is, and records accessioned meanwhile neither
    /// shift a line onto the next page nor push one off it. No total is given: counting the list would cost a scan of it
    /// on every page.
    /// </summary>
    [WolverineGet("/api/records")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<RecordPage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> List(CatalogueReads reads, IDocumentStore store, HttpContext http, string? after, [Range(1, MaxPageSize)] int? pageSize, string? sort, [NoLongerTaken] string? page)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is not null)
            errors["page"] = ["'page' is no longer taken: the record list is read a page at a time by cursor. Leave it out for the first page, then send each answer's 'next' as 'after'."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [RequestParameters.WholeNumberBetween("pageSize", 1, MaxPageSize)];
        var order = sort is null ? null : RecordListOrder.All.FirstOrDefault(o => o.Name.Equals(sort, StringComparison.OrdinalIgnoreCase));
        if (sort is not null && order is null) errors["sort"] = [$"'{sort}' is not an order of the record list. The orders are: {string.Join(", ", RecordListOrder.All.Select(o => o.Name))}."];
        RecordListCursor? cursor = null;
        if (after is not null && !RecordListCursor.TryDecode(after, out cursor))
            errors["after"] = ["'after' must be the 'next' of an earlier page of the record list, as it was given."];
        else if (cursor is not null && order is not null && cursor.Order != order)
            errors["sort"] = [$"This 'after' continues the list sorted by {cursor.Order.Name}: leave 'sort' out, or send 'sort={cursor.Order.Name}'."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        order = cursor?.Order ?? order ?? RecordListOrder.Newest;
        var size = pageSize ?? DefaultPageSize;
        var (items, next) = await PageAsync(reads.DataSource, store.Options.Serializer(), order, cursor, size, published: !Roles.IsStaff(http.User), http.RequestAborted);
        var nextCursor = next?.Encode();
        if (nextCursor is not null)
            http.Response.Headers.Link = $"</api/records?after={Uri.EscapeDataString(nextCursor)}&pageSize={size}>; rel=\"next\"";
        return Results.Ok(new RecordPage(items, order.Name, size, nextCursor));
    }

    /// <summary>
    /// One page in <paramref name="order"/> after <paramref name="cursor"/>, and the cursor after it when there is more:
    /// one statement on a pooled connection, like the record read.
    /// </summary>
    /// <param name="published">Only published records: what readers and the public see (staff see every record).</param>
    private static async Task<(IReadOnlyList<RecordListItem> Items, RecordListCursor? Next)> PageAsync(
        NpgsqlDataSource database, ISerializer serializer, RecordListOrder order, RecordListCursor? cursor, int size, bool published, CancellationToken ct)
    {
        var (compare, direction) = order.Descending ? ("<", "desc") : (">", "asc");
        var where = new List<string>();
        // Written out, not a parameter: so PostgreSQL can read the page off the index of published records alone.
        if (published) where.Add($"status = '{RecordStatus.Published}'");
        if (cursor is not null) where.Add($"({order.Column}, id) {compare} (@key, @id)");
        await using var command = database.CreateCommand(
            $"select data, {order.Column}, id from {RecordListing.Table} {(where.Count > 0 ? "where " + string.Join(" and ", where) : "")} " +
            $"order by {order.Column} {direction}, id {direction} limit @limit");
        if (cursor is not null)
        {
            command.Parameters.Add(cursor.KeyParameter());
            command.Parameters.AddWithValue("id", cursor.Id);
        }

        // One more than the page: whether there is a next page is known without counting.
        command.Parameters.AddWithValue("limit", size + 1);
        var items = new List<RecordListItem>();
        RecordListCursor? last = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (items.Count == size) return (items, last);
            items.Add(RecordListItem.Of(serializer.FromJson<RecordListing>(reader, 0)));
            last = RecordListCursor.At(order, reader, 1, reader.GetGuid(2));
        }

        return (items, null);
    }
}

using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Catalogue.Api.Hosting;
using Catalogue.Api.Validation;
using Marten;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>One import batch in the list: what its status tells, without its problems (its <see cref="Href"/> gives them).</summary>
public sealed record ImportBatchListItem(
    Guid Batch, string Format, string State, string Source, string Actor, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt,
    long Lines, long Created, long Updated, long Unchanged, long Rejected, long Conflicts, double? Progress, long ProblemCount, long OverwrittenCount,
    DateTimeOffset? RevertedAt, string? RevertedBy, string Href)
{
    public static ImportBatchListItem Of(ImportBatch batch, string state) => new(
        batch.Id, batch.Format, state, batch.Source, batch.Actor, batch.StartedAt, batch.UpdatedAt, batch.FinishedAt, batch.Lines, batch.Created,
        batch.Updated, batch.Unchanged, batch.Rejected, batch.Conflicts, batch.Progress, batch.ProblemCount, batch.OverwrittenCount,
        batch.RevertedAt, batch.RevertedBy, ImportStatusEndpoint.HrefFor(batch.Id));
}

/// <param name="Next">The cursor of the next page, to send as <c>after</c>; null on the last page.</param>
public sealed record ImportBatchPage(IReadOnlyList<ImportBatchListItem> Items, int PageSize, string? Next);

/// <summary>
/// Where a page of the batch list ended: the last batch's start (as PostgreSQL reads it, in microseconds) and id. Opaque
/// to clients, who send back the <c>next</c> they were given.
/// </summary>
public sealed record ImportBatchCursor(long StartedTicks, Guid Id)
{
    private sealed record Token([property: System.Text.Json.Serialization.JsonRequired] long T, [property: System.Text.Json.Serialization.JsonRequired] Guid I);

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(StartedTicks, Id)));

    public static bool TryDecode(string text, out ImportBatchCursor? cursor)
    {
        cursor = null;
        try
        {
            if (text.Length > 1024) return false;
            var token = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(text));
            if (token is null || token.T is < 0 || token.T > DateTime.MaxValue.Ticks) return false;
            cursor = new ImportBatchCursor(token.T, token.I);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}

public static class ImportBatchListEndpoint
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
    private static readonly string[] Formats = [Imports.PageBatchImport.Format, BulkFormats.JsonLines, BulkFormats.Csv];
    private static readonly string[] States = [ImportBatchStates.Running, ImportBatchStates.Interrupted, ImportBatchStates.Finished];

    /// <summary>
    /// The import batches, newest first — pages uploaded or imported by the command line, JSON lines, CSV — so that a
    /// batch whose answer was lost (an upload cut off, a terminal closed) is found again to be resumed, looked into or
    /// reverted. Filtered by <c>format</c>, <c>state</c> (running, interrupted or finished, as each batch's status says)
    /// and <c>actor</c> (who started it, as its events name them); a page at a time by cursor (<c>after</c>).
    /// </summary>
    [WolverineGet("/api/imports")]
    [ChecksItsQueryToo]
    [Microsoft.AspNetCore.Mvc.ProducesResponseType<ImportBatchPage>(StatusCodes.Status200OK, "application/json")]
    public static async Task<IResult> List(
        CatalogueReads reads, IDocumentStore store, HttpContext http, string? format, string? state, string? actor, string? after, [Range(1, MaxPageSize)] int? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (format is not null && !Formats.Contains(format))
            errors["format"] = [$"'{format}' is not a format of import batches. The formats are: {string.Join(", ", Formats)}."];
        if (state is not null && !States.Contains(state))
            errors["state"] = [$"'{state}' is not a state of import batches. The states are: {string.Join(", ", States)}."];
        if (actor is not null && string.IsNullOrWhiteSpace(actor))
            errors["actor"] = ["'actor' must name who started the batches (as their events name them: key:NAME, cli:USER or a person's name); leave it out for everyone's."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [RequestParameters.WholeNumberBetween("pageSize", 1, MaxPageSize)];
        ImportBatchCursor? cursor = null;
        if (after is not null && !ImportBatchCursor.TryDecode(after, out cursor))
            errors["after"] = ["'after' must be the 'next' of an earlier page of the import batches, as it was given."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        var size = pageSize ?? DefaultPageSize;
        var (items, next) = await PageAsync(reads.DataSource, store.Options.Serializer(), format, state, actor, cursor, size, http.RequestAborted);
        var nextCursor = next?.Encode();
        if (nextCursor is not null)
        {
            var query = string.Concat(
                format is null ? "" : $"&format={Uri.EscapeDataString(format)}", state is null ? "" : $"&state={Uri.EscapeDataString(state)}",
                actor is null ? "" : $"&actor={Uri.EscapeDataString(actor)}");
            http.Response.Headers.Link = $"</api/imports?after={Uri.EscapeDataString(nextCursor)}&pageSize={size}{query}>; rel=\"next\"";
        }

        return Results.Ok(new ImportBatchPage(items, size, nextCursor));
    }

    /// <summary>
    /// One page after <paramref name="cursor"/>. A batch is running while some process holds its lease, so a page of
    /// running or interrupted batches is read from those the store says are running, told apart by the leases held now
    /// (one look at the locks a page); there are as many batches as imports were started, so the list is sorted without
    /// an index of its own.
    /// </summary>
    private static async Task<(IReadOnlyList<ImportBatchListItem> Items, ImportBatchCursor? Next)> PageAsync(
        NpgsqlDataSource database, ISerializer serializer, string? format, string? state, string? actor, ImportBatchCursor? cursor, int size, CancellationToken ct)
    {
        var items = new List<ImportBatchListItem>();
        ImportBatchCursor? last = null;
        while (true)
        {
            var read = await ReadAsync(database, serializer, format, StoredAs(state), actor, cursor, size + 1, ct);
            var held = read.Any(b => b.Batch.State == ImportBatchStates.Running) ? await BatchLease.HeldAsync(database, ct) : null;
            foreach (var (batch, started) in read)
            {
                var now = batch.StateNow(held?.Holds(batch.Id) == true);
                cursor = new ImportBatchCursor(started, batch.Id);
                if (state is not null && now != state) continue;
                if (items.Count == size) return (items, last);
                items.Add(ImportBatchListItem.Of(batch, now));
                last = cursor;
            }

            if (read.Count < size + 1) return (items, null);
        }
    }

    /// <summary>The states a batch in <paramref name="state"/> may be stored in: one that stopped with its process is stored as running.</summary>
    private static string[]? StoredAs(string? state) => state switch
    {
        null => null,
        ImportBatchStates.Interrupted => [ImportBatchStates.Running, ImportBatchStates.Interrupted],
        _ => [state],
    };

    private static async Task<List<(ImportBatch Batch, long StartedTicks)>> ReadAsync(
        NpgsqlDataSource database, ISerializer serializer, string? format, string[]? storedStates, string? actor, ImportBatchCursor? cursor, int limit, CancellationToken ct)
    {
        const string started = "(data ->> 'StartedAt')::timestamptz";
        var where = new List<string>();
        await using var command = database.CreateCommand();
        if (format is not null)
        {
            where.Add("data ->> 'Format' = @format");
            command.Parameters.AddWithValue("format", format);
        }

        if (storedStates is not null)
        {
            where.Add("data ->> 'State' = any(@states)");
            command.Parameters.AddWithValue("states", storedStates);
        }

        if (actor is not null)
        {
            // In any letter case, as the history's actor filter reads it (key:ADMIN is the key admin).
            where.Add("lower(data ->> 'Actor') = lower(@actor)");
            command.Parameters.AddWithValue("actor", actor);
        }

        if (cursor is not null)
        {
            where.Add($"({started}, id) < (@started, @id)");
            command.Parameters.AddWithValue("started", new DateTime(cursor.StartedTicks, DateTimeKind.Utc));
            command.Parameters.AddWithValue("id", cursor.Id);
        }

        // The problems, fields read past and overwritten corrections are the status's to give, up to 1,000 each a batch.
        command.CommandText =
            $"select data - 'Problems' - 'ReadPast' - 'Overwritten', {started}, id from {ImportBatch.Table} " +
            $"{(where.Count > 0 ? "where " + string.Join(" and ", where) : "")} order by {started} desc, id desc limit @limit";
        command.Parameters.AddWithValue("limit", limit);
        var read = new List<(ImportBatch, long)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            read.Add((serializer.FromJson<ImportBatch>(reader, 0), reader.GetFieldValue<DateTime>(1).Ticks));
        return read;
    }
}

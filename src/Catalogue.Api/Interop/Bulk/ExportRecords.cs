using Catalogue.Api.Hosting;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Security;
using Catalogue.Api.Validation;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Which records an export takes: a state, a repository (by its code or an alias), a fond of it; null for any. With
/// <see cref="FullTexts"/> each full text the record lists carries its <c>text</c>, so that an import can bring the
/// record back whole.
/// </summary>
public sealed record ExportFilter(string? Status, string? Repository, string? Fond, bool FullTexts = true)
{
    // A state is named in any case, as a CSV's status cell is read: "Published" is the state stored as "published".
    public string? Status { get; init; } = Status is null ? null : RecordStatus.Named(Status) ?? Status;

    // Trimmed as search trims its filters: " 0100" names the fond 0100, not a fond no record is in.
    public string? Repository { get; init; } = Repository?.Trim();

    public string? Fond { get; init; } = Fond?.Trim();

    /// <summary>What is wrong with the filter, field by field; empty when nothing is.</summary>
    public Dictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, string[]>();
        // Refused on the command line as a request's query refuses them (RequestParameters): an export of no record is no answer to a value that holds one.
        foreach (var (name, value) in new[] { ("status", Status), ("repository", Repository), ("fond", Fond) })
        {
            if (Validation.CatalogueRules.HiddenCharacterIn(value, layout: false) is { } found) errors[name] = [$"'{name}' must not contain {found}."];
        }

        // Each field's other rules besides, so that every wrong field is told at once.
        if (Status is not null && !errors.ContainsKey("status") && !RecordStatus.All.Contains(Status)) errors["status"] = [$"'{Status}' is not a record state. The states are: {string.Join(", ", RecordStatus.All)}."];
        // Refused as search refuses them, rather than read as a filter no record passes: an empty export is no answer to a blank field.
        if (Repository is "") errors["repository"] = ["'repository' must not be empty."];
        if (Fond is "") errors["fond"] = ["'fond' must not be empty."];
        else if (Fond is not null && Repository is null && !errors.ContainsKey("fond")) errors["fond"] = ["A fond is named within its repository: send 'repository' too."];
        return errors;
    }
}

/// <summary>
/// Records as JSON lines: one record a line, as <c>GET /api/records/{id}</c> answers it (its <c>version</c> included),
/// each of its full texts with its <c>text</c> unless left out; read a batch at a time in id order, so an export of the
/// whole catalogue holds one batch in memory. A record changed meanwhile comes out as it stood when its batch was read.
/// </summary>
public static class RecordExport
{
    public const string JsonLines = "application/x-ndjson";
    public const int Batch = 500;

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>The record's document with each listed full text given its text, in the order the record lists them (ids as <see cref="RecordFullText.IdFor"/> makes them).</summary>
    private const string WithTexts =
        "CASE WHEN jsonb_array_length(r.data -> 'FullTexts') = 0 THEN r.data ELSE jsonb_set(r.data, '{FullTexts}', "
        + "(SELECT jsonb_agg(e.entry || jsonb_build_object('Text', t.data -> 'Text') ORDER BY e.ord) "
        + "FROM jsonb_array_elements(r.data -> 'FullTexts') WITH ORDINALITY AS e(entry, ord) "
        + "LEFT JOIN " + RecordFullText.Table + " t ON t.id = replace(r.id::text, '-', '') || ':' || (e.entry ->> 'Language') || ':' || (e.entry ->> 'Kind'))) END";

    /// <returns>How many records were written.</returns>
    public static async Task<long> WriteAsync(NpgsqlDataSource database, Stream output, ExportFilter filter, CancellationToken ct)
    {
        var after = Guid.Empty;
        long total = 0;
        while (true)
        {
            await using var command = database.CreateCommand(
                $"SELECT id, convert_to({(filter.FullTexts ? WithTexts : "r.data")}::text, 'UTF8') FROM {CatalogueRecord.Table} r WHERE id > @after"
                + (filter.Status is null ? "" : " AND data ->> 'Status' = @status")
                + (filter.Repository is null ? "" : $" AND EXISTS (SELECT 1 FROM {CatalogueSchemaTables.Placements} p WHERE p.record_id = r.id AND p.repository = @repository"
                    + (filter.Fond is null ? "" : " AND p.fond = @fond") + ")")
                + " ORDER BY id LIMIT @batch");
            command.Parameters.AddWithValue("after", after);
            if (filter.Status is not null) command.Parameters.AddWithValue("status", filter.Status);
            if (filter.Repository is not null) command.Parameters.AddWithValue("repository", ProvenanceQueries.Code(filter.Repository));
            if (filter.Fond is not null) command.Parameters.AddWithValue("fond", filter.Fond);
            command.Parameters.AddWithValue("batch", Batch);

            var written = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    after = reader.GetGuid(0);
                    await output.WriteAsync(StoredJson.ToApiJson(reader.GetFieldValue<byte[]>(1)), ct);
                    await output.WriteAsync(NewLine, ct);
                    written++;
                }
            }

            total += written;
            await output.FlushAsync(ct);
            if (written < Batch) return total;
        }
    }
}

public static class ExportRecordsEndpoint
{
    /// <summary>
    /// Every record, or those of a state, repository or fond, as JSON lines, each full text with its text
    /// (<c>fullTexts=false</c> leaves the texts out); readers and the public get published records only.
    /// </summary>
    [WolverineGet("/api/exports/records")]
    [ChecksItsQueryToo]
    public static async Task<IResult> Export(string? status, string? repository, string? fond, bool? fullTexts, CatalogueReads reads, HttpContext http)
    {
        var filter = new ExportFilter(status, repository, fond, fullTexts ?? true);
        var errors = filter.Problems();
        if (!errors.ContainsKey("status") && filter.Status is not null && filter.Status != RecordStatus.Published && !Roles.IsStaff(http.User))
            errors["status"] = ["Readers and the public export published records only."];
        if (RequestParameters.Refusing(http, errors) is { Count: > 0 } refused) return Results.ValidationProblem(refused);

        http.Response.ContentType = $"{RecordExport.JsonLines}; charset=utf-8";
        // A HEAD's body is dropped (HeadRequests): reading the whole catalogue for it would be work for nothing.
        if (HttpMethods.IsHead(http.Request.Method)) return Results.Empty;
        await RecordExport.WriteAsync(reads.DataSource, http.Response.Body, Roles.IsStaff(http.User) ? filter : filter with { Status = RecordStatus.Published }, http.RequestAborted);
        return Results.Empty;
    }
}

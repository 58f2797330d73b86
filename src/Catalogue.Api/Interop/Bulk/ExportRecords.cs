using Catalogue.Api.Hosting;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Api.Security;
using Npgsql;
using Wolverine.Http;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Every record, or those of a state, repository or fond, as JSON lines: one record a line, as <c>GET /api/records/{id}</c>
/// answers it (its <c>version</c> included), streamed a batch at a time in id order, so an export of the whole catalogue
/// holds one batch in memory, never the catalogue. Readers and the public get published records only.
/// </summary>
public static class ExportRecordsEndpoint
{
    public const string JsonLines = "application/x-ndjson";
    private const int Batch = 500;

    [WolverineGet("/api/exports/records")]
    public static async Task<IResult> Export(string? status, string? repository, string? fond, NpgsqlDataSource database, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var statuses = new[] { RecordStatus.Draft, RecordStatus.Published, RecordStatus.Withdrawn };
        if (status is not null && !statuses.Contains(status)) errors["status"] = [$"'{status}' is not a record state. The states are: {string.Join(", ", statuses)}."];
        else if (status is not null && status != RecordStatus.Published && !Roles.IsStaff(http.User)) errors["status"] = ["Readers and the public export published records only."];
        if (fond is not null && repository is null) errors["fond"] = ["A fond is named within its repository: send 'repository' too."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var only = status ?? (Roles.IsStaff(http.User) ? null : RecordStatus.Published);
        http.Response.ContentType = $"{JsonLines}; charset=utf-8";
        var ct = http.RequestAborted;
        var after = Guid.Empty;
        while (true)
        {
            await using var command = database.CreateCommand(
                $"SELECT id, convert_to(data::text, 'UTF8') FROM {CatalogueRecord.Table} r WHERE id > @after"
                + (only is null ? "" : " AND data ->> 'Status' = @status")
                + (repository is null ? "" : $" AND EXISTS (SELECT 1 FROM {CatalogueSchemaTables.Placements} p WHERE p.record_id = r.id AND p.repository = @repository"
                    + (fond is null ? "" : " AND p.fond = @fond") + ")")
                + " ORDER BY id LIMIT @batch");
            command.Parameters.AddWithValue("after", after);
            if (only is not null) command.Parameters.AddWithValue("status", only);
            if (repository is not null) command.Parameters.AddWithValue("repository", ProvenanceQueries.Code(repository));
            if (fond is not null) command.Parameters.AddWithValue("fond", fond);
            command.Parameters.AddWithValue("batch", Batch);

            var written = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    after = reader.GetGuid(0);
                    await http.Response.Body.WriteAsync(StoredJson.ToApiJson(reader.GetFieldValue<byte[]>(1)), ct);
                    await http.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                    written++;
                }
            }

            await http.Response.Body.FlushAsync(ct);
            if (written < Batch) return Results.Empty;
        }
    }
}

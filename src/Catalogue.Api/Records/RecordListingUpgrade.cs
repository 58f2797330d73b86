using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Records;

/// <summary>
/// Files again, once the service has started, the record list's lines an earlier version filed by their title as
/// written (code point by code point: "aardvark" after "Zzz"): their sort key becomes the title as the list now files
/// it (<see cref="RecordListing.FilingTitle"/>), without a rebuild and with the daemon going on meanwhile.
/// </summary>
/// <remarks>
/// Every line is read, a batch at a time in id order, and a line whose key is not its title's filing key is written
/// again with that key, in its column and in its document alike — only while its title is still the one the key was made
/// from, so a line the daemon rewrote meanwhile (already with the new key) is left as the daemon wrote it.
/// </remarks>
public sealed class RecordListingUpgrade(NpgsqlDataSource dataSource, ILogger<RecordListingUpgrade> logger) : TableUpgrade(dataSource, logger)
{
    public const int Batch = 500;

    protected override string Table => RecordListing.Table;

    /// <summary>The comment of a record list whose lines are filed as this version files them.</summary>
    public const string LinesAsFiled = "sort_title: filing title 3";

    public override string Comment => LinesAsFiled;

    protected override string Name => "Record list";

    private static readonly string Lines = $"SELECT id, data ->> 'Title', sort_title FROM {RecordListing.Table} WHERE id > @after ORDER BY id LIMIT {Batch}";

    private const string FileAgain =
        $$"""
         UPDATE {{RecordListing.Table}} l SET sort_title = k.key, data = jsonb_set(l.data, '{SortTitle}', to_jsonb(k.key))
         FROM unnest(@ids, @titles, @keys) AS k(id, title, key)
         WHERE l.id = k.id AND l.data ->> 'Title' = k.title
         """;

    protected override async Task<long> WalkAsync(CancellationToken ct)
    {
        long written = 0;
        var after = Guid.Empty;
        while (true)
        {
            var read = 0;
            var (ids, titles, keys) = (new List<Guid>(), new List<string>(), new List<string>());
            await using (var find = DataSource.CreateCommand(Lines))
            {
                find.Parameters.AddWithValue("after", after);
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    read++;
                    after = reader.GetGuid(0);
                    var title = reader.IsDBNull(1) ? "" : reader.GetString(1);
                    var key = RecordListing.FilingTitle(title);
                    if (key == reader.GetString(2)) continue;
                    ids.Add(after);
                    titles.Add(title);
                    keys.Add(key);
                }
            }

            if (ids.Count > 0)
            {
                await using var file = DataSource.CreateCommand(FileAgain);
                file.Parameters.AddWithValue("ids", ids.ToArray());
                file.Parameters.AddWithValue("titles", titles.ToArray());
                file.Parameters.AddWithValue("keys", keys.ToArray());
                written += await file.ExecuteNonQueryAsync(ct);
            }

            if (read < Batch) return written;
        }
    }

    protected override void Walked(ILogger log, long written) =>
        log.LogInformation("Record list: {Lines} lines an earlier version filed by their title as written were filed again", written);
}

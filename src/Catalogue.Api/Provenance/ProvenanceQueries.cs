using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Provenance;

/// <summary>
/// SQL over the placements table: counts per level of a repository's hierarchy, and the records of one file.
/// A repository is named by its authority code, or by any alias of it, or as written when it is not in the list.
/// </summary>
public sealed class ProvenanceQueries(CatalogueReads reads)
{
    private const string Table = CatalogueSchemaTables.Placements;

    public sealed record Level(string Name, long Records, long References);

    public Task<IReadOnlyList<Level>> FondsAsync(string repository, CancellationToken ct) =>
        LevelsAsync("fond", "repository = @repository", ct, ("repository", Code(repository)));

    public Task<IReadOnlyList<Level>> OpisiAsync(string repository, string fond, CancellationToken ct) =>
        LevelsAsync("opis", "repository = @repository and fond = @fond", ct, ("repository", Code(repository)), ("fond", fond));

    public Task<IReadOnlyList<Level>> FilesAsync(string repository, string fond, string opis, CancellationToken ct) =>
        LevelsAsync("file", "repository = @repository and fond = @fond and opis = @opis", ct, ("repository", Code(repository)), ("fond", fond), ("opis", opis));

    public static string Code(string repository) => PathPart(repository) is var named && Catalogue.Citations.RepositoryAuthorities.Resolve(named) is { } authority ? authority.Code : named;

    /// <summary>
    /// A repository, fond, opis or file as a path names it: trimmed, as references are recorded and search reads its
    /// filters, so a number pasted with a space ("0100 ") names the fond 0100 rather than one no record is in; and with
    /// its slashes, which a path carries as <c>%2F</c> and the server leaves encoded (every other escape it decodes):
    /// a delo "12/3" is linked as <c>files/12%2F3</c>, and was not found there.
    /// </summary>
    public static string PathPart(string name) => name.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Trim();

    /// <summary>
    /// Whether a repository, fond, opis or file so named can be reached down the browse tree and as a finding aid: a path
    /// reads "." and ".." as the level itself and the one above it (however encoded), and "%2F" as a slash (<see cref="PathPart"/>).
    /// </summary>
    public static bool CanBeNamedInAPath(string? name) =>
        name is null || (name.Trim() is not ("." or "..") && !name.Contains("%2F", StringComparison.OrdinalIgnoreCase));

    public static string CannotBeNamedInAPath(string field) =>
        $"'{field}' must not be '.' or '..' or hold '%2F': the path that browses it (GET /api/repositories/…) and its finding aid would read "
        + "them as the level itself, the one above it and a slash, and never reach it. Write it as the archive does.";

    private static readonly string[] PathColumns = ["repository", "fond", "opis", "file"];

    /// <summary>
    /// Of a path down the tree (repository, then fond, opis and file), how many leading levels have a reference
    /// catalogued under them: the level after those is the first that does not exist in the catalogue.
    /// </summary>
    public async Task<int> CataloguedDepthAsync(IReadOnlyList<string> path, CancellationToken ct)
    {
        var levels = path.Select((_, depth) =>
            $"exists(select 1 from {Table} where {string.Join(" and ", PathColumns.Take(depth + 1).Select((column, i) => $"{column} = @level{i}"))})");
        await using var command = reads.DataSource.CreateCommand($"select {string.Join(", ", levels)}");
        for (var i = 0; i < path.Count; i++) command.Parameters.AddWithValue($"level{i}", i == 0 ? Code(path[i]) : path[i]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var reached = 0;
        while (reached < path.Count && reader.GetBoolean(reached)) reached++;
        return reached;
    }

    /// <summary>Every placement in one file, in folio order (unnumbered folios last).</summary>
    public async Task<IReadOnlyList<ProvenancePlacement>> InFileAsync(string repository, string fond, string? opis, string file, CancellationToken ct)
    {
        await using var command = reads.DataSource.CreateCommand(
            $"select data from {Table} where repository = @repository and fond = @fond and opis is not distinct from @opis and file = @file");
        command.Parameters.AddWithValue("repository", Code(repository));
        command.Parameters.AddWithValue("fond", fond);
        command.Parameters.Add(new NpgsqlParameter("opis", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)opis ?? DBNull.Value });
        command.Parameters.AddWithValue("file", file);
        return FolioOrder(await ReadAsync(command, ct));
    }

    /// <summary>Every placement in one fond, in no particular order.</summary>
    public async Task<IReadOnlyList<ProvenancePlacement>> InFondAsync(string repository, string fond, CancellationToken ct)
    {
        await using var command = reads.DataSource.CreateCommand($"select data from {Table} where repository = @repository and fond = @fond");
        command.Parameters.AddWithValue("repository", Code(repository));
        command.Parameters.AddWithValue("fond", fond);
        return await ReadAsync(command, ct);
    }

    private static async Task<IReadOnlyList<ProvenancePlacement>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var placements = new List<ProvenancePlacement>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            placements.Add(System.Text.Json.JsonSerializer.Deserialize<ProvenancePlacement>(reader.GetString(0), JsonOptions)!);
        }

        return placements;
    }

    public static IReadOnlyList<ProvenancePlacement> FolioOrder(IEnumerable<ProvenancePlacement> placements) =>
        [.. placements.OrderBy(p => p.FirstFolio ?? int.MaxValue).ThenBy(p => p.LastFolio ?? int.MaxValue).ThenBy(p => p.Folios, StringComparer.Ordinal).ThenBy(p => p.RecordId)];

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new(System.Text.Json.JsonSerializerDefaults.Web);

    private async Task<IReadOnlyList<Level>> LevelsAsync(string column, string where, CancellationToken ct, params (string Name, string Value)[] parameters)
    {
        await using var command = reads.DataSource.CreateCommand(
            $"select {column}, count(distinct record_id), count(*) from {Table} where {where} and {column} is not null group by {column}");
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var levels = new List<Level>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            levels.Add(new Level(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return [.. levels.OrderBy(l => l.Name, NaturalOrder.Instance)];
    }
}

/// <summary>Orders archival identifiers as an archivist would: "2" before "10", "059a" after "59", "R-9401" by its number.</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static readonly NaturalOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var byNumber = Nullable.Compare(NumberIn(x), NumberIn(y));
        return byNumber != 0 ? byNumber : string.CompareOrdinal(x, y);
    }

    private static long? NumberIn(string? identifier)
    {
        var digits = new string((identifier ?? "").SkipWhile(c => !char.IsAsciiDigit(c)).TakeWhile(char.IsAsciiDigit).Take(18).ToArray());
        return digits.Length == 0 ? null : long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class CatalogueSchemaTables
{
    public const string Placements = Records.CatalogueSchema.Name + ".mt_doc_provenanceplacement";
}

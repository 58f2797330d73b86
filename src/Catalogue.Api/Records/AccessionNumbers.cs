using Npgsql;
using Weasel.Postgresql;

namespace Catalogue.Api.Records;

/// <summary>Hands out accession numbers such as "CAT-2026-000042" from a PostgreSQL sequence, so they never repeat.</summary>
public sealed class AccessionNumbers(NpgsqlDataSource dataSource)
{
    public const string Prefix = "CAT";
    public static readonly PostgresqlObjectName SequenceName = new(CatalogueSchema.Name, "accession_number_seq", SchemaUtils.IdentifierUsage.General);

    public async Task<string> NextAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select nextval('{SequenceName.QualifiedName}')");
        var next = (long)(await command.ExecuteScalarAsync(ct))!;
        return Format(now, next);
    }

    /// <summary>
    /// <paramref name="count"/> numbers drawn at once, in ascending order: records accessioned together in that order
    /// get numbers in that order.
    /// </summary>
    public async Task<IReadOnlyList<string>> NextAsync(DateTimeOffset now, int count, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"select nextval('{SequenceName.QualifiedName}') from generate_series(1, $1) order by 1");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var numbers = new List<string>(count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) numbers.Add(Format(now, reader.GetInt64(0)));
        return numbers;
    }

    private static string Format(DateTimeOffset now, long next) => $"{Prefix}-{now.Year:D4}-{next:D6}";
}

public static class CatalogueSchema
{
    public const string Name = "catalogue";
}

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
        return $"{Prefix}-{now.Year:D4}-{next:D6}";
    }
}

public static class CatalogueSchema
{
    public const string Name = "catalogue";
}

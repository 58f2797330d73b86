using System.Data.Common;
using Catalogue.Api.Records;
using Weasel.Core;
using Weasel.Postgresql;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Catalogue.Api.Search;

/// <summary>
/// How the search index's rows are stored: the text vector always out of the row, the head, the facet values and terms in it.
/// </summary>
/// <remarks>
/// A search reads the rows it finds — thousands for a broad one — for their head (to rank them) and facet values (to
/// count them), never for the vector, which the GIN index alone answers. PostgreSQL moves a value out of a row only when
/// the row passes 2 kB, so a record of a short text kept its vector in the row, and a broad search read 289 MB of index
/// rows instead of 158 MB (at 100,000 records; "stalin" answered in about 100 ms instead of 55–70).
/// </remarks>
public sealed class SearchIndexStorage : ISchemaObject
{
    /// <summary>Each column and its <c>pg_attribute.attstorage</c>: e(xternal), m(ain).</summary>
    private static readonly (string Column, string Storage, string Name)[] Columns =
    [
        ("vector", "e", "EXTERNAL"),
        ("head", "m", "MAIN"),
        (SearchIndex.FacetValues, "m", "MAIN"),
        (SearchIndex.FacetTerms, "m", "MAIN"),
    ];

    /// <summary>Rows past this many bytes have their largest values moved out first: the vector, once it is external.</summary>
    private const string ToastTarget = "toast_tuple_target=256";

    public DbObjectName Identifier { get; } = new PostgresqlObjectName(CatalogueSchema.Name, "record_search_index_storage", SchemaUtils.IdentifierUsage.General);

    public void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        writer.WriteLine($"ALTER TABLE {SearchIndex.Table} {string.Join(", ", Columns.Select(c => $"ALTER COLUMN {c.Column} SET STORAGE {c.Name}"))};");
        writer.WriteLine($"ALTER TABLE {SearchIndex.Table} SET ({ToastTarget});");
    }

    // The storage goes with the table.
    public void WriteDropStatement(Migrator rules, TextWriter writer)
    {
    }

    public void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        var table = builder.AddParameter(SearchIndex.Table).ParameterName;
        builder.Append($"""

            SELECT coalesce(string_agg(a.attname::text || '=' || a.attstorage::text, ',' ORDER BY a.attname), '')
                   || ';' || coalesce((SELECT array_to_string(c.reloptions, ',') FROM pg_class c WHERE c.oid = to_regclass(:{table})), '')
            FROM pg_attribute a
            WHERE a.attrelid = to_regclass(:{table}) AND NOT a.attisdropped;
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        var stored = await reader.ReadAsync(ct) && !await reader.IsDBNullAsync(0, ct) ? reader.GetString(0) : "";
        var (columns, options) = (stored.Split(';')[0].Split(','), stored.Contains(';') ? stored[(stored.IndexOf(';') + 1)..] : "");
        var same = Columns.All(c => columns.Contains($"{c.Column}={c.Storage}")) && options.Split(',').Contains(ToastTarget);
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }

    public IEnumerable<DbObjectName> AllNames() => [Identifier];
}

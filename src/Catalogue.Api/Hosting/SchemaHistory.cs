using Catalogue.Api.Audit;
using Catalogue.Api.Records;
using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Each model this catalogue's schema was brought to, and when: the schema's comment says only the last. A version
/// that finds the schema brought by another version after it had brought it itself knows an earlier version ran here
/// since (a rollback, or an old node started beside new ones): such a version brings the schema back to its own model,
/// dropping what it does not know (the OAI-PMH index's sets a record left, with their values), and makes the read
/// models its own way for what it catalogued meanwhile. None of that is put right by going on, so every read model this
/// version makes otherwise than an earlier one did (<see cref="ReadModelShape"/>) is rebuilt from the events.
/// </summary>
/// <remarks>
/// Versions before this one wrote no history: one of them run after this version is found by this version's row
/// under a comment that is not its model. A version's own history is written in the transaction that writes its
/// comment, so a start that stops between them leaves both as they were.
/// </remarks>
public static class SchemaHistory
{
    public const string Table = $"{CatalogueSchema.Name}.schema_history";

    public static void AddTo(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(CatalogueSchema.Name, "schema_history", SchemaUtils.IdentifierUsage.General));
        table.AddColumn("model", "text").NotNull();
        table.AddColumn("brought_at", "timestamp with time zone").NotNull().DefaultValueByExpression("now()");
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>When this version (<paramref name="model"/>) last brought the schema to its model, if it ever did.</summary>
    public static async Task<DateTimeOffset?> LastBroughtAsync(NpgsqlConnection connection, string model)
    {
        await using var read = new NpgsqlCommand($"SELECT max(brought_at) FROM {Table} WHERE model = @model", connection);
        read.Parameters.AddWithValue("model", model);
        return await read.ExecuteScalarAsync() is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>
    /// Notes that the schema is at <paramref name="model"/> (its comment and its history), and, when an earlier version
    /// ran since this one last did, takes the shape marks off the read models this version makes otherwise, so that
    /// <see cref="ReadModelShapeUpgrade"/> rebuilds them: one transaction.
    /// </summary>
    public static async Task NoteAsync(NpgsqlConnection connection, string model, IEnumerable<ReadModelShape> remake)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var table in remake.Select(s => s.Table).Distinct(StringComparer.Ordinal))
        {
            await using var unmark = new NpgsqlCommand($"COMMENT ON TABLE {table} IS NULL", connection, transaction);
            await unmark.ExecuteNonQueryAsync();
        }

        await using var note = new NpgsqlCommand(
            $"INSERT INTO {Table} (model) VALUES (@model); COMMENT ON SCHEMA {CatalogueSchema.Name} IS '{model.Replace("'", "''")}'", connection, transaction);
        note.Parameters.AddWithValue("model", model);
        await note.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}

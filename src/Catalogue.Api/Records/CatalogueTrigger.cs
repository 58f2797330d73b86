using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Triggers;
using DbCommandBuilder = Weasel.Core.DbCommandBuilder;

namespace Catalogue.Api.Records;

/// <summary>
/// A trigger that calls a function without arguments, compared with the database by what PostgreSQL stores — timing,
/// events, row or statement, function, enabled — rather than by the text of <c>pg_get_triggerdef</c>.
/// </summary>
/// <remarks>
/// Weasel compares its own CREATE TRIGGER text with pg_get_triggerdef's, which never agree here: PostgreSQL lists the
/// events as INSERT, DELETE, UPDATE while Weasel writes UPDATE OR DELETE, and it leaves the function's schema out
/// whenever that schema is on the search path (the embedded cluster's superuser is named after the schema). Every
/// start and every command-line verb then dropped and re-created the history guards.
/// </remarks>
public sealed class CatalogueTrigger : Trigger
{
    // pg_trigger.tgtype bits (PostgreSQL's catalog/pg_trigger.h).
    private const int Row = 1, Before = 2, Insert = 4, Delete = 8, Update = 16, Truncate = 32, InsteadOf = 64;

    private readonly PostgresqlObjectName _function;

    public CatalogueTrigger(string name, string table, PostgresqlObjectName function)
        : base(
            new PostgresqlObjectName(CatalogueSchema.Name, name, SchemaUtils.IdentifierUsage.General),
            new PostgresqlObjectName(CatalogueSchema.Name, table, SchemaUtils.IdentifierUsage.General),
            $"{function.QualifiedName}()")
    {
        _function = function;
    }

    /// <summary>The <see cref="TriggerBase.Condition"/> as PostgreSQL prints it back; required with a condition.</summary>
    public string? StoredCondition { get; init; }

    public override void ConfigureQueryCommand(DbCommandBuilder builder)
    {
        var name = builder.AddParameter(Identifier.Name).ParameterName;
        var table = builder.AddParameter(Target.Name).ParameterName;
        var schema = builder.AddParameter(Target.Schema).ParameterName;
        builder.Append($"""

            SELECT t.tgtype::int, t.tgenabled::text, fn.nspname::text, f.proname::text,
                   t.tgnargs = 0 AND cardinality(t.tgattr::int2[]) = 0,
                   substring(pg_get_triggerdef(t.oid) from ' WHEN \((.*)\) EXECUTE ')
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc f ON f.oid = t.tgfoid
            JOIN pg_namespace fn ON fn.oid = f.pronamespace
            WHERE NOT t.tgisinternal AND t.tgname = :{name} AND c.relname = :{table} AND n.nspname = :{schema};
            """);
    }

    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);

        var same = reader.GetInt32(0) == StoredType()
                   // A guard someone switched off is switched on again.
                   && reader.GetString(1) == "O"
                   && reader.GetString(2) == _function.Schema
                   && reader.GetString(3) == _function.Name
                   && reader.GetBoolean(4)
                   && (reader.IsDBNull(5) ? null : reader.GetString(5)) == (Condition is null ? null : StoredCondition ?? Condition);
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }

    private int StoredType() =>
        (ForEachRow ? Row : 0)
        | Timing switch { TriggerTiming.Before => Before, TriggerTiming.InsteadOf => InsteadOf, _ => 0 }
        | (Events.HasFlag(TriggerEvents.Insert) ? Insert : 0)
        | (Events.HasFlag(TriggerEvents.Delete) ? Delete : 0)
        | (Events.HasFlag(TriggerEvents.Update) ? Update : 0)
        | (Events.HasFlag(TriggerEvents.Truncate) ? Truncate : 0);
}

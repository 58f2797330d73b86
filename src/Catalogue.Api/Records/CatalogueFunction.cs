using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace Catalogue.Api.Records;

/// <summary>
/// A function of the catalogue's schema, changed in place by its own <c>CREATE OR REPLACE</c> when its text changes.
/// </summary>
/// <remarks>
/// Weasel changes a function by <c>DROP FUNCTION … CASCADE</c> and creating it again. The cascade drops every trigger that
/// calls the function, and the triggers, compared before the migration ran, are not created again: the first upgrade
/// that changed the search index's trigger function left the index no longer following its documents, and a changed
/// guard function would have left the events unguarded. Replacing in place keeps what depends on the function; a
/// change PostgreSQL cannot make in place (another return type) fails the migration rather than dropping anything.
/// </remarks>
public sealed class CatalogueFunction(PostgresqlObjectName identifier, string body) : Function(identifier, body)
{
    /// <summary>The function's <c>CREATE OR REPLACE</c> statement as the service writes it.</summary>
    public string Definition { get; } = body;

    protected override ISchemaObjectDelta CreateFunctionDelta(FunctionBase? actual) => new ReplacedInPlace(this, (Function?)actual);

    private sealed class ReplacedInPlace(Function expected, Function? actual) : FunctionDelta(expected, actual)
    {
        public override void WriteUpdate(Migrator rules, TextWriter writer)
        {
            if (Expected.IsRemoved) base.WriteUpdate(rules, writer);
            else Expected.WriteCreateStatement(rules, writer);
        }
    }
}

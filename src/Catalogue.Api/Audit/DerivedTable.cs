using Npgsql;

namespace Catalogue.Api.Audit;

/// <summary>
/// A table PostgreSQL keeps from a read model's documents (a trigger writes a row per document), which read-model
/// maintenance checks and repairs with the documents: a check lists the documents whose row differs from what the
/// document gives, a rebuild writes those rows again.
/// </summary>
public interface IDerivedTable
{
    /// <summary>The read model whose documents the table is kept from.</summary>
    Type ReadModel { get; }

    /// <summary>The table, as a difference names it.</summary>
    string Name { get; }

    /// <summary>The ids of the live documents whose row is missing or differs, and of rows without a document.</summary>
    Task<IReadOnlyList<string>> DifferingAsync(NpgsqlConnection connection, CancellationToken ct);

    /// <summary>Writes the rows of <paramref name="ids"/> again from their documents, and removes rows without one.</summary>
    /// <returns>How many rows were written or removed.</returns>
    Task<long> RepairAsync(NpgsqlConnection connection, IReadOnlyList<string> ids, CancellationToken ct);
}

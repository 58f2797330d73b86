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

    /// <summary>
    /// The ids of the live documents whose row is missing or differs, and of rows without a document, in order; of the
    /// ids in <paramref name="share"/> only, so that several connections can check a table side by side.
    /// </summary>
    Task<IReadOnlyList<string>> DifferingAsync(NpgsqlConnection connection, TableShare share, CancellationToken ct);

    /// <summary>Writes the rows of <paramref name="ids"/> again from their documents, and removes rows without one.</summary>
    /// <returns>How many rows were written or removed.</returns>
    Task<long> RepairAsync(NpgsqlConnection connection, IReadOnlyList<string> ids, CancellationToken ct);
}

/// <summary>
/// One of <see cref="Of"/> shares of a table's rows, by the last byte of their id (random in every id the catalogue
/// makes): a check computes each row again from its document, work that two connections halve on two cores.
/// </summary>
public sealed record TableShare(int Index, int Of)
{
    public static readonly TableShare Whole = new(0, 1);

    /// <summary>Whether the uuid <paramref name="id"/> is in this share, as SQL.</summary>
    public string Holds(string id) => Of == 1 ? "true" : $"get_byte(uuid_send({id}), 15) % {Of} = {Index}";

    /// <summary>The ids of <paramref name="table"/> that differ, its shares checked side by side on connections of their own, in order.</summary>
    public static async Task<IReadOnlyList<string>> DifferingAsync(IDerivedTable table, NpgsqlConnection connection, string connectionString, CancellationToken ct)
    {
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync(ct);
        var halves = await Task.WhenAll(table.DifferingAsync(connection, new TableShare(0, 2), ct), table.DifferingAsync(other, new TableShare(1, 2), ct));
        return [.. halves.SelectMany(ids => ids).Order(StringComparer.Ordinal)];
    }
}

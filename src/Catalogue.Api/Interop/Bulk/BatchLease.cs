using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// The right to import into one batch, or revert it: held for as long as the batch imports, whichever process or node
/// imports it. A second import of the same batch finds it taken and is refused; a batch whose lease nobody holds is not
/// running, whatever it last wrote.
/// </summary>
public static class BatchLease
{
    /// <summary>Null when another import or revert holds the batch.</summary>
    public static Task<AdvisoryLease?> TryTakeAsync(NpgsqlDataSource database, Guid batch, CancellationToken ct) =>
        AdvisoryLease.TryTakeAsync(database, KeyOf(batch), ct);

    /// <summary>Whether some import holds the batch now.</summary>
    public static Task<bool> IsHeldAsync(NpgsqlDataSource database, Guid batch, CancellationToken ct) =>
        AdvisoryLease.IsHeldAsync(database, KeyOf(batch), ct);

    /// <summary>The batches being imported or reverted now, as one look at the locks tells them.</summary>
    public static async Task<HeldBatches> HeldAsync(NpgsqlDataSource database, CancellationToken ct) =>
        new(await AdvisoryLease.HeldKeysAsync(database, ct));

    public sealed record HeldBatches(IReadOnlySet<long> Keys)
    {
        public bool Holds(Guid batch) => Keys.Contains(KeyOf(batch));
    }

    private static long KeyOf(Guid batch) => AdvisoryLease.KeyOf(batch.ToByteArray());
}

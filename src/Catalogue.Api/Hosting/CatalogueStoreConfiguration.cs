using Catalogue.Api.Records;
using JasperFx;
using Marten;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The catalogue's Marten store: the host's settings (where the events and documents live, the events' metadata,
/// the daemon's lock) and the model the capabilities give it (<see cref="CatalogueBuilder.Model"/>). A second store
/// over the same events — the scratch rebuild of the read models — is configured by the same calls, so the two cannot
/// drift.
/// </summary>
public sealed class CatalogueStoreConfiguration(
    string connectionString, IReadOnlyList<Action<StoreOptions>> model, IReadOnlyList<(Type Projection, Type ReadModel)> readModels)
{
    public string ConnectionString { get; } = connectionString;

    /// <summary>Each read model with the projection that folds the events into it, in the order the capabilities added them.</summary>
    public IReadOnlyList<(Type Projection, Type ReadModel)> ReadModels { get; } = readModels;

    /// <param name="documentSchema">Where the read models live; the events always stay in the catalogue schema.</param>
    public void Configure(StoreOptions opts, string documentSchema = CatalogueSchema.Name)
    {
        if (documentSchema != CatalogueSchema.Name) opts.Connection(ConnectionString);
        opts.DatabaseSchemaName = documentSchema;
        opts.Events.DatabaseSchemaName = CatalogueSchema.Name;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;
        // The daemon's leadership lock otherwise sends "SET LOCAL" outside a transaction, and PostgreSQL logs a warning
        // for each on every start. Held in a transaction, it is one the daemon's gap detection knows to ignore.
        opts.Events.UseAdvisoryLockTransaction = true;
        foreach (var configure in model) configure(opts);
    }
}

using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using JasperFx;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql;

namespace Catalogue.Api.Hosting;

/// <summary>
/// The Marten model of the catalogue: events, their metadata, the read models and their projections. Kept in one
/// place so that a second store (a scratch rebuild of the read models) is configured exactly like the live one.
/// </summary>
public sealed class CatalogueStoreConfiguration(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

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
        RecordEvents.Register(opts);
        opts.Projections.Add<CatalogueRecordProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<CatalogueRecord>().UniqueIndex(x => x.AccessionNumber);
        opts.Projections.Add(new ProvenancePlacementProjection(), ProjectionLifecycle.Inline);
        opts.Schema.For<ProvenancePlacement>()
            .Duplicate(x => x.RecordId)
            .Duplicate(x => x.Repository)
            .Duplicate(x => x.Fond)
            .Duplicate(x => x.Opis)
            .Duplicate(x => x.File);
        opts.Storage.ExtendedSchemaObjects.Add(new Sequence(AccessionNumbers.SequenceName));
        opts.AddIdempotency();
        opts.Schema.For<Security.ApiKey>().Index(x => x.Name);
    }
}

using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using Weasel.Postgresql;

namespace Catalogue.Api.Records;

public static class RecordsRegistration
{
    /// <summary>
    /// The record: its events under their stored names, its read models (the record and its full texts inline, the
    /// record list async), the sequence accession numbers are drawn from, and the one write path with its
    /// Idempotency-Key and its wait for the async read models.
    /// </summary>
    public static CatalogueBuilder AddRecords(this CatalogueBuilder catalogue) => catalogue
        .Model(RecordEvents.Register)
        .ReadModel<CatalogueRecordProjection, CatalogueRecord>(opts => opts.Schema.For<CatalogueRecord>().UniqueIndex(x => x.AccessionNumber))
        .ReadModel<RecordFullTextProjection, RecordFullText>()
        .AsyncReadModel<RecordListingProjection, RecordListing>()
        .Model(opts => opts.Storage.ExtendedSchemaObjects.Add(new Sequence(AccessionNumbers.SequenceName)))
        .Model(opts => opts.AddIdempotency())
        .Pipeline(app => app.Use(ReadYourWrites.HonourAsync))
        .Services(builder =>
        {
            builder.Services.AddIdempotency();
            builder.Services.AddScoped<RecordWriter>();
            builder.Services.AddSingleton<RecordEventNames>();
            builder.Services.AddSingleton<AccessionNumbers>();
        });
}

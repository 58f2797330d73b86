using Catalogue.Api.Hosting;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Records.Writing.Idempotency;
using Weasel.Postgresql;

namespace Catalogue.Api.Records;

public static class RecordsRegistration
{
    /// <summary>
    /// The record: its events under their stored names, its read models (the record, its full texts), the sequence
    /// accession numbers are drawn from, and the one write path with its Idempotency-Key.
    /// </summary>
    public static CatalogueBuilder AddRecords(this CatalogueBuilder catalogue) => catalogue
        .Model(RecordEvents.Register)
        .ReadModel<CatalogueRecordProjection, CatalogueRecord>(opts => opts.Schema.For<CatalogueRecord>().UniqueIndex(x => x.AccessionNumber))
        .ReadModel<RecordFullTextProjection, RecordFullText>()
        .Model(opts => opts.Storage.ExtendedSchemaObjects.Add(new Sequence(AccessionNumbers.SequenceName)))
        .Model(opts => opts.AddIdempotency())
        .Services(builder =>
        {
            builder.Services.AddIdempotency();
            builder.Services.AddScoped<RecordWriter>();
            builder.Services.AddSingleton<RecordEventNames>();
            builder.Services.AddSingleton<AccessionNumbers>();
        });
}

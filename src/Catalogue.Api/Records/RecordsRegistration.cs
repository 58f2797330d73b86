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
        // Unique on a column of its own, not on an expression over the document: an index that reads the document
        // makes every edit of a record a new index entry (no heap-only update), and a record edited over and over
        // then checked its number against thousands of dead entries (1.7 ms a write after 2,000 edits).
        .ReadModel<CatalogueRecordProjection, CatalogueRecord>(opts => opts.Schema.For<CatalogueRecord>()
            .Duplicate(x => x.AccessionNumber, configure: index => index.IsUnique = true))
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
            builder.Services.AddSingleton<RecordListingUpgrade>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<RecordListingUpgrade>());
        });
}

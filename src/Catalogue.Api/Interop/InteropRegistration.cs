using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Api.Interop.Oai;
using Catalogue.Api.Interop.OpenApi;
using Marten;
using Microsoft.Extensions.Options;

namespace Catalogue.Api.Interop;

public static class InteropRegistration
{
    /// <summary>
    /// The archive world's formats: EAD3 finding aids and Dublin Core, read from the record view and the provenance
    /// placements; and the OAI-PMH provider, with its async read model (whether each record was ever published, is
    /// now, and its sets) and the harvest index PostgreSQL keeps beside it (live store only, as the search index).
    /// Who keeps the catalogue comes from <see cref="InteropOptions"/>.
    /// </summary>
    public static CatalogueBuilder AddInterop(this CatalogueBuilder catalogue) => catalogue
        .AsyncReadModel<OaiEntryProjection, OaiEntry>()
        // Rebuilt once from the events when an earlier version made it: the sets records left before are found then, and
        // only their rows are stamped again (the other documents read as before), so harvesters fetch those alone.
        .ReadModelShape(new ReadModelShape(nameof(OaiEntry), OaiEntry.Table, OaiEntry.KeepsFormerSets, "kept no sets a record had left"))
        .Model(opts =>
        {
            opts.Schema.For<Bulk.ImportBatch>();
            opts.Schema.For<Bulk.ImportedLines>().Duplicate(x => x.BatchId);
        })
        .Services(builder =>
        {
            builder.Services.AddOptions<InteropOptions>().BindConfiguration(InteropOptions.Section)
                // Blank, as a deployment's environment gives a setting it leaves to its default, is unset.
                .PostConfigure(o => o.OaiRepositoryIdentifier = string.IsNullOrWhiteSpace(o.OaiRepositoryIdentifier) ? null : o.OaiRepositoryIdentifier)
                .Validate(o => o.OaiRecordsPerPage is >= 1 and <= 1000 && o.OaiIdentifiersPerPage is >= 1 and <= 5000, "Catalogue:Interop:OaiRecordsPerPage must be 1 to 1000, OaiIdentifiersPerPage 1 to 5000.")
                .Validate(o => o.FindingAidRecordsPerRead is >= 1 and <= 10_000, "Catalogue:Interop:FindingAidRecordsPerRead must be 1 to 10000.")
                .Validate(o => !string.IsNullOrWhiteSpace(o.AgencyName), "Catalogue:Interop:AgencyName must name the institution that keeps the catalogue (default Catalogue).")
                .Validate(o => InteropOptions.IsEmailAddress(o.AdminEmail),
                    "Catalogue:Interop:AdminEmail must be an email address (name@domain.tld), as OAI-PMH's Identify requires.")
                .Validate(o => o.OaiRepositoryIdentifier is null || InteropOptions.IsRepositoryIdentifier(o.OaiRepositoryIdentifier),
                    "Catalogue:Interop:OaiRepositoryIdentifier must be a domain name (archive.example.org), as OAI identifiers' repository part is.")
                .ValidateOnStart();
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<InteropOptions>>().Value);
            builder.Services.ConfigureMarten(opts => opts.AddHarvestIndex());
            builder.Services.AddSingleton<Audit.IDerivedTable, HarvestIndexTable>();
            builder.Services.AddSingleton<OaiProvider>();
            builder.Services.AddApiReference();
            builder.Services.AddSingleton<Bulk.BatchImporter>();
            builder.Services.AddSingleton<Bulk.BatchRevert>();
        })
        .Pipeline(app => app.MapApiReference())
        .Verb(new Verb("export", Bulk.ExportCommandLine.Usage, "write records as JSON lines into a file, or to standard output, as GET /api/exports/records gives them to staff", Bulk.ExportCommandLine.RunAsync)
        {
            Refuses = args => Bulk.ExportCommandLine.Options(args) is null ? $"usage: {Bulk.ExportCommandLine.Usage}" : null,
        })
        .Verb(new Verb("import-jsonl", Bulk.ImportCommandLine.JsonLinesUsage, "import records from a JSON-lines file, as POST /api/imports/jsonl does, with a progress bar; --batch resumes a batch", Bulk.ImportCommandLine.RunJsonLinesAsync)
        {
            Refuses = args => Bulk.ImportCommandLine.Read(args) is null ? $"usage: {Bulk.ImportCommandLine.JsonLinesUsage}" : null,
        })
        .Verb(new Verb("import-csv", Bulk.ImportCommandLine.CsvUsage, "import records from a CSV file (the columns in the README), as POST /api/imports/csv does, with a progress bar; --batch resumes a batch", Bulk.ImportCommandLine.RunCsvAsync)
        {
            Refuses = args => Bulk.ImportCommandLine.Read(args) is null ? $"usage: {Bulk.ImportCommandLine.CsvUsage}" : null,
        });
}

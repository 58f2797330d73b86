using Catalogue.Api.Hosting;

namespace Catalogue.Api.Imports;

public static class ImportsRegistration
{
    /// <summary>Archive pages turned into the commands an archivist would send: over HTTP, one page or a batch, and from files.</summary>
    public static CatalogueBuilder AddImports(this CatalogueBuilder catalogue) => catalogue
        .Services(builder =>
        {
            builder.Services.AddScoped<ArchivePageImporter>();
            builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section)
                .Validate(o => o.LinesPerTransaction is >= 1 and <= 10_000, "Catalogue:Imports:LinesPerTransaction must be 1 to 10,000.")
                .Validate(o => o.MaxBatchBytes >= 1024 && o.MaxBulkImportBytes >= 1024,
                    "Catalogue:Imports:MaxBatchBytes and MaxBulkImportBytes must each be at least 1024 bytes.")
                .Validate(o => o.MaxGzipExpansion >= 10, "Catalogue:Imports:MaxGzipExpansion must be at least 10: catalogue lines sent gzip decode to 5 to 20 times their size.")
                .ValidateOnStart();
        })
        .Verb(new Verb(
            "import", "import FILE...", "import archive pages, each read and refused as POST /api/imports would; exit 1 if any was refused",
            ImportCommandLine.ImportAsync));
}

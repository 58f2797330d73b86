using Catalogue.Api.Hosting;

namespace Catalogue.Api.Imports;

public static class ImportsRegistration
{
    /// <summary>Archive pages turned into the commands an archivist would send: over HTTP, one page or a batch, and from files.</summary>
    public static CatalogueBuilder AddImports(this CatalogueBuilder catalogue) => catalogue
        .Services(builder =>
        {
            builder.Services.AddScoped<ArchivePageImporter>();
            builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        })
        .Verb(new Verb(
            "import", "import FILE...", "import archive pages, each read and refused as POST /api/imports would; exit 1 if any was refused",
            ImportCommandLine.ImportAsync));
}

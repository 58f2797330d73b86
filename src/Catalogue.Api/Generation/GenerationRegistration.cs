using Catalogue.Api.Hosting;

namespace Catalogue.Api.Generation;

public static class GenerationRegistration
{
    /// <summary>A catalogue to measure with: realistic records from a seed, written as archivists' commands would write them.</summary>
    public static CatalogueBuilder AddGeneration(this CatalogueBuilder catalogue) => catalogue
        .Services(builder => builder.Services.AddSingleton<CatalogueGenerator>())
        .Verb(new Verb(
            "generate", "generate --records N [--seed S] [--writers W]",
            "fill the catalogue with N realistic records built from the corpus's shapes, through the archivists' own commands and write path; the same seed makes the same records",
            GenerateCommandLine.RunAsync)
        {
            Refuses = GenerateCommandLine.Refuses,
        });
}

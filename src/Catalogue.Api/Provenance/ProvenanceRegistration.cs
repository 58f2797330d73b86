using Catalogue.Api.Hosting;

namespace Catalogue.Api.Provenance;

public static class ProvenanceRegistration
{
    /// <summary>
    /// Where each record's provenance places it (the browse tree and same-file links: an async read model, as it is read
    /// for browsing, never by a command's decision), its queries, and the re-parse.
    /// </summary>
    public static CatalogueBuilder AddProvenance(this CatalogueBuilder catalogue) => catalogue
        .AsyncReadModel<ProvenancePlacementProjection, ProvenancePlacement>(opts => opts.Schema.For<ProvenancePlacement>()
            .Duplicate(x => x.RecordId)
            .Duplicate(x => x.Repository)
            .Duplicate(x => x.Fond)
            .Duplicate(x => x.Opis)
            .Duplicate(x => x.File))
        .Services(builder =>
        {
            builder.Services.AddSingleton<ProvenanceQueries>();
            builder.Services.AddSingleton<ProvenanceReparser>();
        })
        .Verb(new Verb("reparse", "reparse", "re-read every stored citation with the current citation parser and print what changed", ReparseCommandLine.RunAsync)
        {
            // A stray argument is a mistake to point out, not a Critter Stack verb to fall through to.
            Refuses = args => args is [] ? null : "usage: reparse   (it takes no arguments)",
        });
}

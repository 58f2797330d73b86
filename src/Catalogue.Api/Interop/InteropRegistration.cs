using Catalogue.Api.Hosting;

namespace Catalogue.Api.Interop;

public static class InteropRegistration
{
    /// <summary>
    /// The archive world's formats: EAD3 finding aids and Dublin Core, read from the record view and the provenance
    /// placements; who keeps the catalogue comes from <see cref="InteropOptions"/>.
    /// </summary>
    public static CatalogueBuilder AddInterop(this CatalogueBuilder catalogue) => catalogue
        .Services(builder => builder.Services.AddOptions<InteropOptions>().BindConfiguration(InteropOptions.Section));
}

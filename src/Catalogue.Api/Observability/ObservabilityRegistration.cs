using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Observability;

public static class ObservabilityRegistration
{
    /// <summary>
    /// What operators see: a console people read with the request's correlation id on every line, OpenTelemetry's
    /// traces and metrics, the store's failures in the catalogue's terms, and the liveness and readiness probes
    /// (endpoints Wolverine finds).
    /// </summary>
    public static CatalogueBuilder AddObservability(this CatalogueBuilder catalogue) => catalogue
        .Services(builder =>
        {
            builder.AddCatalogueObservability(catalogue.RunsTheService);
            builder.Services.ConfigureMarten((services, opts) => opts.Logger(new StoreLog(services.GetRequiredService<ILogger<IDocumentStore>>())));
        });
}

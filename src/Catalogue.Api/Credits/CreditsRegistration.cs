using Catalogue.Api.Hosting;

namespace Catalogue.Api.Credits;

public static class CreditsRegistration
{
    /// <summary>
    /// Translation credits and funding notes. They are commands on the record: Wolverine finds their endpoints and
    /// FluentValidation their validators, their events are the record's, folded into its read model with the others,
    /// so they add nothing of their own to the host.
    /// </summary>
    public static CatalogueBuilder AddCredits(this CatalogueBuilder catalogue) => catalogue;
}

using Catalogue.Api.Hosting;

namespace Catalogue.Api.History;

public static class HistoryRegistration
{
    /// <summary>
    /// A record's history, its filters and its exports (JSON lines, PREMIS). It reads the record's own events with
    /// the record's services, and Wolverine finds its endpoints, so it adds nothing of its own to the host.
    /// </summary>
    public static CatalogueBuilder AddHistory(this CatalogueBuilder catalogue) => catalogue;
}

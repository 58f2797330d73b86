using Catalogue.Api.Hosting;

namespace Catalogue.Api.History;

public static class HistoryRegistration
{
    /// <summary>
    /// A record's history, its filters and its exports (JSON lines, PREMIS), and the reader of a record's events that
    /// the history, blame, diffs and past versions share; Wolverine finds its endpoints.
    /// </summary>
    public static CatalogueBuilder AddHistory(this CatalogueBuilder catalogue) =>
        catalogue.Services(builder => builder.Services.AddSingleton<RecordEventReader>());
}

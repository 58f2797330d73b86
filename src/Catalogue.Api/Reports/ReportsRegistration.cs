using Catalogue.Api.Hosting;

namespace Catalogue.Api.Reports;

public static class ReportsRegistration
{
    /// <summary>
    /// Reports: records per translator, funder (with its notes as written), repository → fond → opis, year and language,
    /// as JSON or CSV. Their counts are an async read model kept by difference as records change
    /// (<see cref="ReportTallyProjection"/>), so a report reads its lines, never the records.
    /// </summary>
    public static CatalogueBuilder AddReports(this CatalogueBuilder catalogue) => catalogue
        .AsyncReadModel<ReportTallyProjection, ReportTally>(
            opts =>
            {
                opts.Schema.For<ReportTally>();
                opts.Schema.For<RecordReportFacts>();
            },
            alsoWrites: [typeof(RecordReportFacts)])
        .BeforeTheDaemon(services => services.AddHostedService<ReportCountsUpgrade>());
}

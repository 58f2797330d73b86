using Catalogue.Api.Audit;
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
        // An earlier version counted a translator's or funder's spellings apart, and a record that wrote one name in two
        // spellings ("Gary Goldberg", "GARY GOLDBERG") toward both: kept by difference, those counts would stay one too
        // many under the name the record does not write first.
        // And one after it folded names otherwise (Authorities.AccessPointKeys.FoldedOtherwise), so a record that wrote
        // "𠮷 Taro" and "𡈽 Taro" counted once, under the first, and one that wrote "Strauß" and "STRAUSS" twice.
        .ReadModelShape(new(nameof(ReportTally), ReportTally.Table, NamesCountedOnce, "counted a name's spellings apart, or " + Authorities.AccessPointKeys.FoldedOtherwise,
            Authorities.AccessPointKeys.FoldedOtherwiseBefore(NamesCountedBefore, "data")));

    /// <summary>The comment of a reports' table whose counts are made as this version makes them.</summary>
    public const string NamesCountedOnce = NamesCountedBefore + ", " + Authorities.AccessPointKeys.FoldedByCharacter;

    private const string NamesCountedBefore = "report counts: the spellings of a name counted as one name, each record once";
}

using Catalogue.Api.Records;
using Marten.Schema;

namespace Catalogue.Api.Reports;

/// <summary>
/// How many records count toward one line of one report (<see cref="ReportKey"/>), by their state: the rows a report
/// reads, kept by <see cref="ReportTallyProjection"/> as records change, so that answering a report reads its lines and
/// never the records. Readers and the public are told only <see cref="Published"/>; staff the three. A line no record
/// counts toward any more has no tally (a rebuild would make none).
/// </summary>
public sealed record ReportTally
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_reporttally";

    public string Id { get; init; } = "";
    public string Report { get; init; } = "";
    public IReadOnlyList<string> Path { get; init; } = [];
    public long Draft { get; init; }
    public long Published { get; init; }
    public long Withdrawn { get; init; }

    /// <summary>Records in any state: what staff are told.</summary>
    public long AllRecords() => Draft + Published + Withdrawn;

    public static ReportTally Empty(ReportKey key) => new() { Id = key.Id, Report = key.Report, Path = key.Path };

    /// <summary>The tally with <paramref name="records"/> more (or fewer, when negative) records in <paramref name="status"/>.</summary>
    public ReportTally Add(string status, long records) => status switch
    {
        RecordStatus.Published => this with { Published = Published + records },
        RecordStatus.Withdrawn => this with { Withdrawn = Withdrawn + records },
        _ => this with { Draft = Draft + records },
    };

    /// <summary>Called by Marten when it maps the document: a report is read by its name, off an index.</summary>
    public static void ConfigureMarten(DocumentMapping<ReportTally> mapping)
    {
        mapping.DuplicateField(nameof(Report), notNull: true);
        mapping.Indexes.Add(new DocumentIndex(mapping, "report") { Name = "mt_doc_reporttally_idx_report" });
    }
}

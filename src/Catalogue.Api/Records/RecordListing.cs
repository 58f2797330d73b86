using System.Text;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten.Events.Aggregation;
using Marten.Schema;

namespace Catalogue.Api.Records;

/// <summary>The date a record is cited by (the date described, else the date written), with the years it can fall in.</summary>
public sealed record ListedDate(string Role, string AsWritten, string Edtf, int? FromYear, int? ToYear);

/// <summary>A provenance reference as the list needs it: its number and its repository.</summary>
public sealed record ListedReference(int Number, string? Repository);

/// <summary>
/// One record as the record list shows it: narrow, with the keys the list is sorted by in columns of their own and
/// indexed (<see cref="ConfigureMarten"/>), so a page is read off an index however large the catalogue grows. An async
/// read model: the record list may lag a command by a moment (a client that must see its own change waits for it, see
/// <c>Prefer: wait-for-projections</c>).
/// </summary>
public sealed record RecordListing
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_recordlisting";

    /// <summary>How much of a title the list sorts by; titles that agree so far are in id order.</summary>
    public const int SortTitleLength = 200;

    public Guid Id { get; init; }
    public string AccessionNumber { get; init; } = "";
    public string Title { get; init; } = "";
    public string? DocumentType { get; init; }
    public string Status { get; init; } = RecordStatus.Draft;
    public long Version { get; init; }
    public DateTimeOffset AccessionedAt { get; init; }
    public ListedDate? Date { get; init; }

    /// <summary>The repository of the record's first provenance reference that names one.</summary>
    public string? Repository { get; init; }

    /// <summary>
    /// The title as the list files it (<see cref="FilingTitle"/>): its start, short enough for any index entry (a title
    /// may hold a thousand characters of any script, more bytes than PostgreSQL's index entries hold).
    /// </summary>
    public string SortTitle { get; init; } = "";

    // What the fold needs to keep Date and Repository right when a date or a reference changes; the list does not show them.
    public IReadOnlyList<DocumentDate> Dates { get; init; } = [];
    public IReadOnlyList<ListedReference> References { get; init; } = [];

    public static RecordListing Of(CatalogueRecord record)
    {
        var cited = RecordCitation.CitedDate(record);
        var (from, to) = cited is null ? (null, null) : EdtfDate.YearRange(cited.Edtf);
        return new RecordListing
        {
            Id = record.Id,
            AccessionNumber = record.AccessionNumber,
            Title = record.Title,
            DocumentType = record.DocumentType,
            Status = record.Status,
            Version = record.Version,
            // Its column is PostgreSQL's timestamptz, which Npgsql writes from UTC only: a record accessioned with another
            // offset (imported so before accession times were kept in UTC) would stop every async read model.
            AccessionedAt = record.AccessionedAt.ToUniversalTime(),
            Date = cited is null ? null : new ListedDate(cited.Role, cited.AsWritten, cited.Edtf, from, to),
            Repository = record.Provenance.Select(p => p.Repository).FirstOrDefault(r => r is not null),
            SortTitle = FilingTitle(record.Title),
            Dates = record.Dates,
            References = [.. record.Provenance.Select(p => new ListedReference(p.Number, p.Repository))],
        };
    }

    /// <summary>The record as far as the list needs it: what the one fold (<see cref="RecordEvolution"/>) goes on from.</summary>
    public CatalogueRecord AsRecord() => new()
    {
        Id = Id,
        Version = Version,
        AccessionNumber = AccessionNumber,
        AccessionedAt = AccessionedAt,
        Title = Title,
        DocumentType = DocumentType,
        Status = Status,
        Dates = Dates,
        Provenance = [.. References.Select(r => new ProvenanceEntry { Number = r.Number, Repository = r.Repository })],
    };

    /// <summary>Called by Marten when it maps the document: the sort keys as columns, and an index for each order the list offers.</summary>
    public static void ConfigureMarten(DocumentMapping<RecordListing> mapping)
    {
        mapping.DuplicateField(nameof(Status), notNull: true);
        foreach (var order in RecordListOrder.All)
        {
            mapping.DuplicateField(order.Member, notNull: true);
            mapping.Indexes.Add(new DocumentIndex(mapping, order.Column, "id") { Name = $"mt_doc_recordlisting_idx_{order.Column}_id" });
            // Readers see published records only: their pages come off an index of those alone, however many drafts there are.
            mapping.Indexes.Add(new DocumentIndex(mapping, order.Column, "id")
            {
                Name = $"mt_doc_recordlisting_idx_published_{order.Column}_id",
                Predicate = $"status = '{RecordStatus.Published}'",
            });
        }
    }

    /// <summary>
    /// How the list files a title, as card catalogues did: letter case, diacritics and punctuation set aside ("aardvark"
    /// among the A's, not after "Zzz"; "Éclair" among the E's; a title opening with a quotation mark under its first
    /// word), by the fold the authorities match names by. The database compares the keys code point by code point (its
    /// locale is C.UTF-8), which, once case and accents are gone, is the alphabet's order within each script.
    /// </summary>
    public static string FilingTitle(string title) => Prefix(Authorities.AccessPointKeys.Fold(title), SortTitleLength);

    private static string Prefix(string text, int characters)
    {
        var prefix = new StringBuilder();
        foreach (var rune in text.EnumerateRunes().Take(characters)) prefix.Append(rune.ToString());
        return prefix.ToString();
    }
}

/// <summary>An order the record list can be read in, by a column of <see cref="RecordListing"/> and then by id.</summary>
/// <param name="Descending">Newest first for the accession time; A to Z otherwise.</param>
public sealed record RecordListOrder(string Name, string Member, string Column, bool Descending)
{
    public static readonly RecordListOrder Newest = new("newest", nameof(RecordListing.AccessionedAt), "accessioned_at", Descending: true);
    public static readonly RecordListOrder Title = new("title", nameof(RecordListing.SortTitle), "sort_title", Descending: false);
    public static readonly RecordListOrder Accession = new("accession", nameof(RecordListing.AccessionNumber), "accession_number", Descending: false);

    public static readonly IReadOnlyList<RecordListOrder> All = [Newest, Title, Accession];
}

/// <summary>
/// Keeps one <see cref="RecordListing"/> per record, run by the async daemon. It folds through the one fold: the listing
/// is turned back into the record as far as the list needs it, the event applied by <see cref="RecordEvolution"/>, and
/// the result listed again, so the list cannot disagree with the record.
/// </summary>
public sealed partial class RecordListingProjection : SingleStreamProjection<RecordListing, Guid>
{
    /// <summary>
    /// Keeps the async read models' composite (<see cref="Hosting.ReadModel.AsyncComposite"/>) off Marten's single-pass replay,
    /// which one member opting out turns off for all. The daemon takes that replay when the composite starts from nothing
    /// while events exist (a new catalogue written to in its first second), and reads up to the events' sequence as
    /// reserved, not as committed: an append still in flight then commits below the composite's progress and is never
    /// folded into any async read model. JasperFx.Events 2.102 bounds the replay by the high-water mark only under
    /// per-tenant partitioned events (<c>SubscriptionAgent</c>, start command). Continuous processing reads to the
    /// high-water mark, which waits for such appends.
    /// </summary>
    public override bool CanParticipateInCompositeReplay => false;

    public override (RecordListing?, ActionType) DetermineAction(RecordListing? snapshot, Guid id, IReadOnlyList<IEvent> events) =>
        RecordDerived.Fold(snapshot, events, listing => listing.AsRecord(), RecordListing.Of);
}

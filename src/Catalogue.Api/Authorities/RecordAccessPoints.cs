using Catalogue.Api.Records;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten.Events.Aggregation;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace Catalogue.Api.Authorities;

/// <summary>What a translation credit gives the authorities: its number (to fold corrections and withdrawals) and its translators.</summary>
public sealed record CreditedPeople(int Number, IReadOnlyList<string> People);

/// <summary>
/// One record's access points as the authorities count them: the names of its people in each role, its places and its
/// subjects, each also as folded keys in array columns of their own (GIN-indexed), and its state. An authority's
/// record count is the number of these whose keys meet the authority's keys, counted when asked: the count is then
/// right whatever a record's later event replaces or withdraws, and equal to a rebuild by construction. An async read
/// model, folded through <see cref="RecordEvolution"/> like the record list.
/// </summary>
public sealed record RecordAccessPoints
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_recordaccesspoints";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string AccessionNumber { get; init; } = "";
    public string Title { get; init; } = "";
    public string Status { get; init; } = RecordStatus.Draft;

    // What the fold needs to go on from (RecordEvolution replaces or numbers these); the keys below are derived from them.
    public IReadOnlyList<Person> Creators { get; init; } = [];
    public IReadOnlyList<Person> Participants { get; init; } = [];
    public IReadOnlyList<CreditedPeople> Translations { get; init; } = [];
    public IReadOnlyList<CreditedPeople> Acquisitions { get; init; } = [];
    public IReadOnlyList<string> Places { get; init; } = [];
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>The folded key of every person named on the record, in any role.</summary>
    public string[] PersonKeys { get; init; } = [];

    /// <summary>Each person's key under each role they have on the record: <c>creator:zhou enlai</c>.</summary>
    public string[] RoleKeys { get; init; } = [];

    public string[] PlaceKeys { get; init; } = [];
    public string[] SubjectKeys { get; init; } = [];

    public static RecordAccessPoints Of(CatalogueRecord record)
    {
        var roles = PersonRoles.Of(record).Where(r => r.Key.Length > 0).ToList();
        return new RecordAccessPoints
        {
            Id = record.Id,
            Version = record.Version,
            AccessionNumber = record.AccessionNumber,
            Title = record.Title,
            Status = record.Status,
            Creators = record.Creators,
            Participants = record.Participants,
            Translations = [.. record.Translations.Select(t => new CreditedPeople(t.Number, t.Translators))],
            Acquisitions = [.. record.AcquisitionCredits.Select(a => new CreditedPeople(a.Number, a.People))],
            Places = record.Places,
            Subjects = record.Subjects,
            PersonKeys = [.. roles.Select(r => r.Key).Distinct().Order(StringComparer.Ordinal)],
            RoleKeys = [.. roles.Select(r => $"{r.Role}:{r.Key}").Distinct().Order(StringComparer.Ordinal)],
            PlaceKeys = Keys(record.Places),
            SubjectKeys = Keys(record.Subjects),
        };
    }

    /// <summary>The record as far as the authorities need it: what the one fold goes on from.</summary>
    public CatalogueRecord AsRecord() => new()
    {
        Id = Id,
        Version = Version,
        AccessionNumber = AccessionNumber,
        Title = Title,
        Status = Status,
        Creators = Creators,
        Participants = Participants,
        Translations = [.. Translations.Select(t => new TranslationEntry(t.Number, "", t.People, ""))],
        AcquisitionCredits = [.. Acquisitions.Select(a => new AcquisitionEntry(a.Number, "", a.People, ""))],
        Places = Places,
        Subjects = Subjects,
    };

    private static string[] Keys(IEnumerable<string> names) =>
        [.. names.Select(AccessPointKeys.Fold).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Called by Marten when it maps the document: the key arrays as columns, each with a GIN index for <c>&amp;&amp;</c> and <c>@&gt;</c>.</summary>
    public static void ConfigureMarten(DocumentMapping<RecordAccessPoints> mapping)
    {
        mapping.DuplicateField(nameof(Status), notNull: true);
        foreach (var member in new[] { nameof(PersonKeys), nameof(RoleKeys), nameof(PlaceKeys), nameof(SubjectKeys) })
        {
            var field = mapping.DuplicateField(member, pgType: "text[]");
            mapping.Indexes.Add(new DocumentIndex(mapping, field.ColumnName) { Method = IndexMethod.gin, Name = $"mt_doc_recordaccesspoints_idx_{field.ColumnName}" });
        }
    }
}

/// <summary>The roles a person has on a record, as the people authority names them.</summary>
public static class PersonRoles
{
    public const string Creator = "creator";
    public const string Participant = "participant";
    public const string Translator = "translator";
    /// <summary>Who obtained, contributed, donated or provided the copy.</summary>
    public const string Acquisition = "acquisition";

    public static readonly IReadOnlyList<string> All = [Creator, Participant, Translator, Acquisition];

    public static IReadOnlyList<(string Role, string Key)> Of(CatalogueRecord record) =>
    [
        .. record.Creators.Select(p => (Creator, AccessPointKeys.Fold(p.Name))),
        .. record.Participants.Select(p => (Participant, AccessPointKeys.Fold(p.Name))),
        .. record.Translations.SelectMany(t => t.Translators).Select(n => (Translator, AccessPointKeys.Fold(n))),
        .. record.AcquisitionCredits.SelectMany(a => a.People).Select(n => (Acquisition, AccessPointKeys.Fold(n))),
    ];
}

/// <summary>Keeps one <see cref="RecordAccessPoints"/> per record, run by the async daemon, through the one fold.</summary>
public sealed partial class RecordAccessPointsProjection : SingleStreamProjection<RecordAccessPoints, Guid>
{
    public override (RecordAccessPoints?, ActionType) DetermineAction(RecordAccessPoints? snapshot, Guid id, IReadOnlyList<IEvent> events) =>
        RecordDerived.Fold(snapshot, events, points => points.AsRecord(), RecordAccessPoints.Of);
}

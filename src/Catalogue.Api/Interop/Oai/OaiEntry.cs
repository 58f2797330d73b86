using System.Text;
using Catalogue.Api.Records;
using Catalogue.Api.Validation;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten.Events.Aggregation;

namespace Catalogue.Api.Interop.Oai;

/// <summary>A provenance reference as harvesting needs it: the sets it puts the record in.</summary>
public sealed record HarvestedReference(int Number, string? Repository, string? Fond);

/// <summary>
/// One record as OAI-PMH harvesters see it: whether it was ever published (a record that never was does not exist for
/// them), whether it is published now (else its header says deleted, for good: <c>deletedRecord=persistent</c>), and
/// the sets its provenance puts it in. Its version changes with every event of the record, so every change of the
/// record is a change of this document, and of its row in <see cref="HarvestIndex"/>, whose datestamp it moves.
/// </summary>
public sealed record OaiEntry
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_oaientry";

    /// <summary>Its shape, as its table's comment names it (see <see cref="Audit.ReadModelShape"/>).</summary>
    public const string KeepsFormerSets = "keeps the sets a record left since it was published";

    public Guid Id { get; init; }
    public long Version { get; init; }
    public string Status { get; init; } = RecordStatus.Draft;
    public bool EverPublished { get; init; }
    public IReadOnlyList<HarvestedReference> References { get; init; } = [];

    /// <summary>The record's sets: each repository, and each repository's fond (<c>AVPRF</c>, <c>AVPRF:0100</c>).</summary>
    public IReadOnlyList<string> Sets { get; init; } = [];

    /// <summary>
    /// The sets the record has left since it was first published (its fond corrected, a reference withdrawn), where a
    /// harvester of the set may hold it: that set's harvests answer it as deleted. Null when there are none, and then not
    /// written, so the documents of records that never left a set read as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? FormerSets { get; init; }

    public static OaiEntry Of(CatalogueRecord record, bool everPublished, IReadOnlyCollection<string>? formerSets = null)
    {
        var references = ReferencesOf(record);
        return new OaiEntry
        {
            Id = record.Id,
            Version = record.Version,
            Status = record.Status,
            EverPublished = EverPublishedWith(record, everPublished),
            References = references,
            Sets = SetsOf(references),
            FormerSets = formerSets is { Count: > 0 } ? [.. formerSets.Order(StringComparer.Ordinal)] : null,
        };
    }

    private static List<HarvestedReference> ReferencesOf(CatalogueRecord record) =>
        [.. record.Provenance.Select(p => new HarvestedReference(p.Number, p.Repository, p.Fond))];

    private static IReadOnlyList<string> SetsOf(IEnumerable<HarvestedReference> references) =>
        [.. references.Where(r => r.Repository is not null)
            .SelectMany(r => r.Fond is null ? [SetSpec.Of(r.Repository!)] : new[] { SetSpec.Of(r.Repository!), SetSpec.Of(r.Repository!, r.Fond) })
            .Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The record's sets as it stands: each repository and each of its fonds its provenance names.</summary>
    public static IReadOnlyList<string> SetsOf(CatalogueRecord record) => SetsOf(ReferencesOf(record));

    /// <summary>Whether the record, as it stands now, has ever been published.</summary>
    public static bool EverPublishedWith(CatalogueRecord record, bool everPublishedBefore) => everPublishedBefore || record.Status == RecordStatus.Published;

    /// <summary>The record as far as harvesting needs it: what the one fold (<see cref="RecordEvolution"/>) goes on from.</summary>
    public CatalogueRecord AsRecord() => new()
    {
        Id = Id,
        Version = Version,
        Status = Status,
        Provenance = [.. References.Select(r => new ProvenanceEntry { Number = r.Number, Repository = r.Repository, Fond = r.Fond })],
    };
}

/// <summary>
/// OAI-PMH set specs of repositories and fonds. A set spec allows letters, digits and <c>-_.!~*'()</c> only, so any
/// other character of a code or fond (the space of "PRC FMA", a slash) is written as <c>~</c> and its UTF-8 bytes in hex,
/// and <c>~</c> itself as <c>~7E</c>: two different codes never share a spec.
/// </summary>
public static class SetSpec
{
    public static string Of(string repository) => Escape(repository);

    public static string Of(string repository, string fond) => $"{Escape(repository)}:{Escape(fond)}";

    /// <summary>The repository and the fond (null for a repository's own set) a spec written by <see cref="Of(string, string)"/> names.</summary>
    public static (string Repository, string? Fond) Read(string spec)
    {
        var parts = spec.Split(':');
        return (Unescape(parts[0]), parts.Length > 1 ? Unescape(parts[1]) : null);
    }

    /// <summary>
    /// The longest spec a record's sets can have, so every set <c>ListSets</c> names can be asked for (found from outside:
    /// a Cyrillic archive's name and fond, whose every letter is written in six, made a spec of 1,388 characters that a
    /// bound of 400 refused): a repository and a fond read from a citation of at most 2,000 characters, whose every
    /// character may take four bytes of UTF-8, each written in three (<c>~D0</c>).
    /// </summary>
    public const int MostCharacters = 2 * (CatalogueRules.ShortText * 4) * 4 * 3 + 1;

    public static bool IsWellFormed(string spec) => Refusal(spec) is null;

    /// <summary>Why <paramref name="spec"/> cannot be a set spec of this repository; null when it can.</summary>
    public static string? Refusal(string spec) =>
        spec.Length > MostCharacters ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is longer than any set spec of this repository (at most {MostCharacters:N0} characters)")
        : spec.Length > 0 && spec.Split(':').All(part => part.Length > 0 && part.All(c => c == '~' || Allowed(c))) ? null
        : "is not a set spec: letters, digits and -_.!~*'() in parts joined by ':'";

    private static bool Allowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '!' or '*' or '\'' or '(' or ')';

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && Allowed((char)rune.Value))
            {
                escaped.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length]) escaped.Append('~').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return escaped.ToString();
    }

    private static string Unescape(string escaped)
    {
        if (!escaped.Contains('~', StringComparison.Ordinal)) return escaped;
        var bytes = new List<byte>(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '~' && i + 2 < escaped.Length)
            {
                bytes.Add(Convert.ToByte(escaped.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)escaped[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}

/// <summary>Keeps one <see cref="OaiEntry"/> per record, run by the async daemon, through the one fold.</summary>
public sealed partial class OaiEntryProjection : SingleStreamProjection<OaiEntry, Guid>
{
    public override (OaiEntry?, ActionType) DetermineAction(OaiEntry? snapshot, Guid id, IReadOnlyList<IEvent> events)
    {
        var record = snapshot?.AsRecord();
        var everPublished = snapshot?.EverPublished ?? false;
        var formerSets = new HashSet<string>(snapshot?.FormerSets ?? [], StringComparer.Ordinal);
        foreach (var e in events)
        {
            var setsBefore = record is null ? [] : OaiEntry.SetsOf(record);
            record = RecordEvolution.Apply(record, e.Data, e.Version);
            if (record is null)
            {
                // A record the events ended starts afresh, as its document would: never published, in no set.
                everPublished = false;
                formerSets.Clear();
                continue;
            }

            // Event by event, so that a rebuild, which folds many events at once, keeps the sets left between them too.
            var sets = OaiEntry.SetsOf(record);
            if (everPublished) formerSets.UnionWith(setsBefore.Except(sets, StringComparer.Ordinal));
            formerSets.ExceptWith(sets);
            everPublished = OaiEntry.EverPublishedWith(record, everPublished);
        }

        return RecordDerived.Outcome(snapshot, record is null ? null : OaiEntry.Of(record, everPublished, formerSets));
    }
}

using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace Catalogue.Api.Records;

/// <summary>
/// What identifies a full text without copying it: its length in characters (Unicode code points) and in UTF-8
/// bytes, and the SHA-256 of those bytes in lowercase hex — exactly the bytes its reference serves.
/// </summary>
public sealed record FullTextDigest(int Characters, int Bytes, string Sha256)
{
    // A replay meets the same text at every version after it was attached; it is hashed once.
    private static readonly ConditionalWeakTable<string, FullTextDigest> Digests = new();

    public static FullTextDigest Of(string text) => Digests.GetValue(text, Compute);

    public static byte[] BytesOf(string text) => Encoding.UTF8.GetBytes(text);

    private static FullTextDigest Compute(string text)
    {
        var bytes = BytesOf(text);
        return new FullTextDigest(text.EnumerateRunes().Count(), bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }
}

/// <summary>
/// A text the record holds, as the record lists it: its digest and where to read it. The text itself is a document of
/// its own (<see cref="RecordFullText"/>), so reading or deciding against a record never carries megabytes of text.
/// </summary>
/// <param name="Href">Where the text is read now (<c>/api/records/{id}/full-texts/{language}/{kind}</c>).</param>
/// <param name="Version">The record version whose event attached the text: its history serves it there for good.</param>
public sealed record FullTextEntry(string Language, string Kind, int Characters, int Bytes, string Sha256, string Href, long Version)
{
    public static string HrefFor(Guid recordId, string language, string kind) => $"/api/records/{recordId}/full-texts/{language}/{kind}";

    public static FullTextEntry Attached(Guid recordId, FullTextAttached attached, long version)
    {
        var digest = FullTextDigest.Of(attached.Text);
        var language = LanguageCodes.Canonical(attached.Language);
        return new FullTextEntry(language, attached.Kind, digest.Characters, digest.Bytes, digest.Sha256, HrefFor(recordId, language, attached.Kind), version);
    }

    public bool Holds(string text) => FullTextDigest.Of(text).Sha256 == Sha256;

    /// <summary>Whether this is the text in that language, named by any of its codes, and of that kind.</summary>
    public bool Is(string language, string kind) => LanguageCodes.Canonical(Language) == LanguageCodes.Canonical(language) && Kind == kind;
}

/// <summary>One full text of one record, in one language and kind: what its <see cref="FullTextEntry.Href"/> serves.</summary>
public sealed record RecordFullText
{
    public const string Table = CatalogueSchema.Name + ".mt_doc_recordfulltext";

    public string Id { get; init; } = "";
    public Guid RecordId { get; init; }
    public string Language { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Text { get; init; } = "";

    /// <inheritdoc cref="FullTextEntry.Version"/>
    public long Version { get; init; }

    public static string IdFor(Guid recordId, string language, string kind) => $"{recordId:N}:{language}:{kind}";

    /// <summary>
    /// The ids a text in the language could be kept under: the code the catalogue records the language by, first, then
    /// its other codes, under which a text attached before codes were made one per language was kept until the read
    /// models are rebuilt.
    /// </summary>
    public static string[] IdsFor(Guid recordId, string language, string kind) =>
        [.. LanguageCodes.CodesOf(language).Select(code => IdFor(recordId, code, kind))];
}

/// <summary>
/// Keeps one <see cref="RecordFullText"/> per text a record holds, in the same transaction as the append, so a text is
/// readable the moment the command that attached it answers.
/// </summary>
public sealed partial class RecordFullTextProjection : EventProjection
{
    public RecordFullTextProjection()
    {
        // A rebuild then loads only these events, not every event of every record.
        IncludeType<FullTextAttached>();
        IncludeType<FullTextRemoved>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case FullTextAttached attached:
                var language = LanguageCodes.Canonical(attached.Language);
                operations.Store(new RecordFullText
                {
                    Id = RecordFullText.IdFor(e.StreamId, language, attached.Kind),
                    RecordId = e.StreamId,
                    Language = language,
                    Kind = attached.Kind,
                    Text = attached.Text,
                    Version = e.Version,
                });
                break;
            case FullTextRemoved removed:
                // Under whichever code it was kept: a removed text must not be readable under an older one.
                foreach (var id in RecordFullText.IdsFor(e.StreamId, removed.Language, removed.Kind)) operations.Delete<RecordFullText>(id);
                break;
        }

        return ValueTask.CompletedTask;
    }
}

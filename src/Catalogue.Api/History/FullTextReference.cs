using Catalogue.Api.Records;

namespace Catalogue.Api.History;

/// <summary>
/// A full text as history, diff and blame give it: named by its digest, with where to read it. Texts run to millions
/// of characters; a history that copied every version of every text would weigh megabytes.
/// </summary>
public sealed record FullTextReference(int Characters, int Bytes, string Sha256, string Href)
{
    /// <summary>The text a record's event attached, as <see cref="RecordHistoryEndpoints.FullText"/> serves it.</summary>
    public static string HrefFor(Guid recordId, long version) => $"/api/records/{recordId}/history/{version}/full-text";

    public static FullTextReference To(Guid recordId, long version, string text)
    {
        var digest = FullTextDigest.Of(text);
        return new FullTextReference(digest.Characters, digest.Bytes, digest.Sha256, HrefFor(recordId, version));
    }
}

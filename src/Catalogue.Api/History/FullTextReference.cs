using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Catalogue.Api.History;

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

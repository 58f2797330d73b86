using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Records.Writing;

/// <summary>
/// A record's ETag is its version in quotes, <c>"N"</c>. Reads the version a command was made against (the body's
/// <c>version</c>, else the If-Match ETag) and answers If-None-Match.
/// </summary>
public static class ExpectedVersion
{
    public const string IfMatchRefusal =
        "If-Match must be one strong ETag of the record, its version in quotes such as \"3\": a weak ETag (W/\"3\") never "
        + "matches for If-Match (RFC 9110 §13.1.1), and * names no version.";

    public static string ETagFor(long version) => $"\"{version}\"";

    /// <returns>
    /// False when If-Match is sent but is not exactly one of our ETags (even beside a version in the body: a
    /// precondition the server cannot read must not be ignored); else the version the command names, or null.
    /// </returns>
    public static bool TryRead(IRecordCommand command, HttpRequest request, out long? version)
    {
        version = command.Version;
        var ifMatch = request.Headers.IfMatch;
        if (StringValues.IsNullOrEmpty(ifMatch)) return true;
        if (ifMatch.Count != 1 || !TryParseStrong(ifMatch[0], out var named)) return false;

        version ??= named;
        return true;
    }

    /// <summary>Exactly <c>"N"</c> as we write it: N from 1 up, no sign, leading zero or space inside the quotes.</summary>
    public static bool TryParseStrong(string? etag, out long version)
    {
        version = 0;
        var value = etag.AsSpan().Trim();
        if (value.Length < 3 || value[0] != '"' || value[^1] != '"' || value[1] == '0') return false;
        return long.TryParse(value[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    /// <summary>
    /// True when If-None-Match names the record's current version, compared weakly as RFC 9110 §13.1.2 says
    /// (<c>W/"N"</c> matches <c>"N"</c>), or is <c>*</c>: the client's copy is current and 304 answers it.
    /// </summary>
    public static bool IsCurrent(StringValues ifNoneMatch, long version) => IsCurrent(ifNoneMatch, ETagFor(version));

    /// <summary>The same for any representation whose ETag is <paramref name="etag"/> (a full text's, its SHA-256 in quotes).</summary>
    public static bool IsCurrent(StringValues ifNoneMatch, string etag)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch) || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)) return false;
        var current = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}

using System.Globalization;

namespace Catalogue.Api.Records.Writing;

/// <summary>Reads the version a command was made against: the body's <c>version</c>, else the If-Match ETag.</summary>
public static class ExpectedVersion
{
    public static string ETagFor(long version) => $"\"{version}\"";

    /// <returns>The version, or null when the request names none; false when If-Match is not one of our ETags.</returns>
    public static bool TryRead(IRecordCommand command, HttpRequest request, out long? version)
    {
        version = command.Version;
        if (version is not null) return true;

        var ifMatch = request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length == 0) return true;

        if (ifMatch.StartsWith("W/", StringComparison.Ordinal)) ifMatch = ifMatch[2..];
        ifMatch = ifMatch.Trim('"');
        if (long.TryParse(ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            version = parsed;
            return true;
        }

        return false;
    }
}

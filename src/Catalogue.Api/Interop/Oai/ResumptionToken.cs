using System.Text;
using System.Text.Json;

namespace Catalogue.Api.Interop.Oai;

/// <summary>
/// Where a list stopped, with everything needed to go on: the request (format, set, from) and the harvest's end
/// (<see cref="Until"/>, fixed by the list's first page), the last row given (by datestamp and id, so the next page
/// starts after it however many records were added meanwhile), how many were given, and how many the list held.
/// The server keeps nothing: the state travels in the token.
/// </summary>
public sealed record ResumptionToken(
    string Verb, string MetadataPrefix, string? Set, DateTimeOffset? From, DateTimeOffset Until,
    DateTimeOffset AfterDatestamp, Guid AfterId, int Cursor, int CompleteListSize)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The longest token this service writes: its state in JSON, the longest set spec most of it, in base64.</summary>
    public const int MostCharacters = (SetSpec.MostCharacters + 1_000) * 4 / 3;

    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The token, or null for anything that is not a token this service gave for <paramref name="verb"/>.</summary>
    public static ResumptionToken? Decode(string text, string verb)
    {
        if (text.Length is 0 or > MostCharacters) return null;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var token = JsonSerializer.Deserialize<ResumptionToken>(Convert.FromBase64String(base64), Json);
            return token is not null && token.Verb == verb && token.MetadataPrefix is not null && OaiFormats.Find(token.MetadataPrefix) is not null
                   && token.Cursor > 0 && token.CompleteListSize >= token.Cursor && (token.Set is null || SetSpec.IsWellFormed(token.Set))
                   // Its times are the ones this service wrote, in UTC (found from outside: one edited to +03:00 failed with a 500).
                   && token.From is null or { Offset.Ticks: 0 } && token.Until.Offset == TimeSpan.Zero && token.AfterDatestamp.Offset == TimeSpan.Zero
                   && (token.From is null || token.From <= token.Until)
                ? token
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

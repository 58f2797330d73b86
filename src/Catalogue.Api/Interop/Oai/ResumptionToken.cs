using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Catalogue.Api.Interop.Oai;

/// <summary>
/// Where a list stopped, with everything needed to go on: the request (format, set, from) and the harvest's end
/// (<see cref="Until"/>, fixed by the list's first page), the last row given (by datestamp and id, so the next page
/// starts after it however many records were added meanwhile), how many were given, and how many the list held.
/// The server keeps nothing: the state travels in the token, sealed (HMAC-SHA-256, cut to 128 bits, with a secret the
/// nodes derive from the checkpoint signing key they share) so that a token edited — another set under the first's
/// count, a harvest's end moved — is refused rather than answered as if this repository had given it (found from outside).
/// </summary>
public sealed record ResumptionToken(
    string Verb, string MetadataPrefix, string? Set, DateTimeOffset? From, DateTimeOffset Until,
    DateTimeOffset AfterDatestamp, Guid AfterId, int Cursor, int CompleteListSize)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const int SealBytes = 16;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    /// <summary>The longest token this service writes: its state in JSON, the longest set spec most of it, in base64, and its seal.</summary>
    public const int MostCharacters = (SetSpec.MostCharacters + 1_000) * 4 / 3 + 1 + (SealBytes * 4 + 2) / 3;

    public const string SecretPurpose = "catalogue OAI-PMH resumption tokens v1";

    public string Encode(byte[] secret)
    {
        var state = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, Json)));
        return state + "." + Base64Url.EncodeToString(SealOf(state, secret));
    }

    private static byte[] SealOf(string state, byte[] secret) => HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(state))[..SealBytes];

    /// <summary>The token, or null for anything that is not a token this service gave for <paramref name="verb"/>.</summary>
    public static ResumptionToken? Decode(string text, string verb, byte[] secret)
    {
        if (text.Length is 0 or > MostCharacters) return null;
        try
        {
            var dot = text.LastIndexOf('.');
            if (dot < 0) return null;
            var state = text[..dot];
            // Compared as written, so a token is one string: the seal's bytes with padding added are the same bytes.
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(text[(dot + 1)..]), Encoding.ASCII.GetBytes(Base64Url.EncodeToString(SealOf(state, secret))))) return null;
            if (state.AsSpan().ContainsAnyExcept(Base64UrlAlphabet)) return null;
            var token = JsonSerializer.Deserialize<ResumptionToken>(Base64Url.DecodeFromChars(state), Json);
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

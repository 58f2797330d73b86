using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Catalogue.Api.Security;

/// <summary>
/// RFC 7519 §4 lets a token whose payload names a claim twice be refused or read by its last member; IdentityModel
/// reads the last, so <c>"roles":["reader"],"roles":["admin"]</c> acted as an admin, and the other order as a reader.
/// No provider writes such a token: one that holds it was written by hand, and is refused rather than guessed at.
/// </summary>
public static class ClaimsGivenTwice
{
    public static string? ProblemWith(SecurityToken? token)
    {
        if (token is not JsonWebToken { EncodedPayload.Length: > 0 } jwt) return null;
        var reader = new Utf8JsonReader(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        var named = new HashSet<string>(StringComparer.Ordinal);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var claim = reader.GetString()!;
            if (!named.Add(claim))
                return $"The token gives its '{Validation.Echoed.Shortened(claim, most: 50)}' claim twice, and which of the two is meant cannot be told.";
            reader.Read();
            reader.Skip();
        }

        return null;
    }
}

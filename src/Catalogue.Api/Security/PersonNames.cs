using System.Globalization;
using System.Security.Claims;
using System.Text;
using Catalogue.Api.Records.Writing;
using Catalogue.Api.Validation;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Catalogue.Api.Security;

/// <summary>
/// Whether a signed-in person's name, as the provider's token gives it, can be the actor on their events. Keys act as
/// <c>key:NAME</c>, the command line as <c>cli:USER</c>, the unauthenticated as <c>anonymous</c>; the audit trail is
/// read by people, so a person whose name <em>looks</em> like one of those — by a provider's mistake or on purpose —
/// would be taken for them: written in another case, in full-width letters, with a Cyrillic «е» for the Latin "e", a
/// zero-width space inside, a space before it, or a bidirectional override that turns how it is shown around.
/// </summary>
public static class PersonNames
{
    /// <summary>The longest name a person may act under, as an API key's name is bounded too.</summary>
    public const int MostCharacters = 200;

    public static string? ProblemWith(ClaimsPrincipal? person, string nameClaim)
    {
        var names = person?.FindAll(nameClaim).ToList() ?? [];
        if (names.Count > 1)
            return $"The token's '{nameClaim}' claim gives {names.Count} names, and every change must name one person.";
        if (names.SingleOrDefault() is { ValueType: JsonClaimValueTypes.Json or JsonClaimValueTypes.JsonArray or JsonClaimValueTypes.JsonNull })
            return $"The token's '{nameClaim}' claim is not a name but a JSON value, and every change must name who made it.";
        return ProblemWith(names.SingleOrDefault()?.Value, nameClaim);
    }

    public static string? ProblemWith(string? name, string nameClaim)
    {
        if (string.IsNullOrWhiteSpace(name)) return $"The token's '{nameClaim}' claim names no one, and every change must name who made it.";
        // Written into every event the person makes (found from outside: a name of 10,000 characters was taken).
        if (CatalogueRules.IsLongerThan(name, MostCharacters))
            return $"The token's '{nameClaim}' claim is longer than a name in the audit trail may be ({MostCharacters} characters at most).";
        if (CatalogueRules.HiddenCharacterIn(name, layout: false) is { } hidden) return $"The token's '{nameClaim}' claim holds {hidden}.";
        if (name.Trim().Length != name.Length)
            return $"The token's '{nameClaim}' claim '{name}' begins or ends with a space, which the audit trail would not show.";
        if (UnseenIn(name) is { } unseen) return $"The token's '{nameClaim}' claim holds {unseen}.";
        if (AsRead(name) is var read && (read.StartsWith(KeyActor, StringComparison.Ordinal) || read.StartsWith(CommandLineActor, StringComparison.Ordinal) || read == AnonymousActor))
            return $"The token's '{nameClaim}' claim '{name}' is written like the actor of an API key, the command line or an anonymous caller, and would be taken for one in the audit trail.";
        return null;
    }

    /// <summary>
    /// An invisible formatting character a name has no need of. Names in Persian, Arabic or Hebrew may hold the
    /// zero-width joiner and non-joiner and the direction marks; the embeddings, overrides and isolates change how the
    /// text around them is shown, and the zero-width space, word joiner and the like show nothing at all.
    /// </summary>
    private static string? UnseenIn(string name)
    {
        foreach (var c in name)
        {
            if (c is '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u061C') continue;
            if (CatalogueRules.IsBidiControl(c))
                return $"U+{(int)c:X4} (a bidirectional control that changes how the name is shown)";
            if (char.GetUnicodeCategory(c) == UnicodeCategory.Format) return $"U+{(int)c:X4} (an invisible formatting character)";
        }

        return null;
    }

    /// <summary>
    /// The name as a reader of the audit trail sees it, for the comparison with the reserved forms only: compatibility
    /// forms folded (full-width "ｋｅｙ" is "key"), accents and other marks set on a letter dropped ("keẏ"), spaces and
    /// invisible characters dropped ("key :admin"), the Cyrillic and Greek letters and small capitals that look like
    /// the Latin letters of "key", "cli" and "anonymous" read as those, and colon-like signs as a colon.
    /// </summary>
    private static string AsRead(string name)
    {
        var read = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark) continue;
            var latin = LooksLike.TryGetValue(char.ToLowerInvariant(c), out var like) ? like : char.ToLowerInvariant(c);
            // Letters and digits that stand for one another in many fonts are read as one (found from outside: "cIi:root"
            // with a capital I, "anonym0us" with a zero): the reserved forms are compared read the same way.
            read.Append(latin switch { 'i' or '1' or '|' or 'ǀ' => 'l', '0' => 'o', _ => latin });
        }

        return read.ToString();
    }

    private static readonly Dictionary<char, char> LooksLike = new()
    {
        // Cyrillic
        ['а'] = 'a', ['е'] = 'e', ['к'] = 'k', ['о'] = 'o', ['у'] = 'y', ['с'] = 'c', ['і'] = 'i', ['ѕ'] = 's', ['ӏ'] = 'l', ['п'] = 'n', ['м'] = 'm',
        // Greek
        ['α'] = 'a', ['ε'] = 'e', ['κ'] = 'k', ['ο'] = 'o', ['υ'] = 'u', ['γ'] = 'y', ['ι'] = 'i', ['ν'] = 'v', ['μ'] = 'm', ['η'] = 'n',
        // Small capitals (IPA and phonetic extensions), which compatibility folding leaves as they are
        ['ᴀ'] = 'a', ['ᴄ'] = 'c', ['ᴇ'] = 'e', ['ɪ'] = 'i', ['ᴋ'] = 'k', ['ʟ'] = 'l', ['ᴍ'] = 'm', ['ɴ'] = 'n', ['ᴏ'] = 'o', ['ꜱ'] = 's', ['ᴜ'] = 'u', ['ʏ'] = 'y',
        // Other Latin letters shaped like those: a turned k, a kra, a dotless i, a Latin alpha, a Greek lunate sigma
        ['ʞ'] = 'k', ['ĸ'] = 'k', ['ı'] = 'i', ['ɑ'] = 'a', ['ϲ'] = 'c', ['ү'] = 'y',
        // Signs read as a colon
        ['∶'] = ':', ['꞉'] = ':', ['˸'] = ':', ['ː'] = ':', ['։'] = ':', ['׃'] = ':', ['܃'] = ':', ['܄'] = ':', ['᛬'] = ':', ['፡'] = ':', ['⁚'] = ':',
        ['ꓽ'] = ':', ['᠄'] = ':', ['༔'] = ':', ['꛴'] = ':',
    };

    // After the table they are read with: static fields are set in the order written.
    private static readonly string KeyActor = AsRead("key:"), CommandLineActor = AsRead("cli:"), AnonymousActor = AsRead(ChangeContext.AnonymousActor);
}

/// <summary>
/// A valid token refused for what its claims say (the name it gives, <see cref="PersonNames"/>; a claim given twice,
/// <see cref="ClaimsGivenTwice"/>); the reason is told to the client.
/// </summary>
public sealed class TokenClaimsRefused(string reason) : Exception(reason);

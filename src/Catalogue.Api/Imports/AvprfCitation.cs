using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

/// <summary>
/// Reads the Russian archival citation shape — repository, then fond / opis / delo / poryadok / papka / folios —
/// as in "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85" or "RGASPI, F. 558, Op. 11, D. 342, L. 92".
/// Other shapes (Romanian, US, book citations) are left to the full citation parser.
/// </summary>
public static partial class AvprfCitation
{
    private const int TimeoutMilliseconds = 250;

    private enum Locator
    {
        Fond,
        Opis,
        Delo,
        Poryadok,
        Papka,
        Folios,
    }

    /// <summary>
    /// Reads <paramref name="citation"/> into an <see cref="ArchivalReference"/> whose <see cref="ArchivalReference.Citation"/>
    /// is the input exactly as given. Locators stay text ("0100", "059a", "R-9401"); folios are tidied to
    /// "81-85" / "92-93ob". When a second archive follows ("…, l. 141; and RGASPI, f. 558, …") only the first is read.
    /// Returns false when neither a fond nor a folio can be found.
    /// </summary>
    public static bool TryParse(string citation, [MaybeNullWhen(false)] out ArchivalReference reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(citation) || citation.Length > 2000)
        {
            return false;
        }

        try
        {
            return TryRead(citation, out reference);
        }
        catch (RegexMatchTimeoutException)
        {
            reference = null;
            return false;
        }
    }

    private static bool TryRead(string citation, [MaybeNullWhen(false)] out ArchivalReference reference)
    {
        reference = null;
        var repository = new List<string>();
        var found = new Dictionary<Locator, string>();
        var folios = new List<string>();
        Locator? previous = null;

        foreach (var rawSegment in citation.Split([',', ';']))
        {
            var segment = rawSegment.Trim();
            if (segment.Length == 0)
            {
                continue;
            }

            // A folio list goes on past a comma: "ll. 12, 14-15".
            if (previous == Locator.Folios && FolioValue().Match(segment) is { Success: true } more && IsWhole(segment, more))
            {
                folios.Add(Folio(more));
                continue;
            }

            var keyed = KeyedSegment().Match(segment);
            var locator = keyed.Success ? LocatorFor(keyed.Groups["key"].Value, found) : null;
            if (locator is null)
            {
                if (found.Count == 0 && folios.Count == 0)
                {
                    repository.Add(segment);
                    continue;
                }

                // Anything else after the locators ends the reference ("and RGASPI", "Translated by …").
                break;
            }

            var value = keyed.Groups["value"].Value;
            if (found.ContainsKey(locator.Value) || (locator == Locator.Folios && folios.Count > 0))
            {
                // The same locator twice means a second archive is being cited.
                break;
            }

            bool complete;
            if (locator == Locator.Folios)
            {
                var folio = FolioValue().Match(value);
                if (!folio.Success)
                {
                    break;
                }

                folios.Add(Folio(folio));
                complete = IsWhole(value, folio);
            }
            else
            {
                var identifier = IdentifierValue().Match(value);
                if (!identifier.Success)
                {
                    break;
                }

                found[locator.Value] = identifier.Groups["id"].Value;
                complete = IsWhole(value, identifier);
            }

            previous = locator;
            if (!complete)
            {
                // Text runs on after the value ("ll. 81-85. Translated by …"): the archive part has ended.
                break;
            }
        }

        if (!found.ContainsKey(Locator.Fond) && folios.Count == 0)
        {
            return false;
        }

        var repositoryText = string.Join(", ", repository).Trim();
        reference = new ArchivalReference(
            Repository: repositoryText.Length == 0 ? null : repositoryText,
            Fond: found.GetValueOrDefault(Locator.Fond),
            Opis: found.GetValueOrDefault(Locator.Opis),
            Delo: found.GetValueOrDefault(Locator.Delo),
            Poryadok: found.GetValueOrDefault(Locator.Poryadok),
            Papka: found.GetValueOrDefault(Locator.Papka),
            Folios: folios.Count == 0 ? null : string.Join(", ", folios),
            Citation: citation);
        return true;
    }

    private static Locator? LocatorFor(string key, IReadOnlyDictionary<Locator, string> found) =>
        key.TrimEnd('\'', '’').ToLowerInvariant() switch
        {
            "f" or "fond" or "ф" or "фонд" => Locator.Fond,
            "op" or "opis" or "оп" or "опись" => Locator.Opis,
            "d" or "delo" or "д" or "дело" => Locator.Delo,
            "por" or "poryadok" or "пор" => Locator.Poryadok,
            "pap" or "papka" or "пап" or "папка" => Locator.Papka,
            // "p." is papka in AVPRF citations but page elsewhere; trust it only inside a fond.
            "p" or "п" when found.ContainsKey(Locator.Fond) => Locator.Papka,
            "l" or "ll" or "list" or "listy" or "л" or "лл" => Locator.Folios,
            _ => null,
        };

    private static string Folio(Match match)
    {
        var folio = match.Groups["first"].Value + (match.Groups["firstVerso"].Success ? "ob" : string.Empty);
        if (match.Groups["last"].Success)
        {
            folio += "-" + match.Groups["last"].Value + (match.Groups["lastVerso"].Success ? "ob" : string.Empty);
        }

        return folio;
    }

    private static bool IsWhole(string text, Match match) =>
        text[(match.Index + match.Length)..].Trim().TrimEnd('.').Length == 0;

    [GeneratedRegex(@"^(?<key>\p{L}+['’]?)(?:\.\s*|\s+|(?=\d))(?<value>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex KeyedSegment();

    [GeneratedRegex(@"^(?<id>[\p{L}\p{N}]+(?:[-/][\p{L}\p{N}]+)*)", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex IdentifierValue();

    // A folio may carry a letter suffix ("12a") but "12ob" is folio 12 verso, hence the look-ahead.
    [GeneratedRegex(
        @"^(?<first>\d+(?:\p{Ll}(?!\p{L}))?)(?:\s*(?<firstVerso>[oO][bB]|[оО][бБ])\.?)?(?:\s*[-–—]\s*(?<last>\d+(?:\p{Ll}(?!\p{L}))?)(?:\s*(?<lastVerso>[oO][bB]|[оО][бБ])\.?)?)?",
        RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex FolioValue();
}

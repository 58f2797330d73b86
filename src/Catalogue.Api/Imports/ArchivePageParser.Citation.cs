using System.Text.RegularExpressions;

namespace Catalogue.Api.Imports;

// The Citation section: the page's address, the archive part, and the credit sentences (translators, funders).
public static partial class ArchivePageParser
{
    /// <summary>
    /// The page's own address, the last URL of the citation that names a document, and the document id it ends in —
    /// null when the address does not have the archive's shape: the id becomes the record's external id and its
    /// identity, so "..", "-5" or "abc'--" taken from a doctored address must never be stored.
    /// </summary>
    private static (string? Url, string? DocumentId) DocumentUrl(string citation)
    {
        var urls = Urls().Matches(citation).Select(match => match.Value.TrimEnd('.', ',', ';', ')', ']')).ToList();
        var url = urls.LastOrDefault(candidate => candidate.Contains("/document/", StringComparison.Ordinal));
        if (url is null)
        {
            return (null, null);
        }

        var page = DocumentPage().Match(url);
        return (url, page.Success ? page.Groups["id"].Value : null);
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Urls();

    // The archive's document pages: digits (117886) or, for documents the site names by a slug, lower-case words joined by hyphens.
    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/document/(?<id>[0-9]+|[a-z0-9]+(?:-[a-z0-9]+)*)/?$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DocumentPage();

    /// <summary>The citation paragraph taken apart: the title and date it repeats, the archive part, the credit sentences.</summary>
    private sealed record CitationParts(string? Date, string? ArchivePart, IReadOnlyList<string> Credits)
    {
        public static CitationParts Of(string citation, string? url)
        {
            var text = Tidy(url is null ? citation : citation.Replace(url, " "));
            string? date = null;
            var afterSite = text;

            var quoted = QuotedTitle().Match(text);
            if (quoted.Success)
            {
                var rest = quoted.Groups["rest"].Value;
                var site = DateAndSite().Match(rest);
                if (site.Success)
                {
                    date = site.Groups["date"].Value.Trim().TrimEnd(',').Trim();
                    afterSite = site.Groups["after"].Value;
                    if (date.Length == 0)
                    {
                        date = null;
                    }
                }
                else
                {
                    afterSite = rest;
                }
            }

            var sentences = Sentences(afterSite.Trim());
            string? archivePart = null;
            if (sentences.Count > 0 && !IsCreditSentence(sentences[0]))
            {
                archivePart = sentences[0].TrimEnd('.').Trim();
                sentences.RemoveAt(0);
            }

            return new CitationParts(date, archivePart is { Length: > 0 } ? archivePart : null, sentences);
        }
    }

    [GeneratedRegex(@"^[""“](?<title>.+?)(?:[""”]\s*,|,\s*[""”])\s*(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex QuotedTitle();

    [GeneratedRegex(@"^(?<date>.*?),?\s*(?<site>[^,.]*?Digital Archive)\s*(?:[,.]\s*|$)(?<after>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex DateAndSite();

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "f", "op", "d", "l", "ll", "ob", "por", "pap", "no", "nos", "vol", "vols", "p", "pp", "ed", "eds", "trans",
        "comp", "cf", "ca", "com", "cde", "st", "dr", "mr", "mrs", "ms", "jr", "sr", "gen", "col", "lt", "capt", "adm",
        "gov", "amb", "sec", "dept", "inc", "co", "corp", "fig", "art", "ibid", "tov",
    };

    /// <summary>
    /// Splits running text into sentences at a full stop followed by a capital, except after an initial ("N.V.",
    /// "Vadim J. Birstein") or a citation abbreviation ("F. 558", "no. 123").
    /// </summary>
    private static List<string> Sentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '.')
            {
                continue;
            }

            var next = i + 1;
            if (next < text.Length && !char.IsWhiteSpace(text[next]))
            {
                continue;
            }

            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            if (next < text.Length)
            {
                // A credit may start in lower case ("… list 429. translated and edited by …").
                var opens = char.IsUpper(text[next]) || text[next] is '"' or '“' or '(' or '[' or '\''
                    || CreditOpening().IsMatch(text.AsSpan(next));
                if (!opens || IsAbbreviation(WordBefore(text, i)))
                {
                    continue;
                }
            }

            var sentence = text[start..(i + 1)].Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }

            start = next;
        }

        if (start < text.Length && text[start..].Trim() is { Length: > 0 } rest)
        {
            sentences.Add(rest);
        }

        return sentences;
    }

    private static string WordBefore(string text, int stop)
    {
        var begin = stop;
        while (begin > 0 && !char.IsWhiteSpace(text[begin - 1]) && text[begin - 1] is not ('(' or ',' or ';' or '"' or '“'))
        {
            begin--;
        }

        return text[begin..stop];
    }

    private static bool IsAbbreviation(string word) =>
        (word.Length == 1 && char.IsLetter(word[0])) || word.Contains('.') || Abbreviations.Contains(word);

    private static bool IsCreditSentence(string sentence) => CreditOpening().IsMatch(sentence) || TranslatedBy().IsMatch(sentence);

    [GeneratedRegex(@"^(?:translated|obtained|contributed|transcribed|edited|published|donated|courtesy|provided|made available|scanned)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex CreditOpening();

    private static List<PageTranslation> Translations(IEnumerable<string> sentences, string language)
    {
        var translations = new List<PageTranslation>();
        foreach (var sentence in sentences)
        {
            var credit = sentence.Trim().TrimEnd('.').Trim();
            var match = TranslatedBy().Match(credit);
            if (!match.Success || translations.Any(translation => translation.Credit == credit))
            {
                continue;
            }

            var names = NamesEnd().Replace(match.Groups["names"].Value, string.Empty);
            names = ForWhomAtEnd().Replace(names, string.Empty);
            var translators = NameSeparators().Split(names)
                .Select(name => name.Trim().TrimEnd('.', ',').Trim())
                .Where(name => name.Length > 0)
                .ToList();
            if (translators.Count > 0)
            {
                translations.Add(new PageTranslation(language, translators, credit));
            }
        }

        return translations;
    }

    [GeneratedRegex(@"\btranslated\b.*?\bby\s+(?<names>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex TranslatedBy();

    // What follows the translators in a longer credit: "Translated by A and edited by B", "…, with notes by C".
    [GeneratedRegex(@"(?:,\s*|\s+)(?:and\s+)?(?:edited|annotated|introduced|transcribed|revised|checked|with)\b.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex NamesEnd();

    [GeneratedRegex(@"\s+for\s+(?:the\s+)?[\p{Lu}][\p{L}\-]*(?:\s+[\p{Lu}][\p{L}\-]*)*$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ForWhomAtEnd();

    // Between names in a list: "A, B, and C", "A and B".
    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NameSeparators();

    private static List<FundingCredit> Funding(IReadOnlyList<string> creditSentences)
    {
        var funding = new List<FundingCredit>();
        foreach (var sentence in creditSentences)
        {
            var note = sentence.Trim().TrimEnd('.').Trim();
            var match = SupportFrom().Match(note);
            if (!match.Success)
            {
                continue;
            }

            foreach (var name in NameSeparators().Split(match.Groups["funders"].Value))
            {
                var funder = LeadingThe().Replace(name.Trim(), string.Empty).Trim().TrimEnd('.', ',').Trim();
                if (funder.Any(char.IsLetter) && !Connectives.Contains(funder)
                    && !funding.Any(credit => credit.Funder == funder && credit.Note == note))
                {
                    funding.Add(new FundingCredit(funder, note));
                }
            }
        }

        return funding;
    }

    [GeneratedRegex(@"(?:support\s+(?:from|of)|supported\s+by|funded\s+by|funding\s+from|generosity\s+of|grant\s+from)\s+(?<funders>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex SupportFrom();
}

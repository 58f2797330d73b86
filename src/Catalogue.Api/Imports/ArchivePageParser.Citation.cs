using System.Text.RegularExpressions;
using Catalogue.Api.Credits;
using Catalogue.Citations;

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

    /// <summary>
    /// The citation paragraph taken apart as the archive writes it: the title and date it repeats, the digital archive's
    /// name, the archive reference(s), and the credit sentences (the address, the page's own, is read apart).
    /// </summary>
    /// <param name="ArchivePart">
    /// From the first sentence that is no credit to the last, as written: a published source may go on after a credit
    /// ("Milovan Djilas. Wartime. Translated by …. (New York: …, 1977), 385-387"), and the reference is the whole of it.
    /// </param>
    /// <param name="Credits">Every credit sentence, those within the archive part included.</param>
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
            var first = sentences.FindIndex(sentence => !IsCreditSentence(sentence));
            var last = sentences.FindLastIndex(sentence => !IsCreditSentence(sentence));
            var archivePart = first < 0 ? null : string.Join(' ', sentences[first..(last + 1)]).TrimEnd('.').Trim();
            return new CitationParts(date, archivePart is { Length: > 0 } ? archivePart : null, [.. sentences.Where(IsCreditSentence)]);
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
    /// "Vadim J. Birstein") or a citation abbreviation ("F. 558", "no. 123") unless a credit follows.
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
                // A credit may start in lower case ("… list 429. translated and edited by …"), and it starts a sentence
                // even after a locator written without a space ("… d.1019. Obtained for CWIHP by …", "… p.5-12. Translated …").
                var credit = CreditOpening().IsMatch(text.AsSpan(next));
                var opens = char.IsUpper(text[next]) || text[next] is '"' or '“' or '(' or '[' or '\'' || credit;
                if (!opens || (!credit && IsAbbreviation(WordBefore(text, i))))
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

    private static bool IsCreditSentence(string sentence) =>
        CreditOpening().IsMatch(sentence) || TranslatedBy().IsMatch(sentence) || SupportFrom().IsMatch(sentence);

    [GeneratedRegex(@"^(?:translated|obtained|contributed|transcribed|edited|published|donated|courtesy|provided|made available|scanned)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex CreditOpening();

    /// <summary>
    /// What the credit sentences of the citation and of the Credits section say: translations, the people who obtained or
    /// contributed the copy, funders; and a warning for each sentence that gave the catalogue nothing. A sentence that
    /// gives something is kept whole as the credit line, so the roles it names but the catalogue does not model (an
    /// editor) are kept as written.
    /// </summary>
    private sealed class CreditReading
    {
        public List<PageTranslation> Translations { get; } = [];

        public List<PageAcquisition> Acquisitions { get; } = [];

        public List<FundingCredit> Funding { get; } = [];

        public List<string> Warnings { get; } = [];

        /// <summary>The sentences that gave something, without their full stop.</summary>
        public HashSet<string> Understood { get; } = new(StringComparer.Ordinal);

        public static CreditReading Of(IReadOnlyList<string> citationCredits, IReadOnlyList<string> creditsSection, string language)
        {
            var reading = new CreditReading();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (sentence, inCitation) in citationCredits.Select(s => (s, true)).Concat(creditsSection.Select(s => (s, false))))
            {
                var credit = sentence.Trim().TrimEnd('.').Trim();
                if (credit.Length == 0 || !seen.Add(credit))
                {
                    continue;
                }

                var acts = CreditActs(credit, reading.Warnings);
                var gave = reading.ReadTranslation(credit, acts, language) | reading.ReadAcquisitions(credit, acts) | reading.ReadFunding(credit);
                if (gave)
                {
                    reading.Understood.Add(credit);
                }
                else
                {
                    reading.Warnings.Add(inCitation
                        ? $"not understood in the citation: \"{credit}\" (kept in the source citation only)"
                        : $"not understood in the Credits section: \"{credit}\" (not recorded)");
                }
            }

            return reading;
        }

        private bool ReadTranslation(string credit, IReadOnlyList<CreditAct> acts, string language)
        {
            var translators = acts.Where(act => act.Verbs.Contains("translated")).SelectMany(act => act.People).Distinct().ToList();
            if (translators.Count == 0)
            {
                return false;
            }

            Translations.Add(new PageTranslation(language, translators, credit));
            return true;
        }

        private bool ReadAcquisitions(string credit, IReadOnlyList<CreditAct> acts)
        {
            var before = Acquisitions.Count;
            var roles = acts.SelectMany(act => act.Verbs.Select(AcquisitionRole).OfType<string>().Select(role => (Role: role, act.People)));
            foreach (var role in roles.GroupBy(r => r.Role))
            {
                var people = role.SelectMany(r => r.People).Distinct().ToList();
                if (people.Count > 0)
                {
                    Acquisitions.Add(new PageAcquisition(role.Key, people, credit));
                }
            }

            return Acquisitions.Count > before;
        }

        private bool ReadFunding(string credit)
        {
            var match = SupportFrom().Match(credit);
            if (!match.Success)
            {
                return false;
            }

            var before = Funding.Count;
            foreach (var name in NameSeparators().Split(match.Groups["funders"].Value))
            {
                var funder = LeadingThe().Replace(name.Trim(), string.Empty).Trim().TrimEnd('.', ',').Trim();
                if (funder.Any(char.IsLetter) && !Connectives.Contains(funder) && !Funding.Any(f => f.Funder == funder && f.Note == credit))
                {
                    Funding.Add(new FundingCredit(funder, credit));
                }
            }

            return Funding.Count > before;
        }

        private static string? AcquisitionRole(string verb) => verb switch
        {
            "obtained" => AcquisitionRoles.Obtained,
            "contributed" => AcquisitionRoles.Contributed,
            "donated" => AcquisitionRoles.Donated,
            "provided" or "made available" => AcquisitionRoles.Provided,
            _ => null,
        };
    }

    /// <summary>One thing a credit sentence says was done, by whom: "obtained … by A. N. Other", "translated … by B. Translator".</summary>
    private sealed record CreditAct(IReadOnlyList<string> Verbs, IReadOnlyList<string> People);

    /// <summary>
    /// The acts of a credit sentence: each runs from its verbs ("Obtained and translated for NKIDP by") to the next act's,
    /// so "Contributed by A and translated by B" gives A to the first and B to the second, while "Translated by A and B"
    /// gives both to one. A name that does not read as one is left out, with a warning.
    /// </summary>
    private static List<CreditAct> CreditActs(string credit, List<string> warnings)
    {
        var acts = new List<CreditAct>();
        var matches = ActOpening().Matches(credit);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : credit.Length;
            var names = NamesEnd().Replace(credit[(matches[i].Index + matches[i].Length)..end], string.Empty);
            names = ForWhomAtEnd().Replace(names, string.Empty);
            var people = new List<string>();
            foreach (var name in NameSeparators().Split(names).Select(name => LeadingThe().Replace(name.Trim(), string.Empty).TrimEnd('.', ',').Trim()).Where(name => name.Length > 0))
            {
                if (IsName(name))
                {
                    people.Add(name);
                }
                else
                {
                    warnings.Add($"the credit \"{credit}\" names \"{name}\", which does not read as a name: left out");
                }
            }

            var verbs = NameSeparators().Split(matches[i].Groups["verbs"].Value).Select(verb => Tidy(verb).ToLowerInvariant()).Where(verb => verb.Length > 0);
            acts.Add(new CreditAct([.. verbs], people));
        }

        return acts;
    }

    private const string CreditVerbs =
        @"translated|obtained|contributed|donated|provided|made\s+available|edited|annotated|transcribed|introduced|revised|checked|compiled|scanned";

    // The verbs of an act, what they were done for or from, and "by": "Obtained and translated for NKIDP by ".
    [GeneratedRegex(
        @"\b(?<verbs>(?:" + CreditVerbs + @")(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:" + CreditVerbs + @"))*)(?:\s+(?:for|from|into|on\s+behalf\s+of)\s+[^,;]+?)?\s+by\s+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex ActOpening();

    [GeneratedRegex(@"\btranslated\b.*?\bby\s+(?<names>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex TranslatedBy();

    // What follows the names of an act without being a name or another act: "…, with notes by C", "… and edited".
    [GeneratedRegex(@"(?:,\s*|\s+)(?:and\s+)?(?:edited|annotated|introduced|transcribed|revised|checked|with)\b.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex NamesEnd();

    [GeneratedRegex(@"\s+for\s+(?:the\s+)?[\p{Lu}][\p{L}\-]*(?:\s+[\p{Lu}][\p{L}\-]*)*$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ForWhomAtEnd();

    // Between names in a list: "A, B, and C", "A and B".
    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"(?:support\s+(?:from|of)|supported\s+by|funded\s+by|funding\s+from|generosity\s+of|grant\s+from)\s+(?<funders>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex SupportFrom();

    /// <summary>
    /// What the citation parser cannot read in the archive reference: the reference is recorded all the same, as
    /// written, with what was not read (<see cref="Provenance.ProvenanceReading.Parse"/>), and the import says so. A
    /// credit sentence read as a credit is not named again.
    /// </summary>
    private static IEnumerable<string> ReferenceWarnings(string archivePart, IReadOnlySet<string> understoodCredits)
    {
        var parse = CitationParser.Parse(archivePart);
        if (parse.References.Count == 0)
        {
            yield return $"the archive reference \"{archivePart}\" could not be read into locators: it is recorded as written";
            yield break;
        }

        foreach (var fragment in parse.Unparsed.Where(fragment => !understoodCredits.Contains(fragment.Text.Trim().TrimEnd('.').Trim())))
        {
            yield return $"not read in the archive reference: \"{fragment.Text}\" ({fragment.Reason}); it is kept with the provenance reference";
        }
    }
}

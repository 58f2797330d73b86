using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

// The page's layout: its headings, its sections, and the title and date headings above them.
public static partial class ArchivePageParser
{
    private const string CitationSection = "citation";
    private const string SummarySection = "summary";
    private const string CreditsSection = "credits";
    private const string OriginalLanguageSection = "original language";
    private const string ContentsSection = "contents";

    // Headings the site prints; any of them ends the section before it.
    private static readonly Dictionary<string, string> KnownSections = new(StringComparer.Ordinal)
    {
        ["citation"] = CitationSection,
        ["summary"] = SummarySection,
        ["credits"] = CreditsSection,
        ["original language"] = OriginalLanguageSection,
        ["original languages"] = OriginalLanguageSection,
        ["contents"] = ContentsSection,
        ["associated people & organizations"] = "associated people",
        ["associated people and organizations"] = "associated people",
        ["associated people"] = "associated people",
        ["associated places"] = "associated places",
        ["associated topics"] = "associated topics",
        ["subjects discussed"] = "subjects discussed",
        ["related documents"] = "related documents",
        ["original archive"] = "original archive",
        ["document information"] = "document information",
        ["keywords"] = "keywords",
        ["collections"] = "collections",
    };

    /// <summary>Where the page's headings and sections are.</summary>
    private sealed class Layout
    {
        private readonly Dictionary<string, List<string>> _sections = new(StringComparer.Ordinal);

        public string? Title { get; private set; }

        public List<string> DateHeadings { get; } = [];

        public IReadOnlyList<string>? Section(string name) => _sections.GetValueOrDefault(name);

        public static Layout Of(string pageText)
        {
            var layout = new Layout();
            List<string>? current = null;
            string? currentName = null;
            // CR LF and CR alone are line ends; Unicode's own separators (U+2028, U+2029), which ReplaceLineEndings also
            // breaks at, are not the page's layout: a title holding one was cut there, the rest of it dropped unsaid.
            foreach (var line in pageText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n'))
            {
                var heading = Heading.Of(line);
                if (heading is { Section: { } section })
                {
                    currentName = section;
                    // A repeated section keeps its first text; the repeat is read and dropped.
                    current = layout._sections.TryAdd(section, []) ? layout._sections[section] : [];
                    continue;
                }

                // Inside the document text a "#" line is the document's own, not the page's.
                if (heading is { Level: > 0 } && currentName != ContentsSection)
                {
                    if (currentName is null && IsDateHeading(heading.Text))
                    {
                        layout.DateHeadings.Add(heading.Text);
                        continue;
                    }

                    if (heading.Level == 1 && layout.Title is null && heading.Text.Length > 0)
                    {
                        layout.Title = heading.Text;
                        continue;
                    }

                    if (currentName is null && heading.Text.Any(char.IsDigit))
                    {
                        layout.DateHeadings.Add(heading.Text);
                        continue;
                    }
                }

                current?.Add(line);
            }

            return layout;
        }
    }

    /// <summary>
    /// A heading that is only a date ("November 10, 1949", "ca. 1950"), as opposed to a title that mentions one
    /// ("… with Prime Minister Zhou Enlai on 10 November 1949").
    /// </summary>
    private static bool IsDateHeading(string text) =>
        text.Length <= 60
        && EdtfDate.TryNormalise(text, out _)
        && Words().Matches(text).All(word => DateWords().IsMatch(word.Value));

    [GeneratedRegex(@"\p{L}{3,}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Words();

    [GeneratedRegex(
        @"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|circa|approx|approximately|about|around|probably|possibly|the|and|until|through|undated)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DateWords();

    /// <summary>A heading line: "## **Summary:**" (level 2, section "summary"), or an undecorated "Summary:" (level 0).</summary>
    private sealed record Heading(int Level, string Text, string? Section)
    {
        public static Heading? Of(string line)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.Length > 300)
            {
                return null;
            }

            var level = 0;
            while (level < trimmed.Length && trimmed[level] == '#')
            {
                level++;
            }

            if (level > 6)
            {
                return null;
            }

            var text = Clean(trimmed[level..]);
            var decorated = level > 0 || text != trimmed;
            var key = Whitespace().Replace(text, " ").ToLowerInvariant();
            var section = decorated && KnownSections.TryGetValue(key, out var name) ? name : null;
            if (level == 0 && section is null)
            {
                return null;
            }

            return new Heading(level, text, section);
        }

        private static string Clean(string text)
        {
            string before;
            do
            {
                before = text;
                text = text.Trim().Trim('*', '_').Trim().TrimEnd(':').Trim();
            }
            while (text != before);

            return Tidy(text);
        }
    }

    /// <summary>The section's lines without the blank lines around them, as written; null when nothing is left.</summary>
    private static string? Paragraphs(IReadOnlyList<string> lines)
    {
        var first = 0;
        while (first < lines.Count && lines[first].Trim().Length == 0)
        {
            first++;
        }

        var last = lines.Count - 1;
        while (last >= first && lines[last].Trim().Length == 0)
        {
            last--;
        }

        if (first > last)
        {
            return null;
        }

        return string.Join('\n', lines.Skip(first).Take(last - first + 1)).Trim();
    }

    // Most specific first: a "Memorandum of Conversation" is also a "Memorandum", and a diary entry is usually something more.
    private const string DocumentTypeNames =
        @"Memorandum\s+of\s+Conversation|Record\s+of\s+Conversation|Minutes\s+of\s+Conversation|Memorandum\s+for\s+the\s+Record|"
        + @"Ciphered\s+Telegram|Telegram|Cable|Letter|Note\s+Verbale|Report|Memorandum|Minutes|Transcript|Speech|Directive|Resolution|"
        + @"Decree|Instruction|Protocol|Statement|Digest|Diary|Note";

    private static readonly string[] DocumentTypes = [.. DocumentTypeNames.Split('|').Select(name => name.Replace(@"\s+", " ", StringComparison.Ordinal))];

    /// <summary>The most specific kind of document the title names anywhere in it; "Document" when it names none.</summary>
    private static string DocumentTypeOf(string title)
    {
        var named = DocumentTypeMentions().Matches(title)
            .Select(mention => Tidy(mention.Groups["type"].Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return DocumentTypes.FirstOrDefault(named.Contains) ?? "Document";
    }

    // A lookahead, so that mentions which overlap are all found: at each place the most specific name starting there.
    [GeneratedRegex(@"(?=\b(?<type>" + DocumentTypeNames + @")s?\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DocumentTypeMentions();
}

using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

/// <summary>What a Wilson Center Digital Archive document page says about one document, read from the page's text.</summary>
public sealed record ArchivePage(
    string DocumentId,
    string SourceUrl,
    string Title,
    string DocumentType,
    IReadOnlyList<DocumentDate> Dates,
    string FullCitation,
    string? ArchiveCitation,
    string? Summary,
    IReadOnlyList<FundingCredit> Funding,
    IReadOnlyList<Language> OriginalLanguages,
    IReadOnlyList<PageTranslation> Translations,
    string? Classification,
    IReadOnlyList<Person> Creators,
    IReadOnlyList<Person> Participants,
    PageFullText? FullText);

/// <summary>One funder named in a page's credits, with the credit sentence that names it.</summary>
public sealed record FundingCredit(string Funder, string Note);

/// <summary>A translation the page credits: ISO 639 language code, translators, and the credit as written.</summary>
public sealed record PageTranslation(string Language, IReadOnlyList<string> Translators, string Credit);

/// <summary>The document text a page carries, its ISO 639 language, and whether it is the original or a translation (<see cref="TextKinds"/>).</summary>
public sealed record PageFullText(string Text, string Language, string Kind);

/// <summary>Either the page that was read, or the problems that kept it from being read.</summary>
public sealed record ArchivePageParseResult
{
    private ArchivePageParseResult(ArchivePage? page, IReadOnlyList<string> problems)
    {
        Page = page;
        Problems = problems;
    }

    public ArchivePage? Page { get; }

    /// <summary>What is missing or unreadable; empty when <see cref="Page"/> was read.</summary>
    public IReadOnlyList<string> Problems { get; }

    [MemberNotNullWhen(true, nameof(Page))]
    public bool IsRead => Page is not null;

    public static ArchivePageParseResult Read(ArchivePage page) => new(page, []);

    public static ArchivePageParseResult NotRead(IReadOnlyList<string> problems) => new(null, problems);
}

/// <summary>
/// Reads the text of a Wilson Center Digital Archive document page (date heading, "# title", Citation, Summary,
/// Credits, Original Language, Contents) into an <see cref="ArchivePage"/>. Markdown decoration is ignored:
/// "## **Summary:**", "#### **Credits:**" and "Summary:" are the same heading.
/// </summary>
public static partial class ArchivePageParser
{
    private const int TimeoutMilliseconds = 500;
    private const int MaxClassificationLength = 160;

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

    private static readonly Dictionary<string, string> LanguageCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Russian"] = "ru",
        ["Chinese"] = "zh",
        ["Mandarin"] = "zh",
        ["English"] = "en",
        ["German"] = "de",
        ["Hungarian"] = "hu",
        ["Romanian"] = "ro",
        ["Rumanian"] = "ro",
        ["Polish"] = "pl",
        ["Korean"] = "ko",
        ["Japanese"] = "ja",
        ["Vietnamese"] = "vi",
        ["French"] = "fr",
        ["Czech"] = "cs",
        ["Slovak"] = "sk",
        ["Bulgarian"] = "bg",
        ["Mongolian"] = "mn",
        ["Serbian"] = "sr",
        ["Croatian"] = "hr",
        ["Slovenian"] = "sl",
        ["Macedonian"] = "mk",
        ["Albanian"] = "sq",
        ["Ukrainian"] = "uk",
        ["Belarusian"] = "be",
        ["Spanish"] = "es",
        ["Portuguese"] = "pt",
        ["Italian"] = "it",
        ["Greek"] = "el",
        ["Turkish"] = "tr",
        ["Arabic"] = "ar",
        ["Persian"] = "fa",
        ["Farsi"] = "fa",
        ["Hebrew"] = "he",
        ["Hindi"] = "hi",
        ["Urdu"] = "ur",
        ["Finnish"] = "fi",
        ["Swedish"] = "sv",
        ["Norwegian"] = "no",
        ["Danish"] = "da",
        ["Dutch"] = "nl",
        ["Estonian"] = "et",
        ["Latvian"] = "lv",
        ["Lithuanian"] = "lt",
        ["Georgian"] = "ka",
        ["Armenian"] = "hy",
        ["Azerbaijani"] = "az",
        ["Kazakh"] = "kk",
        ["Uzbek"] = "uz",
        ["Khmer"] = "km",
        ["Lao"] = "lo",
        ["Indonesian"] = "id",
    };

    // Most specific first: a "Memorandum of Conversation" is also a "Memorandum", and a diary entry is usually something more.
    private static readonly (string Name, Regex Pattern)[] DocumentTypes =
    [
        .. new[]
        {
            "Memorandum of Conversation", "Record of Conversation", "Minutes of Conversation", "Memorandum for the Record",
            "Ciphered Telegram", "Telegram", "Cable", "Letter", "Note Verbale", "Report", "Memorandum", "Minutes",
            "Transcript", "Speech", "Directive", "Resolution", "Decree", "Instruction", "Protocol", "Statement",
            "Digest", "Diary", "Note",
        }.Select(name => (name, new Regex(
            @"\b" + Regex.Escape(name).Replace(@"\ ", @"\s+") + @"s?\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(TimeoutMilliseconds)))),
    ];

    // Words of office and rank that stand before a name ("Prime Minister and Foreign Minister ZHOU ENLAI").
    private static readonly HashSet<string> OfficeWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "prime", "minister", "ministers", "foreign", "affairs", "chairman", "vice", "deputy", "first", "second", "third",
        "secretary", "general", "premier", "president", "ambassador", "envoy", "counsellor", "counselor", "chargé",
        "charge", "d'affaires", "consul", "comrade", "com.", "cde.", "marshal", "colonel", "commander", "chief", "head",
        "director", "member", "central", "committee", "politburo", "party", "state", "council", "government",
        "military", "people's", "people’s", "attaché", "attache", "adviser", "advisor", "leader", "representative",
        "embassy", "of", "the", "and", "to", "in", "for", "ussr", "prc", "dprk", "gdr", "cpsu", "ccp", "wpk", "soviet", "chinese", "korean",
        "polish", "hungarian", "romanian", "czechoslovak", "bulgarian", "vietnamese", "mongolian", "albanian",
        "east", "german", "japanese", "north", "south", "acting", "senior", "plenipotentiary", "extraordinary",
    };

    // Offices named with "to": "Mission to the United Nations", "Ambassador to the PRC".
    private static readonly HashSet<string> OfficesSentTo = new(StringComparer.OrdinalIgnoreCase)
    {
        "mission", "ambassador", "embassy", "delegation", "representative", "envoy", "consul", "legation", "attaché",
        "attache", "adviser", "advisor", "advisers", "advisors", "minister",
    };

    private static readonly HashSet<string> Connectives = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "the", "and", "to", "in", "for",
    };

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "f", "op", "d", "l", "ll", "ob", "por", "pap", "no", "nos", "vol", "vols", "p", "pp", "ed", "eds", "trans",
        "comp", "cf", "ca", "com", "cde", "st", "dr", "mr", "mrs", "ms", "jr", "sr", "gen", "col", "lt", "capt", "adm",
        "gov", "amb", "sec", "dept", "inc", "co", "corp", "fig", "art", "ibid", "tov",
    };

    /// <summary>Reads a document page. Never throws: text that is not such a page gives problems naming what is missing.</summary>
    public static ArchivePageParseResult Parse(string pageText)
    {
        if (string.IsNullOrWhiteSpace(pageText))
        {
            return ArchivePageParseResult.NotRead(["the page text is empty", "no title heading (# ...)", "no Citation section"]);
        }

        if (HiddenControl(pageText) is { } control)
        {
            return ArchivePageParseResult.NotRead([control]);
        }

        try
        {
            return Read(pageText);
        }
        catch (RegexMatchTimeoutException)
        {
            return ArchivePageParseResult.NotRead(["the page text is too irregular to read in time"]);
        }
    }

    /// <summary>
    /// A page is text for people: a NUL or another control character (other than a line break or a tab) means a damaged
    /// or doctored file, and dropping it would store something the page never said. Names the first and its line.
    /// </summary>
    private static string? HiddenControl(string pageText)
    {
        var at = pageText.AsSpan().IndexOfAny(Controls);
        if (at < 0)
        {
            return null;
        }

        var line = pageText.AsSpan(0, at).Count('\n') + 1;
        return pageText[at] == '\0'
            ? $"The page contains a NUL character at line {line}."
            : $"The page contains the control character U+{(int)pageText[at]:X4} at line {line}.";
    }

    // The C0 and C1 controls, but for the line breaks and the tab a page is laid out with.
    private static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))]);

    private static ArchivePageParseResult Read(string pageText)
    {
        var layout = Layout.Of(pageText);
        var problems = new List<string>();

        if (layout.Title is null)
        {
            problems.Add("no title heading (# ...)");
        }

        var citationLines = layout.Section(CitationSection);
        string? fullCitation = null;
        if (citationLines is null)
        {
            problems.Add("no Citation section");
        }
        else
        {
            fullCitation = Paragraphs(citationLines);
            if (fullCitation is null)
            {
                problems.Add("the Citation section is empty");
            }
        }

        string? sourceUrl = null;
        string? documentId = null;
        if (fullCitation is not null)
        {
            (sourceUrl, documentId) = DocumentUrl(fullCitation);
            if (sourceUrl is null)
            {
                problems.Add("no document URL (https://…/document/<id>) in the Citation section");
            }
            else if (documentId is null)
            {
                problems.Add($"the document address {sourceUrl} is not a Wilson Center document page: it must end in /document/ and the "
                    + "document id, digits (117886) or lower-case words joined by hyphens (ciphered-telegram-no-25553-roshchin-filippov-stalin)");
            }
        }

        var citation = fullCitation is null ? null : CitationParts.Of(fullCitation, sourceUrl);

        DocumentDate? described = null;
        foreach (var heading in layout.DateHeadings)
        {
            if (EdtfDate.TryNormalise(heading, out var edtf))
            {
                described = new DocumentDate(DateRoles.Described, heading, edtf);
                break;
            }
        }

        if (described is null && citation?.Date is { } citedDate && EdtfDate.TryNormalise(citedDate, out var citedEdtf))
        {
            described = new DocumentDate(DateRoles.Described, citedDate, citedEdtf);
        }

        if (described is null && layout.DateHeadings.Count > 0)
        {
            problems.Add($"the date heading \"{layout.DateHeadings[0]}\" cannot be normalised to EDTF");
        }

        if (problems.Count > 0 || layout.Title is null || fullCitation is null || sourceUrl is null || documentId is null || citation is null)
        {
            return ArchivePageParseResult.NotRead(problems);
        }

        var title = layout.Title;
        var originalLanguages = OriginalLanguages(layout.Section(OriginalLanguageSection));
        var creditSentences = layout.Section(CreditsSection) is { } creditLines
            ? creditLines.Where(line => line.Trim().Length > 0).SelectMany(line => Sentences(Tidy(line))).ToList()
            : [];

        var contents = Contents.Of(layout.Section(ContentsSection));
        var translationLanguage = contents.Descriptors
            .FirstOrDefault(descriptor => descriptor.Kind == TextKinds.Translation)?.Language ?? "en";
        var translations = Translations(citation.Credits.Concat(creditSentences), translationLanguage);
        var fullText = FullText(contents, originalLanguages, translations);
        var (classification, created) = ClassificationLine(fullText?.Text);

        var dates = new List<DocumentDate>();
        if (described is not null)
        {
            dates.Add(described);
        }

        if (created is not null)
        {
            dates.Add(created);
        }

        var summary = layout.Section(SummarySection) is { } summaryLines ? Paragraphs(summaryLines) : null;
        var (creators, participants) = People(title, summary, fullText?.Text);

        var page = new ArchivePage(
            DocumentId: documentId,
            SourceUrl: sourceUrl,
            Title: title,
            DocumentType: DocumentTypeOf(title),
            Dates: dates,
            FullCitation: fullCitation,
            ArchiveCitation: citation.ArchivePart,
            Summary: summary,
            Funding: Funding(creditSentences),
            OriginalLanguages: originalLanguages,
            Translations: translations,
            Classification: classification,
            Creators: creators,
            Participants: participants,
            FullText: fullText);
        return ArchivePageParseResult.Read(page);
    }

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

    private static string DocumentTypeOf(string title)
    {
        foreach (var (name, pattern) in DocumentTypes)
        {
            if (pattern.IsMatch(title))
            {
                return name;
            }
        }

        return "Document";
    }

    private static List<Language> OriginalLanguages(IReadOnlyList<string>? lines)
    {
        var languages = new List<Language>();
        if (lines is null)
        {
            return languages;
        }

        foreach (var line in lines)
        {
            foreach (var name in LanguageSeparators().Split(Tidy(line)))
            {
                var cleaned = name.Trim().Trim('*', '_', '.', ' ');
                if (cleaned.Length == 0 || languages.Any(language => language.Name.Equals(cleaned, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                languages.Add(new Language(LanguageCode(cleaned), cleaned));
            }
        }

        return languages;
    }

    private static string LanguageCode(string name) =>
        LanguageCodes.TryGetValue(name.Trim(), out var code) ? code : "und";

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

    private static PageFullText? FullText(Contents contents, IReadOnlyList<Language> originalLanguages, IReadOnlyList<PageTranslation> translations)
    {
        if (contents.Body is null)
        {
            return null;
        }

        if (contents.Descriptors.FirstOrDefault(descriptor => descriptor.Language is not null) is { } described)
        {
            var kind = described.Kind
                ?? (originalLanguages.Any(language => language.Code == described.Language) ? TextKinds.Original : TextKinds.Translation);
            return new PageFullText(contents.Body, described.Language!, kind);
        }

        // No label: the archive's page text is English, a translation unless the original was English.
        var translated = translations.Count > 0
            || (originalLanguages.Count > 0 && originalLanguages.All(language => language.Code != "en"));
        return new PageFullText(contents.Body, "en", translated ? TextKinds.Translation : TextKinds.Original);
    }

    private static (string? Classification, DocumentDate? Created) ClassificationLine(string? body)
    {
        if (body is null)
        {
            return (null, null);
        }

        foreach (var line in body.Split('\n').Where(line => line.Trim().Length > 0).Take(3))
        {
            var mark = ClassificationMark().Match(line);
            if (!mark.Success)
            {
                continue;
            }

            var tail = line[mark.Index..].Trim();
            if (tail.Length > MaxClassificationLength)
            {
                // A long run of prose after the word is not a classification stamp.
                continue;
            }

            if (EdtfDate.TryFind(tail, out var writtenInTail, out var edtfInTail))
            {
                var classification = tail[..tail.IndexOf(writtenInTail, StringComparison.Ordinal)].Trim().TrimEnd(',', ';', '.', ' ');
                return (classification.Length == 0 ? null : classification, new DocumentDate(DateRoles.Created, writtenInTail, edtfInTail));
            }

            var wholeLine = tail.TrimEnd(',', ';', '.', ' ');
            return EdtfDate.TryFind(line, out var written, out var edtf)
                ? (wholeLine, new DocumentDate(DateRoles.Created, written, edtf))
                : (wholeLine, null);
        }

        return (null, null);
    }

    private static (List<Person> Creators, List<Person> Participants) People(string title, string? summary, string? body)
    {
        var creators = new List<Person>();
        var participants = new List<Person>();
        var bodyOpening = body is null ? string.Empty : string.Join('\n', body.Split('\n').Where(line => line.Trim().Length > 0).Take(5));
        var signature = body?.Split('\n').LastOrDefault(line => line.Trim().Length > 0)?.Trim();

        string? author = null;
        if (DiaryOf().Match(title) is { Success: true } diary)
        {
            author = Tidy(diary.Groups["name"].Value);
            creators.Add(new Person(author, "author"));
        }
        else if (FromTo().Match(title) is { Success: true } sent && SenderAndRecipient(Tidy(sent.Groups["route"].Value)) is var (sender, recipient))
        {
            creators.Add(new Person(sender, "author"));
            participants.Add(new Person(sender, "sender"));
            participants.Add(new Person(recipient, "recipient"));
        }

        var conversation = ConversationWith().Match(title);
        if (!conversation.Success)
        {
            return (creators, participants);
        }

        if (author is not null)
        {
            var surname = author.Split([' ', '.'], StringSplitOptions.RemoveEmptyEntries).Last();
            var role = SignatureRole(signature, surname) ?? (summary is null ? null : RoleBefore(summary, surname));
            Add(participants, new Person(author, role));
        }

        foreach (var party in new[] { conversation.Groups["first"], conversation.Groups["second"] }.Where(group => group.Success))
        {
            var (titleRole, name) = SplitOffice(Tidy(party.Value));
            var bodyRole = bodyOpening.Length == 0 ? null : RoleBefore(bodyOpening, name);
            var role = new[] { titleRole, bodyRole }.Where(candidate => candidate is not null).MaxBy(candidate => candidate!.Length);
            Add(participants, new Person(name, role));
        }

        return (creators, participants);
    }

    /// <summary>
    /// Splits "Nikishov to Beria" at the " to " between the two parties, passing over a " to " that is part of an
    /// office ("the Mission to the United Nations to the Department of State", "X to the Ambassador to China").
    /// </summary>
    private static (string Sender, string Recipient)? SenderAndRecipient(string route)
    {
        foreach (Match to in RouteTo().Matches(route))
        {
            var before = route[..to.Index].TrimEnd();
            var lastWord = before[(before.LastIndexOf(' ') + 1)..];
            if (OfficesSentTo.Contains(lastWord))
            {
                continue;
            }

            var sender = LeadingThe().Replace(before, string.Empty).Trim();
            var recipient = LeadingThe().Replace(route[(to.Index + to.Length)..], string.Empty).Trim();
            return sender.Length > 0 && recipient.Length > 0 ? (sender, recipient) : null;
        }

        return null;
    }

    private static void Add(List<Person> people, Person person)
    {
        if (!people.Any(known => known.Name.Equals(person.Name, StringComparison.OrdinalIgnoreCase)))
        {
            people.Add(person);
        }
    }

    private static string? SignatureRole(string? signature, string surname)
    {
        if (signature is null || signature.Length > 120)
        {
            return null;
        }

        var pattern = new Regex(
            @"^(?<role>.+?)\s+(?:(?:\p{Lu}\.\s*){1,3})?" + Regex.Escape(surname) + @"\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(TimeoutMilliseconds));
        var match = pattern.Match(signature);
        return match.Success ? TrimConnectives(match.Groups["role"].Value.Trim().TrimEnd(',')) : null;
    }

    /// <summary>The words of office written just before a name, e.g. "Prime Minister and Foreign Minister" before "ZHOU ENLAI".</summary>
    private static string? RoleBefore(string text, string name)
    {
        var tokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape);
        var pattern = new Regex(
            @"(?<![\p{L}])" + string.Join(@"\s+", tokens) + @"(?![\p{L}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(TimeoutMilliseconds));
        string? best = null;
        foreach (Match match in pattern.Matches(text))
        {
            var before = text[..match.Index].Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var words = new List<string>();
            for (var i = before.Length - 1; i >= 0 && OfficeWords.Contains(before[i]); i--)
            {
                words.Insert(0, before[i]);
            }

            var role = TrimConnectives(string.Join(' ', words));
            if (role is not null && (best is null || role.Length > best.Length))
            {
                best = role;
            }
        }

        return best;
    }

    private static (string? Role, string Name) SplitOffice(string written)
    {
        var words = written.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var office = words.TakeWhile(OfficeWords.Contains).Count();
        if (office == 0 || office == words.Length)
        {
            return (null, LeadingThe().Replace(written, string.Empty));
        }

        return (TrimConnectives(string.Join(' ', words[..office])), string.Join(' ', words[office..]));
    }

    private static string? TrimConnectives(string role)
    {
        var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && Connectives.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        while (words.Count > 0 && Connectives.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return words.Count == 0 ? null : string.Join(' ', words);
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

    private static string Tidy(string text) => Whitespace().Replace(text, " ").Trim();

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
            foreach (var line in pageText.ReplaceLineEndings("\n").Split('\n'))
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

    private sealed record Descriptor(string? Kind, string? Language);

    /// <summary>The Contents section: what it says it holds ("Translation - English") and the document text after that.</summary>
    private sealed record Contents(IReadOnlyList<Descriptor> Descriptors, string? Body)
    {
        public static Contents Of(IReadOnlyList<string>? lines)
        {
            if (lines is null)
            {
                return new Contents([], null);
            }

            var descriptors = new List<Descriptor>();
            var index = 0;
            while (index < lines.Count)
            {
                var line = lines[index].Trim().Trim('*', '_').Trim();
                if (line.Length == 0)
                {
                    index++;
                    continue;
                }

                var labelled = LabelledContents().Match(line);
                if (labelled.Success)
                {
                    var kind = labelled.Groups["kind"].Value.ToLowerInvariant() switch
                    {
                        var word when word.StartsWith("translation", StringComparison.Ordinal) => TextKinds.Translation,
                        var word when word.Contains("scan", StringComparison.Ordinal) => null,
                        _ => TextKinds.Original,
                    };
                    var language = labelled.Groups["language"].Success ? LanguageCode(labelled.Groups["language"].Value) : null;
                    descriptors.Add(new Descriptor(language is null ? null : kind, language));
                    index++;
                    continue;
                }

                var format = ContentsFormat().Match(line);
                if (format.Success)
                {
                    var kind = format.Groups["kind"].Success
                        ? format.Groups["kind"].Value.StartsWith("transl", StringComparison.OrdinalIgnoreCase) ? TextKinds.Translation : TextKinds.Original
                        : null;
                    descriptors.Add(new Descriptor(kind, LanguageCode(format.Groups["language"].Value)));
                    index++;
                    continue;
                }

                break;
            }

            return new Contents(descriptors, Paragraphs(lines.Skip(index).ToList()));
        }
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Urls();

    // The archive's document pages: digits (117886) or, for documents the site names by a slug, lower-case words joined by hyphens.
    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/document/(?<id>[0-9]+|[a-z0-9]+(?:-[a-z0-9]+)*)/?$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DocumentPage();

    [GeneratedRegex(@"^[""“](?<title>.+?)(?:[""”]\s*,|,\s*[""”])\s*(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex QuotedTitle();

    [GeneratedRegex(@"^(?<date>.*?),?\s*(?<site>[^,.]*?Digital Archive)\s*(?:[,.]\s*|$)(?<after>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex DateAndSite();

    [GeneratedRegex(@"^(?:translated|obtained|contributed|transcribed|edited|published|donated|courtesy|provided|made available|scanned)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex CreditOpening();

    [GeneratedRegex(@"\btranslated\b.*?\bby\s+(?<names>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex TranslatedBy();

    // What follows the translators in a longer credit: "Translated by A and edited by B", "…, with notes by C".
    [GeneratedRegex(@"(?:,\s*|\s+)(?:and\s+)?(?:edited|annotated|introduced|transcribed|revised|checked|with)\b.*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex NamesEnd();

    [GeneratedRegex(@"\s+for\s+(?:the\s+)?[\p{Lu}][\p{L}\-]*(?:\s+[\p{Lu}][\p{L}\-]*)*$", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ForWhomAtEnd();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"(?:support\s+(?:from|of)|supported\s+by|funded\s+by|funding\s+from|generosity\s+of|grant\s+from)\s+(?<funders>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex SupportFrom();

    [GeneratedRegex(@"^the\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LeadingThe();

    [GeneratedRegex(@"\s*[,;/]\s*|\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LanguageSeparators();

    [GeneratedRegex(@"^(?<kind>translation|transcript(?:ion)?|original(?:\s+scan)?|scan)(?:\s*[-–—:]\s*(?<language>\p{L}[\p{L} ]*?))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LabelledContents();

    [GeneratedRegex(@"^(?<language>\p{L}+)(?:\s*\((?<kind>transcription|translation|original)\))?\s+(?:HTML|PDF)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ContentsFormat();

    [GeneratedRegex(@"\b(?:top\s+secret|strictly\s+secret|strictly\s+confidential|secret|confidential|for\s+official\s+use\s+only|eyes\s+only|restricted|unclassified)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ClassificationMark();

    [GeneratedRegex(@"\b(?:diary|journal)\s+of\s+(?<name>[^,;:(]+?)\s*(?:[,;:(]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DiaryOf();

    [GeneratedRegex(
        @"\b(?:telegram|cable|letter|report|memorandum|note|message|instructions?|directive)(?:\s+no\.?\s*[\w\-/]+)?(?:\s*,\s*|\s+from\s+)(?<route>[^,;:]+?\s+to\s+[^,;:]+?)(?=\s*(?:[,;:]|\s[-–—]\s|$))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex FromTo();

    [GeneratedRegex(@"\s+to\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex RouteTo();

    [GeneratedRegex(
        @"\bconversation\s+(?:between\s+(?<first>.+?)\s+and\s+(?<second>.+?)|with\s+(?<second>.+?))(?=\s+on\s|\s+in\s|\s*[,;(]|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeoutMilliseconds)]
    private static partial Regex ConversationWith();

    [GeneratedRegex(@"\p{L}{3,}", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Words();

    [GeneratedRegex(
        @"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|circa|approx|approximately|about|around|probably|possibly|the|and|until|through|undated)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex DateWords();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Whitespace();
}

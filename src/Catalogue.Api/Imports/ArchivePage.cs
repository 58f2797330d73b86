using System.Buffers;
using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

/// <summary>What a Wilson Center Digital Archive document page says about one document, read from the page's text.</summary>
/// <param name="Warnings">
/// What the page says that the catalogue does not take from it, or keeps only as written (a reference it cannot read
/// into locators, a credit sentence it does not understand, a name from the title it does not trust), each naming the words.
/// </param>
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
    PageFullText? FullText,
    IReadOnlyList<PageAcquisition> Acquisitions,
    IReadOnlyList<string> Warnings);

/// <summary>One funder named in a page's credits, with the credit sentence that names it.</summary>
public sealed record FundingCredit(string Funder, string Note);

/// <summary>A translation the page credits: ISO 639 language code, translators, and the credit as written.</summary>
public sealed record PageTranslation(string Language, IReadOnlyList<string> Translators, string Credit);

/// <summary>
/// The people through whom the copy reached the archive, in one role (<see cref="Credits.AcquisitionRoles"/>), with the
/// credit sentence that names them ("Obtained for CWIHP by A. N. Other and translated for CWIHP by B. Translator").
/// </summary>
public sealed record PageAcquisition(string Role, IReadOnlyList<string> People, string Credit);

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

        return ReadPatiently(pageText, Read);
    }

    /// <summary>
    /// A pattern's time limit is measured by the clock, not by its work: a page whose reading a busy machine stalled (a
    /// pause of the garbage collector, every core taken; seen once, with three nodes and their database on two cores)
    /// timed out and was refused for good, as irregular. It is read once more first; a page that is irregular takes
    /// its time again and is refused then.
    /// </summary>
    internal static ArchivePageParseResult ReadPatiently(string pageText, Func<string, ArchivePageParseResult> read)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return read(pageText);
            }
            catch (RegexMatchTimeoutException) when (attempt < 2)
            {
            }
            catch (RegexMatchTimeoutException)
            {
                return ArchivePageParseResult.NotRead(["the page text is too irregular to read in time"]);
            }
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
        var credits = CreditReading.Of(citation.Credits, creditSentences, translationLanguage);
        var fullText = FullText(contents, originalLanguages, credits.Translations);
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

        var warnings = new List<string>();
        // A heading that is no date (a slip: "November 40, 1949") is passed over for the next that is, or the citation's: said so.
        foreach (var unread in layout.DateHeadings.Where(heading => !EdtfDate.TryNormalise(heading, out _)))
        {
            warnings.Add(described!.AsWritten == citation.Date
                ? $"the date heading \"{unread}\" does not read as a date: left out, and the citation's date \"{citation.Date}\" recorded as the date described"
                : $"the date heading \"{unread}\" does not read as a date: left out");
        }

        if (citation.ArchivePart is { } archivePart)
        {
            warnings.AddRange(ReferenceWarnings(archivePart, credits.Understood));
        }

        warnings.AddRange(credits.Warnings);
        var summary = layout.Section(SummarySection) is { } summaryLines ? Paragraphs(summaryLines) : null;
        var (creators, participants) = People(title, summary, fullText?.Text, warnings);

        var page = new ArchivePage(
            DocumentId: documentId,
            SourceUrl: sourceUrl,
            Title: title,
            DocumentType: DocumentTypeOf(title),
            Dates: dates,
            FullCitation: fullCitation,
            ArchiveCitation: citation.ArchivePart,
            Summary: summary,
            Funding: credits.Funding,
            OriginalLanguages: originalLanguages,
            Translations: credits.Translations,
            Classification: classification,
            Creators: creators,
            Participants: participants,
            FullText: fullText,
            Acquisitions: credits.Acquisitions,
            Warnings: warnings);
        return ArchivePageParseResult.Read(page);
    }

    private static string Tidy(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"^the\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LeadingThe();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex Whitespace();
}

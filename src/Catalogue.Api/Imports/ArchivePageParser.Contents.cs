using System.Text.RegularExpressions;
using Catalogue.Api.Records;

namespace Catalogue.Api.Imports;

// The Original Language and Contents sections: the languages, the document text, and the classification line it opens with.
public static partial class ArchivePageParser
{
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

    /// <summary>The ISO 639 code of a language named in English ("Russian" → "ru"), or null for a name not known here.</summary>
    public static string? LanguageCodeOf(string name) => LanguageCodes.GetValueOrDefault(name.Trim());

    /// <summary>The English name of a language by its ISO 639 code ("ru" → "Russian"), or null for a code not known here.</summary>
    public static string? LanguageNameOf(string code) => LanguageCodes.FirstOrDefault(l => l.Value == code).Key;

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

    [GeneratedRegex(@"\s*[,;/]\s*|\s+and\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LanguageSeparators();

    private static string LanguageCode(string name) =>
        LanguageCodes.TryGetValue(name.Trim(), out var code) ? code : "und";

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

    [GeneratedRegex(@"^(?<kind>translation|transcript(?:ion)?|original(?:\s+scan)?|scan)(?:\s*[-–—:]\s*(?<language>\p{L}[\p{L} ]*?))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex LabelledContents();

    [GeneratedRegex(@"^(?<language>\p{L}+)(?:\s*\((?<kind>transcription|translation|original)\))?\s+(?:HTML|PDF)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ContentsFormat();

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

    private const int MaxClassificationLength = 160;

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

    [GeneratedRegex(@"\b(?:top\s+secret|strictly\s+secret|strictly\s+confidential|secret|confidential|for\s+official\s+use\s+only|eyes\s+only|restricted|unclassified)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMilliseconds)]
    private static partial Regex ClassificationMark();
}

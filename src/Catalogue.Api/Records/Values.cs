namespace Catalogue.Api.Records;

/// <summary>An identifier the document carries in another system, e.g. scheme "wilson-center", value "117886".</summary>
public sealed record ExternalIdentifier(string Scheme, string Value);

/// <summary>Which date of the document a <see cref="DocumentDate"/> is.</summary>
public static class DateRoles
{
    /// <summary>When the document itself was written or registered ("1 December 1949" for a diary entry).</summary>
    public const string Created = "created";

    /// <summary>When the events the document describes took place (the conversation of 10 November 1949).</summary>
    public const string Described = "described";

    /// <summary>When a digital archive or edition published the document.</summary>
    public const string Published = "published";

    public static readonly IReadOnlyList<string> All = [Created, Described, Published];
}

/// <summary>A date as written on or about the document, with its EDTF (ISO 8601-2) normalisation.</summary>
public sealed record DocumentDate(string Role, string AsWritten, string Edtf);

/// <summary>A person or body named on the document; the role is as the archivist words it ("author", "Soviet Ambassador").</summary>
public sealed record Person(string Name, string? Role = null);

/// <summary>An ISO 639 language code with the language's name as written in the source.</summary>
public sealed record Language(string Code, string Name);

/// <summary>
/// Where the original is kept. Every locator is an identifier kept as text ("0100" is not "100", "059a", "R-9401");
/// <see cref="Citation"/> is the citation exactly as the archivist or the source wrote it.
/// </summary>
public partial record ArchivalReference
{
    /// <summary>The repository's authority code ("AVPRF"), or the name as written when it is not in the authority list.</summary>
    public string? Repository { get; init; }

    public string? RepositoryAsWritten { get; init; }

    /// <summary>False when the repository is not in the authority list (kept as written, flagged); null when no repository was named.</summary>
    public bool? RepositoryKnown { get; init; }

    public string? Fond { get; init; }
    public string? Opis { get; init; }
    public string? Delo { get; init; }
    public string? Poryadok { get; init; }
    public string? Papka { get; init; }

    /// <summary>Normalised folios: "81-85", "92-93ob", "12ob", "0055".</summary>
    public string? Folios { get; init; }

    public string? FileNumber { get; init; }
    public string? DocumentNumber { get; init; }
    public string? Pages { get; init; }
    public string? Box { get; init; }
    public string? RecordGroup { get; init; }
    public string? Series { get; init; }
    public string? Signature { get; init; }
    public string? Year { get; init; }
    public string? Issue { get; init; }
    public string? Country { get; init; }
    public string? Collection { get; init; }
    public string? Folder { get; init; }
    public string? Lot { get; init; }
    public string? Classification { get; init; }
    public string? Publication { get; init; }

    /// <summary>The citation exactly as written.</summary>
    public string? Citation { get; init; }

    /// <summary>The part of <see cref="Citation"/> this reference was read from, when the citation was parsed.</summary>
    public string? Raw { get; init; }

    /// <summary>The version of the citation parser that read the locators from the citation; null when they were given as fields.</summary>
    public string? ParserVersion { get; init; }

    /// <summary>What the parser could not interpret, with why; kept, never dropped.</summary>
    public IReadOnlyList<string> Unparsed { get; init; } = [];

    /// <summary>The file within the opis: the delo, or for AVPRF-style citations without one, the papka.</summary>
    public string? File => Delo ?? Papka;

    /// <summary>The locators in the usual abbreviations: "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85".</summary>
    public string LocatorText() => string.Join(", ", new[]
    {
        Repository,
        Fond is null ? null : $"f. {Fond}",
        Opis is null ? null : $"op. {Opis}",
        Poryadok is null ? null : $"por. {Poryadok}",
        Papka is null ? null : $"pap. {Papka}",
        Delo is null ? null : $"d. {Delo}",
        Folios is null ? null : FoliosText(Folios),
    }.Where(p => p is not null));

    /// <summary>
    /// Normalised folios as a citation gives them: "81-85" → "ll. 81-85", "12ob" → "l. 12ob". Folios kept as typed with
    /// their abbreviation ("ll. 1-5 (copy)") are given as they are, never with a second one.
    /// </summary>
    public static string FoliosText(string folios) =>
        Catalogue.Citations.CitationParser.BeginsWithLeaves(folios) ? folios : (folios.Contains('-') ? "ll. " : "l. ") + folios;

    /// <summary>The most leaves a count is given for: a delo of more is a misreading, not a document.</summary>
    public const int MostLeavesCounted = 100_000;

    /// <summary>
    /// How many leaves normalised folios span, the document's extent: "81-85ob" → 5 (a verso is on the leaf it turns),
    /// "12ob" → 1, "12, 14-15" → 3. Null when any part is not a number or a rising range of numbers ("12a", "xii",
    /// "85-81"), or the count is past <see cref="MostLeavesCounted"/>: a count is given only when it is certain.
    /// </summary>
    public static int? LeavesIn(string folios)
    {
        long leaves = 0;
        foreach (var part in folios.Split(',', StringSplitOptions.TrimEntries))
        {
            if (FolioRange().Match(part) is not { Success: true } range) return null;
            if (!int.TryParse(range.Groups["first"].ValueSpan, out var first)) return null;
            var last = first;
            if (range.Groups["last"].Success && !int.TryParse(range.Groups["last"].ValueSpan, out last)) return null;
            if (first < 1 || last < first) return null;
            leaves += last - first + 1L;
            if (leaves > MostLeavesCounted) return null;
        }

        return leaves == 0 ? null : (int)leaves;
    }

    /// <summary>
    /// The leaves a document spans by its provenance, when certain: of the one reference that gives folios, since two
    /// references (an original and a copy) would give two extents of one document.
    /// </summary>
    public static int? ExtentIn(IEnumerable<ArchivalReference> references) =>
        references.Where(r => r.Folios is not null).ToList() is [var located] ? LeavesIn(located.Folios!) : null;

    /// <summary>An extent as archivists write it: "1 leaf", "5 leaves".</summary>
    public static string LeavesText(int leaves) => $"{leaves.ToString(System.Globalization.CultureInfo.InvariantCulture)} {LeavesUnit(leaves)}";

    /// <summary>The unit of an extent in leaves: "leaf" for one, else "leaves".</summary>
    public static string LeavesUnit(int leaves) => leaves == 1 ? "leaf" : "leaves";

    [System.Text.RegularExpressions.GeneratedRegex("^(?<first>[0-9]{1,9})(ob)?(-(?<last>[0-9]{1,9})(ob)?)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FolioRange();

    /// <summary>Just the reference, without anything a subtype adds.</summary>
    public ArchivalReference Reference() => new(this);

    /// <summary>Same citation, same parse and same locators (records compare lists by reference, so compare the JSON).</summary>
    public bool SameAs(ArchivalReference other) =>
        System.Text.Json.JsonSerializer.Serialize(Reference()) == System.Text.Json.JsonSerializer.Serialize(other.Reference());

    /// <summary>The same reading of the same citation, whichever parser version produced it.</summary>
    public bool SameReadingAs(ArchivalReference other) =>
        (Reference() with { ParserVersion = null }).SameAs(other.Reference() with { ParserVersion = null });
}

/// <summary>Whether a full text is in the document's original language or a translation of it.</summary>
public static class TextKinds
{
    public const string Original = "original";
    public const string Translation = "translation";

    public static readonly IReadOnlyList<string> All = [Original, Translation];
}

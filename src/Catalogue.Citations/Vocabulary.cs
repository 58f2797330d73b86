using System.Collections.Frozen;

namespace Catalogue.Citations;

/// <summary>What a locator key stands for.</summary>
internal enum Field : byte
{
    None,
    Fond,
    Opis,
    Delo,
    Poryadok,
    Papka,
    Folios,
    Pages,

    /// <summary>"p.": papka inside a fond before the delo (AVPRF), pages anywhere else.</summary>
    PapkaOrPages,
    RecordGroup,
    Box,
    Series,
    Year,
    Issue,
    Country,
    Lot,
    Job,
    Frc,
    Signature,
    FileNumber,
    Folder,
}

[Flags]
internal enum KeyUse : byte
{
    None = 0,

    /// <summary>Spelled out ("fond", "delo"): may follow a name without a comma, even without a period.</summary>
    Anywhere = 1,

    /// <summary>Only with a colon ("Country: …"), so that "Country File" stays text.</summary>
    NeedsColon = 2,
}

/// <summary>The words citations are made of: locator keys, abbreviations, classification marks, names of institutions.</summary>
internal static class Vocabulary
{
    private const int LongestWord = 24;

    private static readonly FrozenDictionary<string, (Field Field, KeyUse Use)> Keys = new Dictionary<string, (Field, KeyUse)>
    {
        ["f"] = (Field.Fond, KeyUse.None),
        ["fond"] = (Field.Fond, KeyUse.Anywhere),
        ["ф"] = (Field.Fond, KeyUse.None),
        ["фонд"] = (Field.Fond, KeyUse.Anywhere),
        ["op"] = (Field.Opis, KeyUse.None),
        ["opis"] = (Field.Opis, KeyUse.Anywhere),
        ["opys"] = (Field.Opis, KeyUse.Anywhere),
        ["оп"] = (Field.Opis, KeyUse.None),
        ["опись"] = (Field.Opis, KeyUse.Anywhere),
        ["опис"] = (Field.Opis, KeyUse.Anywhere),
        ["d"] = (Field.Delo, KeyUse.None),
        ["delo"] = (Field.Delo, KeyUse.Anywhere),
        ["д"] = (Field.Delo, KeyUse.None),
        ["дело"] = (Field.Delo, KeyUse.Anywhere),
        ["spr"] = (Field.Delo, KeyUse.None),
        ["sprava"] = (Field.Delo, KeyUse.Anywhere),
        ["спр"] = (Field.Delo, KeyUse.None),
        ["справа"] = (Field.Delo, KeyUse.Anywhere),
        ["por"] = (Field.Poryadok, KeyUse.None),
        ["poryadok"] = (Field.Poryadok, KeyUse.Anywhere),
        ["пор"] = (Field.Poryadok, KeyUse.None),
        ["порядок"] = (Field.Poryadok, KeyUse.Anywhere),
        ["pap"] = (Field.Papka, KeyUse.None),
        ["papka"] = (Field.Papka, KeyUse.Anywhere),
        ["пап"] = (Field.Papka, KeyUse.None),
        ["папка"] = (Field.Papka, KeyUse.Anywhere),
        ["p"] = (Field.PapkaOrPages, KeyUse.None),
        ["п"] = (Field.PapkaOrPages, KeyUse.None),
        ["pp"] = (Field.Pages, KeyUse.None),
        ["page"] = (Field.Pages, KeyUse.None),
        ["pages"] = (Field.Pages, KeyUse.None),
        ["стр"] = (Field.Pages, KeyUse.None),
        ["l"] = (Field.Folios, KeyUse.None),
        ["ll"] = (Field.Folios, KeyUse.None),
        ["list"] = (Field.Folios, KeyUse.None),
        ["listy"] = (Field.Folios, KeyUse.None),
        ["л"] = (Field.Folios, KeyUse.None),
        ["лл"] = (Field.Folios, KeyUse.None),
        ["лист"] = (Field.Folios, KeyUse.None),
        ["листы"] = (Field.Folios, KeyUse.None),
        ["ark"] = (Field.Folios, KeyUse.None),
        ["арк"] = (Field.Folios, KeyUse.None),
        ["fol"] = (Field.Folios, KeyUse.None),
        ["fols"] = (Field.Folios, KeyUse.None),
        ["folio"] = (Field.Folios, KeyUse.None),
        ["folios"] = (Field.Folios, KeyUse.None),
        ["bl"] = (Field.Folios, KeyUse.None),
        ["bll"] = (Field.Folios, KeyUse.None),
        ["blatt"] = (Field.Folios, KeyUse.None),
        ["k"] = (Field.Folios, KeyUse.None),
        ["kk"] = (Field.Folios, KeyUse.None),
        ["karta"] = (Field.Folios, KeyUse.None),
        ["karty"] = (Field.Folios, KeyUse.None),
        ["rg"] = (Field.RecordGroup, KeyUse.Anywhere),
        ["box"] = (Field.Box, KeyUse.None),
        ["folder"] = (Field.Folder, KeyUse.None),
        ["series"] = (Field.Series, KeyUse.None),
        ["year"] = (Field.Year, KeyUse.None),
        ["issue"] = (Field.Issue, KeyUse.None),
        ["issues"] = (Field.Issue, KeyUse.None),
        ["country"] = (Field.Country, KeyUse.NeedsColon),
        ["lot"] = (Field.Lot, KeyUse.None),
        ["job"] = (Field.Job, KeyUse.None),
        ["frc"] = (Field.Frc, KeyUse.None),
        ["sygn"] = (Field.Signature, KeyUse.None),
        ["signatur"] = (Field.Signature, KeyUse.None),
        ["signatura"] = (Field.Signature, KeyUse.None),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, (Field Field, KeyUse Use)>.AlternateLookup<ReadOnlySpan<char>> KeysBySpan =
        Keys.GetAlternateLookup<ReadOnlySpan<char>>();

    // A period after these does not end a sentence ("Vol. I", "WPB Chron.", "op. cit.").
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "vol", "vols", "no", "nos", "nr", "chron", "ca", "cf", "mr", "mrs", "ms", "dr", "st", "jr", "sr", "co", "corp", "inc", "ltd",
        "ed", "eds", "trans", "transl", "comp", "vs", "approx", "dept", "univ", "gen", "col", "lt", "adm", "sen", "rep", "gov", "pres",
        "amb", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "misc", "memo", "tel", "doc", "docs",
        "pt", "ch", "fig", "ibid", "op", "f", "ff", "d", "l", "ll", "p", "pp", "por", "pap", "ob", "k", "bl", "t", "str", "spr", "ark",
        "т", "г", "гг", "стр", "ф", "оп", "д", "л", "лл", "об", "пор", "пап", "спр", "арк",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationsBySpan =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string> InstitutionWords = new[]
    {
        "archive", "archives", "archiv", "archivum", "archiwum", "arhiva", "arhivele", "archivo", "archivio", "archief", "bundesarchiv",
        "library", "libraries", "bibliothek", "university", "universität", "center", "centre", "museum", "institute", "institution",
        "agency", "department", "ministry", "office", "foundation", "levéltár", "levéltára", "leveltar", "архив", "центр", "библиотека",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> InstitutionWordsBySpan =
        InstitutionWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Words that open a credit, not a bibliographic description ("Translated by …").
    private static readonly FrozenSet<string> CreditWords = new[]
    {
        "translated", "obtained", "contributed", "donated", "provided", "drafted", "transcribed", "digitized", "digitised", "courtesy",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CreditWordsBySpan =
        CreditWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[][] ClassificationLevels =
    [
        ["top", "secret"], ["secret"], ["confidential"], ["unclassified"], ["limited", "official", "use"], ["official", "use", "only"],
        ["restricted"], ["strictly", "confidential"], ["eyes", "only"], ["совершенно", "секретно"], ["строго", "секретно"], ["секретно"],
    ];

    public static bool TryKey(ReadOnlySpan<char> word, out Field field, out KeyUse use)
    {
        // "Opis’": the soft sign written as an apostrophe belongs to the word, not to the key.
        while (word.Length > 0 && Scanner.IsApostrophe(word[^1]))
        {
            word = word[..^1];
        }

        Span<char> lower = stackalloc char[LongestWord];
        if (Lower(word, lower) is var length && length > 0 && KeysBySpan.TryGetValue(lower[..length], out var key))
        {
            (field, use) = key;
            return true;
        }

        (field, use) = (Field.None, KeyUse.None);
        return false;
    }

    public static bool IsAbbreviation(ReadOnlySpan<char> word) => In(AbbreviationsBySpan, word);

    public static bool IsInstitutionWord(ReadOnlySpan<char> word) => In(InstitutionWordsBySpan, word);

    public static bool IsCreditWord(ReadOnlySpan<char> word) => In(CreditWordsBySpan, word);

    public static bool Is(ReadOnlySpan<char> word, string lowerCase)
    {
        if (word.Length != lowerCase.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            if (char.ToLowerInvariant(word[i]) != lowerCase[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"ob" / "об" (also typed with mixed scripts): the verso of a folio.</summary>
    public static bool IsVerso(ReadOnlySpan<char> word) =>
        (word.Length == 2 && char.ToLowerInvariant(word[0]) is 'o' or 'о' && char.ToLowerInvariant(word[1]) is 'b' or 'б')
        || Is(word, "oborot") || Is(word, "оборот");

    public static bool IsConnector(ReadOnlySpan<char> word) => Is(word, "and") || Is(word, "и") || Is(word, "und") || Is(word, "et");

    /// <summary>Length in words of the classification level starting at token <paramref name="first"/>, 0 when there is none.</summary>
    public static int ClassificationLevelAt(string text, ReadOnlySpan<Token> tokens, int first)
    {
        foreach (var level in ClassificationLevels)
        {
            var matched = 0;
            while (matched < level.Length && first + matched < tokens.Length
                   && tokens[first + matched] is { Kind: TokenKind.Word } word
                   && Is(text.AsSpan(word.Start, word.Length), level[matched]))
            {
                matched++;
            }

            if (matched == level.Length)
            {
                return matched;
            }
        }

        return 0;
    }

    private static bool In(FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> set, ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[LongestWord];
        return Lower(word, lower) is var length && length > 0 && set.Contains(lower[..length]);
    }

    private static int Lower(ReadOnlySpan<char> word, Span<char> lower)
    {
        if (word.Length > lower.Length)
        {
            return 0;
        }

        for (var i = 0; i < word.Length; i++)
        {
            lower[i] = char.ToLowerInvariant(word[i]);
        }

        return word.Length;
    }
}

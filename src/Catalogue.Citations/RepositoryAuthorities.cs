using System.Collections.Frozen;

namespace Catalogue.Citations;

/// <summary>A repository in the authority list: its code, names, and every alias and former name citations use for it.</summary>
public sealed record RepositoryAuthority(string Code, string NameEnglish, string? NameOriginal, string Country, IReadOnlyList<string> Aliases, IReadOnlyList<string> FormerNames);

/// <summary>The repositories the catalogue knows, and the lookup from any way of writing them to their authority.</summary>
public static class RepositoryAuthorities
{
    private const int LongestKey = 128;

    private static readonly Entry[] Entries =
    [
        Russian("AVPRF", "Foreign Policy Archive of the Russian Federation", "Архив внешней политики Российской Федерации",
            ["AVP RF", "Archive of Foreign Policy of the Russian Federation", "Archive of the Foreign Policy of the Russian Federation", "Russian Foreign Policy Archive", "Foreign Policy Archive of Russia", "АВП РФ", "АВПРФ"],
            ["AVP SSSR", "Archive of Foreign Policy of the USSR", "Foreign Policy Archive of the USSR", "АВП СССР"]),
        Russian("APRF", "Archive of the President of the Russian Federation", "Архив Президента Российской Федерации",
            ["AP RF", "Presidential Archive", "Russian Presidential Archive", "Presidential Archive of the Russian Federation", "Archive of the President, Russian Federation", "АП РФ", "АПРФ"],
            ["Archive of the Politburo of the CC CPSU", "Politburo Archive"]),
        Russian("RGASPI", "Russian State Archive of Socio-Political History", "Российский государственный архив социально-политической истории",
            ["Russian State Archive of Social and Political History", "Russian State Archive of Socio-Political History (RGASPI)", "РГАСПИ"],
            ["RTsKhIDNI", "Russian Centre for the Preservation and Study of Documents of Recent History", "Russian Center for the Preservation and Study of Documents of Recent History", "РЦХИДНИ", "TsPA", "Central Party Archive", "ЦПА"]),
        Russian("GARF", "State Archive of the Russian Federation", "Государственный архив Российской Федерации",
            ["GA RF", "ГА РФ", "ГАРФ"],
            ["TsGAOR", "TsGAOR SSSR", "Central State Archive of the October Revolution", "ЦГАОР", "ЦГАОР СССР", "TsGA RSFSR", "ЦГА РСФСР"]),
        Russian("RGANI", "Russian State Archive of Contemporary History", "Российский государственный архив новейшей истории",
            ["Russian State Archive of Recent History", "РГАНИ"],
            ["TsKhSD", "Centre for the Preservation of Contemporary Documentation", "Center for the Preservation of Contemporary Documentation", "Storage Center for Contemporary Documentation", "ЦХСД"]),
        Russian("RGAE", "Russian State Archive of the Economy", "Российский государственный архив экономики",
            ["Russian State Archive of Economy", "РГАЭ"],
            ["TsGANKh", "Central State Archive of the National Economy", "ЦГАНХ"]),
        Russian("TsAMO", "Central Archive of the Ministry of Defence of the Russian Federation", "Центральный архив Министерства обороны Российской Федерации",
            ["TsAMO RF", "Central Archive of the Ministry of Defense of the Russian Federation", "Central Archive of the Russian Ministry of Defence", "ЦАМО", "ЦАМО РФ"],
            ["TsAMO SSSR", "ЦАМО СССР"]),
        Russian("RGVA", "Russian State Military Archive", "Российский государственный военный архив",
            ["РГВА"],
            ["TsGASA", "Central State Archive of the Soviet Army", "ЦГАСА"]),
        Russian("RGVIA", "Russian State Military History Archive", "Российский государственный военно-исторический архив",
            ["Russian State Military Historical Archive", "РГВИА"],
            ["TsGVIA", "Central State Military History Archive", "ЦГВИА"]),
        Russian("RGALI", "Russian State Archive of Literature and Art", "Российский государственный архив литературы и искусства",
            ["Russian State Archive of Literature and Arts", "РГАЛИ"],
            ["TsGALI", "Central State Archive of Literature and Art", "ЦГАЛИ"]),
        Russian("RGIA", "Russian State Historical Archive", "Российский государственный исторический архив",
            ["РГИА"],
            ["TsGIA", "Central State Historical Archive", "ЦГИА"]),
        Russian("RGADA", "Russian State Archive of Ancient Acts", "Российский государственный архив древних актов",
            ["РГАДА"],
            ["TsGADA", "Central State Archive of Ancient Acts", "ЦГАДА"]),
        Russian("GAPPOD", "State Archive of Political Parties and Social Movements of the Azerbaijan Republic", "Azərbaycan Respublikası Siyasi Partiyalar və İctimai Hərəkatlar Dövlət Arxivi",
            ["GAPPOD AzR", "GAPPOD AR", "State Archive of Political Parties and Public Movements of Azerbaijan", "ГАППОД", "ГАППОД АзР"],
            [], country: "AZ"),
        new("PRC FMA", "Foreign Ministry Archive of the People's Republic of China", "中华人民共和国外交部档案馆", "CN",
            ["PRCFMA", "Chinese Foreign Ministry Archive", "Chinese Foreign Ministry Archives", "PRC Foreign Ministry Archive", "PRC Foreign Ministry Archives",
             "Archive of the Ministry of Foreign Affairs of the People's Republic of China", "Foreign Ministry Archive of the PRC", "外交部档案馆"],
            [], CitationScheme.ChineseFileNumber),
        new("SAPMO-BArch", "Foundation Archives of Parties and Mass Organisations of the GDR in the Federal Archives", "Stiftung Archiv der Parteien und Massenorganisationen der DDR im Bundesarchiv", "DE",
            ["SAPMO", "SAPMO-BA", "SAPMO BArch", "SAPMO-Bundesarchiv", "BArch SAPMO", "BArch-SAPMO", "Foundation Archives of Parties and Mass Organizations of the GDR in the Federal Archives"],
            [], CitationScheme.Signature),
        new("MNL OL", "National Archives of Hungary", "Magyar Nemzeti Levéltár Országos Levéltára", "HU",
            ["MNL-OL", "MNL", "Hungarian National Archives", "Hungarian National Archive", "Magyar Nemzeti Levéltár", "Magyar Nemzeti Leveltar Orszagos Leveltara"],
            ["MOL", "Magyar Országos Levéltár", "Magyar Orszagos Leveltar", "Hungarian National Archives (MOL)"], CitationScheme.Hungarian),
        new("AAN", "Archive of New Records", "Archiwum Akt Nowych", "PL",
            ["Archive of New Records, Warsaw", "Archives of New Records", "Central Archives of Modern Records", "Archive of Modern Records", "Archiwum Akt Nowych w Warszawie", "AAN Warsaw"],
            [], CitationScheme.Locators),
        new("AMAE", "Archive of the Ministry of Foreign Affairs of Romania", "Arhiva Ministerului Afacerilor Externe", "RO",
            ["Archive of the Romanian Ministry of Foreign Affairs", "Archives of the Romanian Ministry of Foreign Affairs", "Romanian Foreign Ministry Archive", "Romanian Foreign Ministry Archives",
             "Archives of the Ministry of Foreign Affairs of Romania", "Arhiva MAE", "Arhivele Ministerului Afacerilor Externe"],
            [], CitationScheme.Locators),
        American("NARA", "National Archives and Records Administration",
            ["National Archives", "US National Archives", "U.S. National Archives", "National Archives II", "NARA II", "National Archives, College Park", "National Archives and Records Administration, College Park",
             "Washington National Records Center", "WNRC", "National Records Center"],
            ["National Archives and Records Service", "NARS"]),
        American("Truman Library", "Harry S. Truman Library",
            ["Harry S. Truman Presidential Library", "Harry S. Truman Library and Museum", "Harry S. Truman Presidential Library and Museum", "Truman Presidential Library", "HSTL"], []),
        American("Eisenhower Library", "Dwight D. Eisenhower Library",
            ["Dwight D. Eisenhower Presidential Library", "Dwight D. Eisenhower Presidential Library and Museum", "Eisenhower Presidential Library", "DDEL"], []),
        American("JFK Library", "John F. Kennedy Library",
            ["Kennedy Library", "John F. Kennedy Presidential Library", "John F. Kennedy Presidential Library and Museum", "Kennedy Presidential Library", "JFKL"], []),
        American("LBJ Library", "Lyndon B. Johnson Library",
            ["Johnson Library", "Lyndon Baines Johnson Library", "Lyndon B. Johnson Presidential Library", "Lyndon Baines Johnson Library and Museum", "Johnson Presidential Library", "LBJL"], []),
        American("Nixon Library", "Richard Nixon Library",
            ["Richard Nixon Presidential Library", "Richard Nixon Presidential Library and Museum", "Nixon Presidential Library"],
            ["Nixon Presidential Materials", "Nixon Presidential Materials Project", "Nixon Presidential Materials Staff"]),
        American("Ford Library", "Gerald R. Ford Library",
            ["Gerald R. Ford Presidential Library", "Gerald R. Ford Presidential Library and Museum", "Ford Presidential Library", "GRFL"], []),
        American("Carter Library", "Jimmy Carter Library",
            ["Jimmy Carter Presidential Library", "Jimmy Carter Presidential Library and Museum", "Carter Presidential Library"], []),
        American("Reagan Library", "Ronald Reagan Library",
            ["Ronald Reagan Presidential Library", "Ronald Reagan Presidential Library and Museum", "Reagan Presidential Library"], []),
        American("CIA", "Central Intelligence Agency", ["C.I.A.", "US Central Intelligence Agency"], []),
        American("DOS", "United States Department of State",
            ["Department of State", "US Department of State", "U.S. Department of State", "State Department", "US State Department"], []),
    ];

    private static readonly FrozenDictionary<string, Entry> ByKey = BuildIndex();

    private static readonly FrozenDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> ByKeySpan = ByKey.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every repository in the authority list.</summary>
    public static IReadOnlyList<RepositoryAuthority> All { get; } = [.. Entries.Select(e => e.Authority)];

    /// <summary>
    /// The authority a name, code, alias or former name stands for, ignoring case, spaces and punctuation
    /// ("AP RF", "APRF", "Archive of the President of the Russian Federation", "RTsKhIDNI", "TsAMO RF");
    /// a name with a parenthesised code ("State Archive of the Russian Federation (GA RF)") is also found. Null when unknown.
    /// </summary>
    public static RepositoryAuthority? Resolve(string nameOrAlias) =>
        nameOrAlias is null ? null : Find(nameOrAlias.AsSpan())?.Authority;

    internal static Entry? Find(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > LongestKey * 3)
        {
            return null;
        }

        if (Lookup(name) is { } whole)
        {
            return whole;
        }

        // "State Archive of the Russian Federation (GA RF)": the code in brackets, or the name without it.
        var open = name.IndexOf('(');
        if (open >= 0)
        {
            var close = name[open..].IndexOf(')');
            if (close > 0)
            {
                var inside = name.Slice(open + 1, close - 1);
                if (Lookup(inside) is { } code)
                {
                    return code;
                }

                var outside = name[..open];
                var rest = name[(open + close + 1)..].Trim();
                if (rest.Length == 0 && Lookup(outside) is { } named)
                {
                    return named;
                }
            }
        }

        return null;
    }

    internal static CitationScheme SchemeOf(RepositoryAuthority authority) =>
        Lookup(authority.Code.AsSpan()) is { } entry ? entry.Scheme : CitationScheme.Locators;

    private static Entry? Lookup(ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.Length > 4 && name[..4].Equals("the ", StringComparison.OrdinalIgnoreCase))
        {
            name = name[4..];
        }

        Span<char> key = stackalloc char[LongestKey];
        var length = Normalise(name, key);
        return length > 0 && ByKeySpan.TryGetValue(key[..length], out var entry) ? entry : null;
    }

    /// <summary>Letters and digits only, lower case: "A.P. R-F" and "aprf" are the same key. 0 when too long to be a name.</summary>
    private static int Normalise(ReadOnlySpan<char> name, Span<char> key)
    {
        var length = 0;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                continue;
            }

            if (length == key.Length)
            {
                return 0;
            }

            var lower = char.ToLowerInvariant(c);
            key[length++] = lower == 'ё' ? 'е' : lower;
        }

        return length;
    }

    private static FrozenDictionary<string, Entry> BuildIndex()
    {
        var index = new Dictionary<string, Entry>(StringComparer.Ordinal);
        Span<char> key = stackalloc char[LongestKey];
        foreach (var entry in Entries)
        {
            var a = entry.Authority;
            foreach (var name in new[] { a.Code, a.NameEnglish }.Concat(a.NameOriginal is null ? [] : [a.NameOriginal]).Concat(a.Aliases).Concat(a.FormerNames))
            {
                var length = Normalise(name, key);
                if (length == 0)
                {
                    throw new InvalidOperationException($"Repository name '{name}' of {a.Code} has no letters or is too long.");
                }

                var normalised = new string(key[..length]);
                if (index.TryGetValue(normalised, out var other) && other != entry)
                {
                    throw new InvalidOperationException($"'{name}' names both {other.Authority.Code} and {a.Code}.");
                }

                index[normalised] = entry;
            }
        }

        return index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static Entry Russian(string code, string english, string original, string[] aliases, string[] former, string country = "RU") =>
        new(code, english, original, country, aliases, former, CitationScheme.Locators);

    private static Entry American(string code, string english, string[] aliases, string[] former) =>
        new(code, english, null, "US", aliases, former, CitationScheme.American);

    internal sealed class Entry(string code, string english, string? original, string country, string[] aliases, string[] former, CitationScheme scheme)
    {
        public RepositoryAuthority Authority { get; } = new(code, english, original, country, aliases, former);

        public CitationScheme Scheme { get; } = scheme;
    }
}

/// <summary>How a repository's citations place a document, beyond the keyed locators every shape shares.</summary>
internal enum CitationScheme
{
    /// <summary>Keyed locators only: f./op./d./ll., Year/Issue/Country.</summary>
    Locators,

    /// <summary>US source notes: collection, then box/lot/job, then a folder title.</summary>
    American,

    /// <summary>PRC Foreign Ministry Archive: a file number, then pages.</summary>
    ChineseFileNumber,

    /// <summary>SAPMO-BArch: a shelf mark ("DY 30/3508").</summary>
    Signature,

    /// <summary>Hungarian National Archives: fond and country, box (doboz), file (tétel), document number.</summary>
    Hungarian,
}

using Catalogue.Api.Records;

namespace Catalogue.Api.Generation;

/// <summary>What kind of documents a holding keeps, which decides their titles, people and texts.</summary>
public enum DocumentFamily
{
    SovietDiplomacy,
    SovietParty,
    SovietSecurity,
    SovietMilitary,
    Chinese,
    EastGerman,
    Hungarian,
    Romanian,
    Polish,
    American,
    ForeignRelations,
    Memoir,
}

/// <summary>
/// An archive as the catalogue's citations name it, in one of the shapes the citation parser reads: the shape's name,
/// the repository the parser resolves it to (null for one outside the authority list), the documents it keeps, the
/// language they are written in, and how a citation of it is written.
/// </summary>
/// <param name="Programme">The project its documents were translated for ("Translated for CWIHP by …"), or null.</param>
public sealed record Holding(
    string Shape,
    string? Repository,
    DocumentFamily Family,
    Language Original,
    int FromYear,
    int ToYear,
    string? Programme,
    Func<SeededRandom, int, string> Cite);

/// <summary>
/// The archives of the generated catalogue, one for each citation shape the parser reads, as often as a Cold War
/// digital archive cites them (most from Russian archives).
/// </summary>
public static class Holdings
{
    private static readonly Language Russian = new("ru", "Russian");
    private static readonly Language English = new("en", "English");

    public static readonly IReadOnlyList<(Holding Holding, int Weight)> All =
    [
        (new("AVPRF f./op./por./pap./ll.", "AVPRF", DocumentFamily.SovietDiplomacy, Russian, 1949, 1964, "CWIHP", (r, _) =>
            $"{(r.Chance(0.2) ? "AVP RF" : "AVPRF")}, f. {r.Pick(["0100", "07", "059a", "06", "0102", "022"])}, op. {r.Pick(["42", "43", "46", "23a", "5a", "13"])}, " +
            $"por. {r.Between(1, 60)}, {(r.Chance(0.1) ? "pap." : "pap. ")}{r.Between(100, 420)}, {Folios(r)}"), 14),
        (new("AVPRF fond/opis/delo/p.", "AVPRF", DocumentFamily.SovietDiplomacy, Russian, 1949, 1964, "NKIDP", (r, _) =>
            $"AVPRF fond {r.Pick(["07", "0102", "0100"])}, opis {r.Between(9, 48)}, delo {r.Between(1, 120)}, p.{Range(r, 1, 40)}"), 3),
        (new("RGASPI f./op./d./ll.", "RGASPI", DocumentFamily.SovietParty, Russian, 1945, 1953, "CWIHP", RgaspiCitation), 14),
        (new("RGANI, RGAE, GAPPOD f./op./d./ll.", null, DocumentFamily.SovietParty, Russian, 1953, 1968, "CWIHP", (r, _) => r.Next(4) switch
        {
            0 => $"RGANI, f. 5, op. {r.Between(28, 49)}, d. {r.Between(1, 400)}, {Folios(r)}",
            1 => $"TsKhSD, f. 89, op. {r.Between(2, 60)}, d. {r.Between(1, 40)}/{r.Between(1, 9)}",
            2 => $"RGAE, f. {r.Between(4000, 4400)}, op. {r.Between(1, 20)}, d. {r.Between(100, 1200)}{(r.Chance(0.3) ? "a" : "")}, l. {r.Between(1, 90)} ob.",
            _ => $"GAPPOD AzR, f. 1, op. {r.Between(80, 99)}, d. {r.Between(10, 200)}, {Folios(r)}",
        }), 6),
        (new("APRF f./op./d./ll.", "APRF", DocumentFamily.SovietParty, Russian, 1945, 1956, "CWIHP", (r, _) => r.Next(3) switch
        {
            0 => $"APRF, f. 45, op. 1, d. {r.Between(300, 350)}, {Folios(r)}",
            1 => $"AP RF, Fond 3, Opis {r.Between(60, 70)}, Delo {r.Between(100, 900)}, Listy {Range(r, 1, 120)}",
            _ => $"Archive of the President of the Russian Federation (APRF), f. 45, op. 1, d. {r.Between(300, 350)}, {Folios(r)}",
        }), 8),
        (new("GARF Fond/Opis/Delo/List", "GARF", DocumentFamily.SovietSecurity, Russian, 1944, 1956, "CWIHP", (r, _) => r.Next(3) switch
        {
            0 => $"State Archive of the Russian Federation (GA RF), Fond R-9401, Opis’ 2, Delo {r.Between(60, 240)}, List {r.Between(1, 400)}",
            1 => $"GARF, f. R-5446, op. {r.Between(1, 120)}, d. {r.Between(1, 900)}, {Folios(r)}",
            _ => $"GA RF, f. 9401, op. 2, d. {r.Between(60, 240)}, {Folios(r)}",
        }), 6),
        (new("TsAMO fond/opis/delo/list", "TsAMO", DocumentFamily.SovietMilitary, Russian, 1945, 1953, "NKIDP", (r, _) => r.Chance(0.6)
            ? $"TsAMO RF, fond 5, opis {r.Between(918700, 918799)}, delo {r.Between(1, 300)}, list {r.Between(1, 600)}"
            : $"TsAMO, f. 16a, op. {r.Between(3100, 3200)}, d. {r.Between(1, 300)}, {Folios(r)}"), 3),
        (new("Russian in Cyrillic", null, DocumentFamily.SovietDiplomacy, Russian, 1949, 1960, "CWIHP", (r, _) => r.Next(4) switch
        {
            0 => $"РГАСПИ. Ф. 17. Оп. {r.Pick(["3", "162", "128"])}. Д. {r.Between(1, 1100)}. {CyrillicFolios(r)}",
            1 => $"АВП РФ. Ф. 0100. Оп. {r.Between(40, 48)}. Пор. {r.Between(1, 60)}. Пап. {r.Between(100, 420)}. {CyrillicFolios(r)}",
            2 => $"ГА РФ. Ф. Р-9401. Оп. 2. Д. {r.Between(60, 240)}. Л. {r.Between(1, 400)}",
            _ => $"АП РФ. Ф. 45. Оп. 1. Д. {r.Between(300, 350)}. {CyrillicFolios(r)}",
        }), 6),
        (new("Two archives in one citation", "APRF", DocumentFamily.SovietDiplomacy, Russian, 1949, 1953, "CWIHP", (r, _) => r.Chance(0.5)
            ? $"APRF, Fond 45, Opis 1, Delo {r.Between(300, 350)}, List {r.Between(1, 200)} and AVPRF, Fond 059a, Opis 5a, Delo {r.Between(1, 30)}, Papka {r.Between(1, 40)}, List {r.Between(1, 200)}"
            : $"AP RF, f. 45, op. 1, d. {r.Between(300, 350)}, l. {r.Between(1, 200)}; and RGASPI, f. 558, op. 11, d. {r.Between(300, 350)}, ll. 0{r.Between(100, 199)}"), 4),
        (new("PRC FMA file number", "PRC FMA", DocumentFamily.Chinese, new("zh", "Chinese"), 1954, 1965, "CWIHP", (r, _) =>
        {
            var file = $"{r.Pick(["102", "105", "106", "109", "110", "113", "117", "204"])}-{r.Between(1, 1999):D5}-{r.Between(1, 12):D2}";
            return r.Chance(0.7) ? $"PRC FMA {file}, {Range(r, 1, 60)}" : $"Chinese Foreign Ministry Archive, {file}, pp. {Range(r, 1, 60)}";
        }), 9),
        (new("SAPMO-BArch signature", "SAPMO-BArch", DocumentFamily.EastGerman, new("de", "German"), 1953, 1971, "CWIHP", (r, _) => r.Next(3) switch
        {
            0 => $"SAPMO-BArch, DY 30/{r.Between(3300, 3700)}",
            1 => $"SAPMO-BArch DY 30/IV 2/2.035/{r.Between(1, 200)}, Bl. {Range(r, 1, 150)}",
            _ => $"SAPMO-BArch, NY 4090/{r.Between(400, 700)}, Bl. {Range(r, 1, 150)}",
        }), 5),
        (new("Hungarian fond/doboz", "MNL OL", DocumentFamily.Hungarian, new("hu", "Hungarian"), 1953, 1968, "NKIDP", (r, year) =>
            $"{(r.Chance(0.7) ? "MOL" : "MNL OL")}, XIX-J-1-j {r.Pick(["Korea", "China", "Vietnam", "Mongolia"])}, {r.Between(1, 40)}. doboz, {r.Between(1, 40)}/{r.Pick(["b", "f", "a"])}, " +
            $"{r.Between(1, 9999):D6}/{r.Between(1, 9)}/{year}"), 4),
        (new("Romanian AMAE year/issue/country", "AMAE", DocumentFamily.Romanian, new("ro", "Romanian"), 1953, 1965, "NKIDP", (r, year) =>
        {
            var country = r.Pick(["the Democratic People’s Republic of Korea", "the People’s Republic of China", "the Democratic Republic of Vietnam"]);
            return r.Chance(0.5)
                ? $"Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: {year}; Issues {string.Join(' ', Enumerable.Range(0, r.Between(2, 9)).Select(_ => r.Between(1, 700)))}; Country: {country}"
                : $"Archive of the Romanian Ministry of Foreign Affairs, Year {year + r.Between(0, 1)}; Issue {r.Between(1, 60)}; Country: {country}";
        }), 4),
        (new("Polish AAN signature", "AAN", DocumentFamily.Polish, new("pl", "Polish"), 1956, 1970, "CWIHP", (r, _) =>
            $"AAN, KC PZPR, sygn. {r.Between(200, 3000)}, k. {Range(r, 1, 90)}"), 2),
        (new("US NARA RG/box/folder", "NARA", DocumentFamily.American, English, 1949, 1969, null, (r, year) => r.Next(3) switch
        {
            0 => $"NARA, RG 59, Central Decimal File {DecimalFileYears(year)}, Box {r.Between(1000, 5000)}, folder {r.Between(1, 30)}",
            1 => $"NARA, RG 84, Records of the Foreign Service Posts, Box {r.Between(1, 200)}, folder {r.Between(1, 30)}",
            _ => $"National Archives, Record Group 59, Central Decimal File {DecimalFileYears(year)}, Box {r.Between(1000, 5000)}",
        }), 4),
        (new("US FRUS source note", null, DocumentFamily.ForeignRelations, English, 1964, 1968, null, (r, year) => r.Next(3) switch
        {
            0 => $"Source: Department of State, Central Files, POL {r.Between(1, 32)} VIET S. {FrusMarks(r)}.",
            1 => $"Source: Johnson Library, National Security File, Country File, Vietnam, Vol. {r.Pick(["I", "II", "III", "XIV", "XXV"])}, Memos. {FrusMarks(r)}. Sent to Saigon exclusive for Lodge.",
            _ => $"Source: Central Intelligence Agency, DCI (McCone) Files, Job 80–B01285A, Vietnam, 01 Feb-27 Feb, {year}. {FrusMarks(r)}. Drafted by Colby.",
        }), 5),
        (new("Published source", null, DocumentFamily.Memoir, new("sh", "Serbo-Croatian"), 1944, 1948, null, (r, _) => r.Chance(0.6)
            ? $"Milovan Djilas. Wartime. Translated by {Figures.MemoirTranslator}. (New York: Harcourt Brace Jovanovich, 1977), {Range(r, 380, 440)}."
            : $"Milovan Djilas. Conversations with Stalin. Translated by {Figures.MemoirTranslator}. (New York: Harcourt, Brace & World, 1962), {Range(r, 60, 190)}."), 1),
        (new("Unknown archive", null, DocumentFamily.SovietDiplomacy, Russian, 1950, 1965, null, (r, _) => r.Next(3) switch
        {
            0 => $"Archive of the Institute of Oriental Studies, fond {r.Between(1, 40)}, opis {r.Between(1, 9)}, delo {r.Between(1, 400)}, {Folios(r)}",
            1 => $"Hoover Institution Archives, Boris I. Nicolaevsky Collection, Box {r.Between(1, 600)}, Folder {r.Between(1, 40)}",
            _ => $"Archive of the Institute of Far Eastern Studies, fond {r.Between(1, 40)}, opis {r.Between(1, 9)}, delo {r.Between(1, 400)}, {Folios(r)}",
        }), 2),
    ];

    /// <summary>"RGASPI, f. 558, op. 11, d. 342, ll. 92", and the corpus's capitalised "F. 558, Op. 11, D. 342, L. 92"; sometimes under its former name.</summary>
    private static string RgaspiCitation(SeededRandom random, int year)
    {
        var (fond, opis) = random.Pick<(string, string)>([("558", "11"), ("17", "162"), ("17", "3"), ("82", "2"), ("495", "74")]);
        var archive = random.Next(10) switch
        {
            0 => "RTsKhIDNI",
            1 => "Russian State Archive of Socio-Political History (RGASPI)",
            _ => "RGASPI",
        };
        var delo = random.Between(1, 1200);
        return random.Chance(0.25)
            ? $"{archive}, F. {fond}, Op. {opis}, D. {delo}, L. {random.Between(1, 200)}"
            : $"{archive}, f. {fond}, op. {opis}, d. {delo}, {Folios(random)}";
    }

    /// <summary>Folios as citations write them: one ("l. 92"), a range ("ll. 81-85"), a verso ("ll. 92-93 ob.", "ll. 12-13ob").</summary>
    private static string Folios(SeededRandom random)
    {
        var first = random.Between(1, 300);
        return random.Next(10) switch
        {
            < 3 => $"l. {first}",
            < 7 => $"ll. {first}-{first + random.Between(1, 12)}",
            < 9 => $"ll. {first}-{first + random.Between(1, 6)} ob.",
            _ => $"ll. {first}-{first + random.Between(1, 6)}ob",
        };
    }

    private static string CyrillicFolios(SeededRandom random)
    {
        var first = random.Between(1, 300);
        return random.Chance(0.4) ? $"Л. {first}" : $"Лл. {first}-{first + random.Between(1, 8)}{(random.Chance(0.3) ? " об." : "")}";
    }

    private static string Range(SeededRandom random, int from, int to)
    {
        var first = random.Between(from, to);
        return $"{first}-{first + random.Between(1, 9)}";
    }

    private static string DecimalFileYears(int year) => year switch
    {
        < 1950 => "1945-49",
        < 1955 => "1950-54",
        < 1960 => "1955-59",
        < 1964 => "1960-63",
        _ => "1964-66",
    };

    /// <summary>FRUS's classification marks, which its source notes give after the file.</summary>
    public static string FrusMarks(SeededRandom random) =>
        random.Pick(["Secret", "Secret; Priority; Exdis", "Top Secret; Eyes Only", "Confidential", "Secret; Exclusive; No Night Action", "Secret; Immediate; Nodis", "Top Secret"]);
}

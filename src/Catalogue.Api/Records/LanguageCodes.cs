using System.Collections.Frozen;

namespace Catalogue.Api.Records;

/// <summary>
/// ISO 639 codes as the catalogue records them and as the archive world's formats want them: one code per language,
/// ISO 639-1 where the language has one ("ru"), else its three-letter code; EAD3 and MARC-based harvesters want ISO
/// 639-2/B ("rus", "chi", "ger").
/// </summary>
public static class LanguageCodes
{
    /// <summary>Every ISO 639-1 code with its ISO 639-2/B code (a table, not the machine's culture data, which may be absent).</summary>
    private const string OneToTwoB =
        "aa:aar ab:abk ae:ave af:afr ak:aka am:amh an:arg ar:ara as:asm av:ava ay:aym az:aze ba:bak be:bel bg:bul bh:bih " +
        "bi:bis bm:bam bn:ben bo:tib br:bre bs:bos ca:cat ce:che ch:cha co:cos cr:cre cs:cze cu:chu cv:chv cy:wel da:dan " +
        "de:ger dv:div dz:dzo ee:ewe el:gre en:eng eo:epo es:spa et:est eu:baq fa:per ff:ful fi:fin fj:fij fo:fao fr:fre " +
        "fy:fry ga:gle gd:gla gl:glg gn:grn gu:guj gv:glv ha:hau he:heb hi:hin ho:hmo hr:hrv ht:hat hu:hun hy:arm hz:her " +
        "ia:ina id:ind ie:ile ig:ibo ii:iii ik:ipk io:ido is:ice it:ita iu:iku ja:jpn jv:jav ka:geo kg:kon ki:kik kj:kua " +
        "kk:kaz kl:kal km:khm kn:kan ko:kor kr:kau ks:kas ku:kur kv:kom kw:cor ky:kir la:lat lb:ltz lg:lug li:lim ln:lin " +
        "lo:lao lt:lit lu:lub lv:lav mg:mlg mh:mah mi:mao mk:mac ml:mal mn:mon mr:mar ms:may mt:mlt my:bur na:nau nb:nob " +
        "nd:nde ne:nep ng:ndo nl:dut nn:nno no:nor nr:nbl nv:nav ny:nya oc:oci oj:oji om:orm or:ori os:oss pa:pan pi:pli " +
        "pl:pol ps:pus pt:por qu:que rm:roh rn:run ro:rum ru:rus rw:kin sa:san sc:srd sd:snd se:sme sg:sag si:sin sk:slo " +
        "sl:slv sm:smo sn:sna so:som sq:alb sr:srp ss:ssw st:sot su:sun sv:swe sw:swa ta:tam te:tel tg:tgk th:tha ti:tir " +
        "tk:tuk tl:tgl tn:tsn to:ton tr:tur ts:tso tt:tat tw:twi ty:tah ug:uig uk:ukr ur:urd uz:uzb ve:ven vi:vie vo:vol " +
        "wa:wln wo:wol xh:xho yi:yid yo:yor za:zha zh:chi zu:zul";

    /// <summary>The twenty languages whose terminological code (ISO 639-2/T, also ISO 639-3) differs from the bibliographic one.</summary>
    private const string TerminologicalToBibliographic =
        "bod:tib ces:cze cym:wel deu:ger ell:gre eus:baq fas:per fra:fre hye:arm isl:ice kat:geo mkd:mac mri:mao msa:may " +
        "mya:bur nld:dut ron:rum slk:slo sqi:alb zho:chi";

    /// <summary>
    /// ISO 639-3 codes of individual languages that ISO 639-2 knows only by their macrolanguage's code: a record in
    /// Mandarin ("cmn") or Cantonese ("yue") is "chi" to a union catalogue, as EAD's langmaterial asks (found from
    /// outside: "cmn" and "yue" were written there, codes ISO 639-2 does not have).
    /// </summary>
    private const string IndividualToMacrolanguage =
        "cmn:chi yue:chi wuu:chi hak:chi nan:chi gan:chi hsn:chi cdo:chi cjy:chi cpx:chi czh:chi czo:chi mnp:chi lzh:chi " +
        "arb:ara arz:ara ary:ara apc:ara ajp:ara acm:ara afb:ara ayl:ara aeb:ara arq:ara " +
        "pes:per prs:per zsm:may als:alb ekk:est lvs:lav khk:mon uzn:uzb azj:aze azb:aze ydd:yid swh:swa";

    private static readonly (string Key, string Value)[] OneToBibliographic = Pairs(OneToTwoB);

    private static readonly (string Key, string Value)[] TerminologicalToBibliographicPairs = Pairs(TerminologicalToBibliographic);

    private static readonly FrozenDictionary<string, string> ToBibliographic =
        OneToBibliographic.Concat(TerminologicalToBibliographicPairs).Concat(Pairs(IndividualToMacrolanguage)).ToFrozenDictionary(p => p.Key, p => p.Value);

    /// <summary>A language's three-letter codes (bibliographic and terminological) to its ISO 639-1 code: the table above, read backwards.</summary>
    private static readonly FrozenDictionary<string, string> ToTwoLetters = BuildToTwoLetters();

    private static (string Key, string Value)[] Pairs(string table) => [.. table.Split(' ').Select(pair => (pair[..pair.IndexOf(':')], pair[(pair.IndexOf(':') + 1)..]))];

    private static FrozenDictionary<string, string> BuildToTwoLetters()
    {
        var fromBibliographic = OneToBibliographic.ToDictionary(p => p.Value, p => p.Key);
        return fromBibliographic
            .Concat(TerminologicalToBibliographicPairs.Select(p => KeyValuePair.Create(p.Key, fromBibliographic[p.Value])))
            .ToFrozenDictionary();
    }

    /// <summary>
    /// The code a language is recorded, searched and counted by, whichever of ISO 639's codes for it was given and in
    /// whatever letter case: "ru", "RU", "rus" (639-2) → "ru"; "ger" and "deu" → "de"; a language without a two-letter
    /// code keeps its three letters ("cmn", "und"). Without it a catalogue would count "ru" and "rus" as two languages,
    /// and a search for one would miss the other's records.
    /// </summary>
    public static string Canonical(string code)
    {
        var lower = code.ToLowerInvariant();
        return ToTwoLetters.GetValueOrDefault(lower, lower);
    }

    /// <summary>
    /// Every code of the language, lowercase: the one the catalogue records it by first ("ru"), then its three-letter
    /// codes ("rus"; "de", "ger", "deu"). A code not in the tables is its own only code.
    /// </summary>
    public static IReadOnlyList<string> CodesOf(string code)
    {
        var canonical = Canonical(code);
        return ThreeLetterCodes.TryGetValue(canonical, out var others) ? [canonical, .. others] : [canonical];
    }

    private static readonly FrozenDictionary<string, string[]> ThreeLetterCodes =
        ToTwoLetters.GroupBy(p => p.Value).ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());

    /// <summary>"ru" → "rus", "zh" → "chi", "deu" → "ger", "rus" → "rus", "cmn" → "chi"; null for a code that is no ISO 639 code we know.</summary>
    public static string? Iso639_2B(string code)
    {
        var lower = code.Trim().ToLowerInvariant();
        if (ToBibliographic.TryGetValue(lower, out var bibliographic)) return bibliographic;
        return lower.Length == 3 && lower.All(char.IsAsciiLetterLower) ? lower : null;
    }
}

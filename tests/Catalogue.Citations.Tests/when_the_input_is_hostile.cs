using System.Text;
using Catalogue.Citations.Tests.Support;
using CsCheck;

namespace Catalogue.Citations.Tests;

/// <summary>
/// Whatever arrives — random text, random unicode, lone surrogates, control characters, 100k characters,
/// thousands of repeated locators, nested brackets — the parser answers at once, never throws, invents nothing and drops nothing.
/// </summary>
public class when_the_input_is_hostile
{
    // Pieces of real citations, so random strings hit the parser's paths and not only its fallbacks.
    private static readonly string[] Pieces =
    [
        "f.", "F.", "f", "op.", "Op.", "d.", "D.", "l.", "ll.", "L.", "por.", "pap.", "p.", "pp.", "Fond", "Opis’", "Delo", "List", "Listy", "Papka",
        "Ф.", "Оп.", "Д.", "Л.", "Лл.", "об.", "ob.", "ob", "0100", "059a", "R-9401", "92-93", "1", "42", "2-2", "0055", "109-01038-02", "DY 30/3508",
        "AVPRF", "AP RF", "RGASPI", "GA RF", "TsAMO RF", "АВП РФ", "PRC FMA", "SAPMO-BArch", "MOL", "XIX-J-1-j", "doboz", "NARA", "RG", "Box", "Series",
        "Folder", "folder 7", "Lot", "Job", "FRC", "85 D 240", "80–B01285A", "Year:", "Year", "Issues", "Country:", "Source:", "Johnson Library", "Department of State",
        "Secret", "Top Secret", "Eyes Only", "Vol.", "Chron.", "and", "и", "&", "not given", "Archive", "(New York: Harcourt, 1977)", "(", ")", "[", "]",
        "\"", "“", "”", "'", "’", ",", ";", ":", ".", "-", "–", "—", "/", " ", " ", "  ", "\t", "\n", "\0", "\u0001", "\u200B", "\uFEFF", "\uD800", "\uDC00",
        "😀", "\u0301", "Translated by", "Moscow",
    ];

    private static readonly Gen<string> CitationLike =
        Gen.Int[0, Pieces.Length - 1].Array[0, 60].Select(indexes => string.Concat(indexes.Select(i => Pieces[i])));

    private static readonly Gen<string> CorpusMutants =
        Gen.Select(Gen.Int[0, 15], Gen.Int[0, 10].Array[1, 8], Gen.Char.Array[8], (entry, operations, chars) =>
        {
            var text = new StringBuilder(Corpus.Entries[entry % Corpus.Entries.Count].ArchiveCitation);
            for (var i = 0; i < operations.Length && text.Length > 0; i++)
            {
                var at = (operations[i] * 7919 + i * 104729) % text.Length;
                switch (operations[i] % 3)
                {
                    case 0: text.Remove(at, 1); break;
                    case 1: text.Insert(at, chars[i]); break;
                    default: text[at] = chars[i]; break;
                }
            }

            return text.ToString();
        });

    [Fact]
    public void random_strings_of_any_unicode()
    {
        Gen.String[0, 400].Sample(input => { WellFormed.Parse(input); }, iter: 3000);
    }

    [Fact]
    public void random_strings_of_citation_characters()
    {
        Gen.String[Gen.Char["fFlLdDopr.,;:()[]0123456789 -–obФОпДЛл\"'"], 0, 200].Sample(input => { WellFormed.Parse(input); }, iter: 3000);
    }

    [Fact]
    public void random_sequences_of_citation_pieces()
    {
        CitationLike.Sample(input => { WellFormed.Parse(input); }, iter: 5000);
    }

    [Fact]
    public void corpus_citations_with_random_damage()
    {
        CorpusMutants.Sample(input => { WellFormed.Parse(input); }, iter: 3000);
    }

    [Fact]
    public void very_long_random_strings()
    {
        Gen.String[100_000, 100_000].Sample(input => { WellFormed.Parse(input); }, iter: 5);
        Gen.Int[0, Pieces.Length - 1].Array[20_000, 30_000].Select(indexes => string.Concat(indexes.Select(i => Pieces[i])))
            .Sample(input => { WellFormed.Parse(input); }, iter: 5);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "10k repetitions of a fond", Repeat("f. 1, ", 10_000) },
        { "10k repetitions of a full reference", Repeat("RGASPI, f. 558, op. 11, d. 342, ll. 92-93 ob.; and ", 10_000) },
        { "ll. repeated", Repeat("ll.", 30_000) },
        { "ll. with folio lists", "ll. " + Repeat("1-2 ob., ", 20_000) },
        { "nested brackets", new string('(', 50_000) + new string(')', 50_000) },
        { "unclosed brackets", Repeat("(RGASPI, f. 1", 10_000) },
        { "unclosed quotes", Repeat("\"Source: Johnson Library, ", 10_000) },
        { "brackets with imprints", Repeat("(New York: Harcourt Brace, 1977", 5_000) + Repeat(")", 5_000) },
        { "control characters", Repeat("\0\u0001\u0002\u001f\u007f f.\u0000 1", 10_000) },
        { "lone surrogates", Repeat("\uD800f. \uDC001\uDC00\uD800", 20_000) },
        { "only separators", Repeat(",;:. ", 20_000) },
        { "commas between words", Repeat("a, ", 30_000) },
        { "many sentences", Repeat("Secret. ", 20_000) },
        { "many sources", Repeat("Source: Department of State, Central Files, POL 27 VIET S. Secret; Exdis. ", 2_000) },
        { "long identifier", "f. " + Repeat("1-", 40_000) + "1" },
        { "long lot number", "Lot " + Repeat("85 D ", 20_000) },
        { "long letter identifier", "fond a-" + Repeat("fond a-", 20_000) },
        { "repository names without separators", Repeat("RGASPI GARF AP RF ", 10_000) },
        { "one enormous word", new string('x', 100_000) },
        { "one enormous number", new string('7', 100_000) },
        { "and after locators", "f. 1" + Repeat(" and", 30_000) },
        { "years and issues", Repeat("Year: 1954; Issues 20 221 10; Country: Korea; ", 3_000) },
        { "junk clauses after references", Repeat("NARA, box 3, folder 7; and some junk text, more; ", 5_000) },
        { "a semicolon before every word", "f. 1" + Repeat("; and a", 20_000) },
        { "hungarian boxes", Repeat("11. doboz, ", 10_000) },
        { "abbreviation periods", Repeat("Vol. Chron. B. ", 20_000) },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void hostile_strings_are_answered_at_once(string name, string input)
    {
        Assert.NotEmpty(name);
        WellFormed.Parse(input);
    }

    [Fact]
    public void ten_thousand_repeated_references_are_ten_thousand_references()
    {
        var parse = WellFormed.Parse(Repeat("RGASPI, f. 558, op. 11, d. 342, ll. 92-93 ob.; and ", 10_000));

        Assert.Equal(10_000, parse.References.Count);
        Assert.All(parse.References, r => Assert.Equal("92-93ob", r.Folios));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void nothing_gives_an_empty_parse(string? input)
    {
        var parse = WellFormed.Parse(input);

        Assert.Empty(parse.References);
        Assert.Empty(parse.Unparsed);
    }

    [Fact]
    public void punctuation_alone_is_kept_as_unparsed()
    {
        var parse = WellFormed.Parse(" ((;)) ");

        Assert.Equal("((;))", Assert.Single(parse.Unparsed).Text);
    }

    private static string Repeat(string text, int times) => new StringBuilder(text.Length * times).Insert(0, text, times).ToString();
}

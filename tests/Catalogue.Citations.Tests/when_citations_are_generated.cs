using Catalogue.Citations.Tests.Support;
using CsCheck;

namespace Catalogue.Citations.Tests;

/// <summary>
/// Russian citations built at random from known parts — any repository alias, any way of writing each key, any spacing —
/// read back to exactly the parts they were built from; two of them joined read back as two references.
/// </summary>
public class when_citations_are_generated
{
    private static readonly (string Written, string Code)[] Repositories =
    [
        ("RGASPI", "RGASPI"), ("AP RF", "APRF"), ("APRF", "APRF"), ("GA RF", "GARF"), ("GARF", "GARF"), ("АВП РФ", "AVPRF"), ("AVP RF", "AVPRF"),
        ("TsAMO RF", "TsAMO"), ("RTsKhIDNI", "RGASPI"), ("TsKhSD", "RGANI"), ("State Archive of the Russian Federation (GA RF)", "GARF"),
        ("Archive of Foreign Policy of the Russian Federation", "AVPRF"), ("RGAE", "RGAE"), ("РГАСПИ", "RGASPI"),
    ];

    private static readonly string[] FondKeys = ["f. ", "F. ", "f.", "Fond ", "fond ", "Ф. ", "ф. ", "Фонд "];
    private static readonly string[] OpisKeys = ["op. ", "Op. ", "op.", "Opis ", "opis ", "Opis’ ", "Opis' ", "Оп. ", "оп. "];
    private static readonly string[] DeloKeys = ["d. ", "D. ", "d.", "Delo ", "delo ", "Д. ", "д. "];
    private static readonly string[] PoryadokKeys = ["por. ", "Por. ", "por.", "Пор. "];
    private static readonly string[] PapkaKeys = ["pap. ", "Pap. ", "pap.", "Papka ", "papka ", "Пап. "];
    private static readonly string[] FolioKeys = ["l. ", "L. ", "ll. ", "Ll. ", "ll.", "List ", "Listy ", "Л. ", "Лл. ", "лл. "];
    private static readonly string[] Separators = [", ", ". ", " ", ",", "; "];

    private static readonly Gen<string> Number =
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 99999], (zeros, n) => new string('0', zeros) + n);

    private static readonly Gen<string> Identifier =
        Gen.Select(Number, Gen.Int[0, 9], (n, form) => form switch
        {
            7 => n + "a",
            8 => "R-" + n,
            9 => n + "/1",
            _ => n,
        });

    /// <summary>(as written, tidied): "92 - 93 ob." reads as "92-93ob".</summary>
    private static readonly Gen<(string Written, string Tidied)> Folios =
        Gen.Select(Number, Gen.Int[0, 9], Number, Gen.Int[0, 5], (first, shape, last, verso) =>
        {
            var ob = verso switch { 0 => " ob.", 1 => "ob", 2 => " об.", _ => string.Empty };
            var obTidied = ob.Length > 0 ? "ob" : string.Empty;
            return shape switch
            {
                < 4 => (first + ob, first + obTidied),
                < 6 => ($"{first}-{last}{ob}", $"{first}-{last}{obTidied}"),
                < 8 => ($"{first} – {last}{ob}", $"{first}-{last}{obTidied}"),
                _ => ($"{first}{ob}-{first}{ob}", $"{first}{obTidied}-{first}{obTidied}"),
            };
        });

    private static readonly Gen<(string Citation, ParsedReference Expected)> Russian =
        Gen.Select(
            Gen.Int[-1, Repositories.Length - 1],
            Gen.Select(Identifier, Identifier, Identifier),
            Gen.Select(Gen.Int[0, 2], Identifier, Identifier),
            Folios,
            Gen.Int[0, 63].Array[7],
            (repository, fod, avprf, folios, styles) =>
            {
                var (fond, opis, delo) = fod;
                var (withAvprf, poryadok, papka) = avprf;
                var separator = Separators[styles[0] % Separators.Length];
                var parts = new List<string>();
                if (repository >= 0)
                {
                    parts.Add(Repositories[repository].Written);
                }

                parts.Add(FondKeys[styles[1] % FondKeys.Length] + fond);
                parts.Add(OpisKeys[styles[2] % OpisKeys.Length] + opis);
                if (withAvprf == 1)
                {
                    parts.Add(PoryadokKeys[styles[3] % PoryadokKeys.Length] + poryadok);
                    parts.Add(PapkaKeys[styles[4] % PapkaKeys.Length] + papka);
                }

                parts.Add(DeloKeys[styles[5] % DeloKeys.Length] + delo);
                parts.Add(FolioKeys[styles[6] % FolioKeys.Length] + folios.Written);
                var raw = string.Join(separator, parts);
                var expected = new ParsedReference
                {
                    Repository = repository >= 0 ? Repositories[repository].Code : null,
                    RepositoryAsWritten = repository >= 0 ? Repositories[repository].Written : null,
                    RepositoryKnown = repository >= 0,
                    Fond = fond,
                    Opis = opis,
                    Delo = delo,
                    Poryadok = withAvprf == 1 ? poryadok : null,
                    Papka = withAvprf == 1 ? papka : null,
                    Folios = folios.Tidied,
                    Raw = raw,
                };

                // A citation may end with a period of its own; it is not part of the reference. After "12ob" a period would be read as "12ob.".
                var citation = styles[0] % 3 == 0 && !EndsWithPeriodOrVerso(raw) ? raw + "." : raw;
                return (citation, expected);
            });

    [Fact]
    public void a_generated_citation_reads_back_to_its_parts()
    {
        Russian.Sample((citation, expected) =>
        {
            var parse = WellFormed.Parse(citation);
            Assert.Equal([expected], parse.References);
            Assert.Empty(parse.Unparsed);
        }, iter: 5000);
    }

    [Fact]
    public void two_generated_citations_joined_read_back_as_two_references()
    {
        Gen.Select(Russian, Russian, Gen.Int[0, 3]).Sample((first, second, join) =>
        {
            var joiner = join switch { 0 => "; and ", 1 => " and ", 2 => "; ", _ => EndsWithPeriodOrVerso(first.Expected.Raw) ? " " : ". " };
            var citation = first.Expected.Raw + joiner + second.Citation;

            var parse = WellFormed.Parse(citation);
            Assert.Equal([first.Expected, second.Expected], parse.References);
        }, iter: 3000);
    }

    [Fact]
    public void text_around_a_generated_citation_is_kept_and_does_not_change_the_reading()
    {
        Gen.Select(Russian, Gen.Int[0, 2]).Sample((generated, around) =>
        {
            var citation = around switch
            {
                0 => generated.Expected.Raw + (EndsWithPeriodOrVerso(generated.Expected.Raw) ? " " : ". ") + "Translated by Gary Goldberg.",
                1 => "Obtained by the Cold War International History Project. " + generated.Citation,
                _ => generated.Citation,
            };

            var parse = WellFormed.Parse(citation);
            Assert.Equal([generated.Expected], parse.References);
            Assert.Equal(around == 2 ? 0 : 1, parse.Unparsed.Count);
        }, iter: 3000);
    }

    private static bool EndsWithPeriodOrVerso(string raw) =>
        raw.EndsWith('.') || raw.EndsWith("ob", StringComparison.Ordinal) || raw.EndsWith("об", StringComparison.Ordinal);
}

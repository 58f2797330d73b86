using Catalogue.Api.Records;
using Catalogue.Api.Reports;

namespace Catalogue.Tests.Reports;

/// <summary>What a record counts toward, worked out from the record alone.</summary>
public sealed class ReportKeyTests
{
    private static CatalogueRecord Dated(string edtf, string role = DateRoles.Created) =>
        new() { Dates = [new DocumentDate(role, edtf, edtf)] };

    [Theory]
    [InlineData("1949-11-10", "1949")]
    [InlineData("1949?", "1949")]
    [InlineData("1949-10/1950-02", "1949 1950")]
    [InlineData("1949-24", "1949 1950")]
    [InlineData("../1950", "1950")]
    [InlineData("1948/..", "1948")]
    [InlineData("1900/2050", "undated")]
    [InlineData("not a date", "undated")]
    public void a_date_counts_in_every_year_it_can_fall_in(string edtf, string years) =>
        Assert.Equal(years.Split(' '), ReportKey.YearsOf(Dated(edtf)));

    [Fact]
    public void a_century_counts_in_each_of_its_hundred_years_and_the_date_described_comes_first()
    {
        Assert.Equal(100, ReportKey.YearsOf(Dated("19XX")).Count());
        var record = new CatalogueRecord { Dates = [new DocumentDate(DateRoles.Created, "1 December 1949", "1949-12-01"), new DocumentDate(DateRoles.Described, "1948", "1948")] };
        Assert.Equal(["1948"], ReportKey.YearsOf(record));
        Assert.Equal(["undated"], ReportKey.YearsOf(new CatalogueRecord()));
    }

    [Fact]
    public void a_record_counts_once_toward_each_line_however_often_it_names_it()
    {
        var record = new CatalogueRecord
        {
            // The second credit writes the first translator otherwise: one name, counted as the record first writes it.
            Translations = [new TranslationEntry(2, "en", ["Gary Goldberg"], ""), new TranslationEntry(3, "de", ["GARY GOLDBERG", "Sergey Radchenko"], "")],
            FundingNotes = [new FundingEntry(8, "Leon Levy Foundation", "Translated with support."), new FundingEntry(9, "LEON LEVY FOUNDATION", "Digitised with support.")],
            Provenance =
            [
                new ProvenanceEntry { Number = 4, Repository = "AVPRF", Fond = "0100", Opis = "42" },
                new ProvenanceEntry { Number = 5, Repository = "AVPRF", Fond = "0100", Opis = "42" },
                new ProvenanceEntry { Number = 6, Repository = "AVPRF", Opis = "7" },
                new ProvenanceEntry { Number = 7, Fond = "45" },
            ],
        };

        var keys = ReportKey.Of(record).Select(k => $"{k.Report} {string.Join('/', k.Path)}").Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "funders Leon Levy Foundation", "funders Leon Levy Foundation/Digitised with support.", "funders Leon Levy Foundation/Translated with support.",
                "repositories AVPRF", "repositories AVPRF/0100", "repositories AVPRF/0100/42", "translators Gary Goldberg", "translators Sergey Radchenko", "years undated",
            ],
            keys);
    }

    [Fact]
    public void a_line_is_known_by_its_report_and_path_and_its_id_stays_short()
    {
        var note = new ReportKey(ReportNames.Funders, ["Leon Levy Foundation", new string('n', 4000)]);

        Assert.Equal(note, new ReportKey(ReportNames.Funders, ["Leon Levy Foundation", new string('n', 4000)]));
        Assert.NotEqual(note.Id, new ReportKey(ReportNames.Funders, ["Leon Levy Foundation"]).Id);
        Assert.True(note.Id.Length < 100);
    }
}

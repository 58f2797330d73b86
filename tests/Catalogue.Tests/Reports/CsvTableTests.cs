using Catalogue.Api.Reports;

namespace Catalogue.Tests.Reports;

/// <summary>RFC 4180 cells and the guard against spreadsheet formulas, cell by cell.</summary>
public sealed class CsvTableTests
{
    [Theory]
    [InlineData("Gary Goldberg", "Gary Goldberg")]
    [InlineData("Goldberg, Gary", "\"Goldberg, Gary\"")]
    [InlineData("Translated for \"CWIHP\"", "\"Translated for \"\"CWIHP\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+7 495", "'+7 495")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")]
    [InlineData("R-9401", "R-9401")]
    [InlineData("", "")]
    public void a_cell_is_quoted_only_when_it_must_be_and_never_starts_a_formula(string value, string written) =>
        Assert.Equal(written, CsvTable.Cell(value));

    [Fact]
    public void a_table_reads_back_cell_for_cell_whatever_its_cells_hold()
    {
        string[] header = ["funder", "note"];
        string[][] rows = [["Goldberg, Gary", "said \"thanks\"\r\nand more"], ["", "a\nb"], ["plain", ","]];

        Assert.Equal([header, .. rows], CsvRows.Parse(CsvTable.Write(header, rows)));
    }

    [Fact]
    public void a_table_is_a_header_and_rows_with_crlf_line_ends() =>
        Assert.Equal("a,b\r\n1,\"x,y\"\r\n", CsvTable.Write(["a", "b"], [["1", "x,y"]]));
}

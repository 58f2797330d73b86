using System.Text;

namespace Catalogue.Api.Reports;

/// <summary>
/// Writes a table as RFC 4180 CSV: comma-separated, CRLF line ends, a header row, a cell quoted when it holds a comma, a
/// quote or a line break (a quote inside doubled). Written here rather than with a CSV library: this is all the writing
/// the catalogue needs, and the guard against formula injection has to be its own either way.
/// </summary>
public static class CsvTable
{
    public const string MediaType = "text/csv";

    /// <summary>
    /// A cell a spreadsheet would read as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>, or a tab or
    /// carriage return before one) is written with a leading apostrophe, as OWASP advises: opened in a spreadsheet it
    /// shows as the text it is instead of running. The apostrophe is the only change made to what the catalogue holds.
    /// </summary>
    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            csv.AppendJoin(',', row.Select(Cell)).Append("\r\n");
        }

        return csv.ToString();
    }
}

namespace Catalogue.Tests.Reports;

/// <summary>An RFC 4180 reader written apart from the catalogue's writer, to read its CSV back.</summary>
public static class CsvRows
{
    /// <summary>
    /// Reads RFC 4180 CSV as a spreadsheet does, apart from the writer: a quoted field may hold commas, line breaks and
    /// doubled quotes; a record ends at CRLF.
    /// </summary>
    public static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"') field.Append(csv[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else field.Append(c);
        }

        Assert.False(quoted, "the CSV ends inside a quoted field");
        Assert.True(row.Count == 0 && field.Length == 0, "the CSV's last record does not end with CRLF");
        return rows;
    }
}

using System.Text;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// The separator of a spreadsheet's CSV, read off its header row: commas as RFC 4180 has them, or semicolons, as
/// spreadsheets set to a language that writes a decimal comma (German, French, Russian…) save "CSV", or tabs, as a table
/// copied out of one is pasted. A column's name holds none of them, so the header tells which it is (or a first line
/// <c>sep=;</c>, as Excel reads one); the rows could not (a title or a citation holds commas and semicolons), which is
/// why CsvHelper's detection over the first lines is not used: a file of one column whose titles hold semicolons would
/// be split at them.
/// </summary>
public static partial class CsvSeparator
{
    /// <summary>How much is read to find the header's end; a header is a few hundred characters.</summary>
    public const int HeaderReadLimit = 64 * 1024;

    /// <summary>
    /// Reads <paramref name="input"/> up to the end of its header row, and gives the separator with what was read. A
    /// first line <c>sep=;</c> (the hint some tools write for a spreadsheet to open the file right) names the separator
    /// and is given apart as <c>Hint</c>, to be passed over; <c>Read</c> is what follows it.
    /// </summary>
    public static async Task<(char Separator, string Read, string Hint)> ReadAsync(TextReader input, CancellationToken ct)
    {
        var read = new StringBuilder();
        var buffer = new char[4096];
        while (read.Length < HeaderReadLimit)
        {
            var count = await input.ReadAsync(buffer.AsMemory(), ct);
            if (count == 0) break;
            read.Append(buffer, 0, count);
            if (HeaderEnded(read.ToString())) break;
        }

        var text = read.ToString();
        var given = HintLine().Match(text);
        return given.Success ? (given.Groups[1].Value[0], text[given.Length..], given.Value) : (Of(text), text, "");
    }

    /// <summary>Whether the header row has ended in <paramref name="text"/>: a line break after the hint line, if there is one.</summary>
    private static bool HeaderEnded(string text) => text.AsSpan(HintLine().Match(text) is { Success: true } hint ? hint.Length : 0).ContainsAny('\r', '\n');

    /// <summary>The separator of the header row at the start of <paramref name="text"/>: a comma unless it has none and has semicolons, or tabs.</summary>
    public static char Of(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\r' or '\n') break;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == '\t') tabs++;
        }

        return commas > 0 ? ',' : semicolons > 0 ? ';' : tabs > 0 ? '\t' : ',';
    }

    [System.Text.RegularExpressions.GeneratedRegex("^\uFEFF?sep=([,;\t])(?:\r\n|\n|\r)")]
    private static partial System.Text.RegularExpressions.Regex HintLine();
}

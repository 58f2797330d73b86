using Catalogue.Api.Interop.Bulk;

namespace Catalogue.Tests.Interop;

/// <summary>How a CSV reaches the parser: every row as it was written, but a row past the limit as a cell naming its bytes.</summary>
public sealed class CsvRowLimitTests
{
    private static async Task<string> Through(string csv, int limit, int chunk = 3, int? rowsLeftOut = null)
    {
        using var limited = new CsvRowLimit(new ChunkedReader(csv, chunk), limit);
        var read = new System.Text.StringBuilder();
        var buffer = new char[5];
        int count;
        while ((count = await limited.ReadAsync(buffer.AsMemory())) > 0) read.Append(buffer, 0, count);
        if (rowsLeftOut is { } expected) Assert.Equal(expected, limited.RowsLeftOut);
        return read.ToString();
    }

    [Theory]
    [InlineData("title,text\na,b\n")]
    [InlineData("title,text\r\n\"a, \"\"quoted\"\"\r\nand a line\",b\r\n\r\nc,d")]
    [InlineData("title,text\ra,b\r\"c\nd\",e")]
    [InlineData("title\n5\" floppy,x\n")]
    public async Task rows_within_the_limit_pass_as_they_were_written(string csv) =>
        Assert.Equal(csv, await Through(csv, limit: 40));

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public async Task rows_are_told_apart_by_the_separator_the_header_has(char separator)
    {
        var csv = $"title{separator}citation\r\nMemorandum{separator}\"secret\r\nsecond line, f. 0100\"\r\nnext{separator}row\r\n";
        var (found, header, _) = await CsvSeparator.ReadAsync(new ChunkedReader(csv, 5), CancellationToken.None);

        using var limited = new CsvRowLimit(new ChunkedReader(csv[header.Length..], 3), maxRowChars: 30, separator: found, readAhead: header);
        var read = await limited.ReadToEndAsync();

        Assert.Equal(separator, found);
        // The cell quoted after the separator holds its line break: one row of 44 characters, past the limit, left out
        // whole (read with commas as separators, its halves would pass as two rows).
        var leftOut = $"Memorandum{separator}\"secret\r\nsecond line, f. 0100\"";
        Assert.Equal($"title{separator}citation\r\n\0{System.Text.Encoding.UTF8.GetByteCount(leftOut)}\0\r\nnext{separator}row\r\n", read);
    }

    [Theory]
    [InlineData("title,summary\n", ',')]
    [InlineData("title;summary\r\n", ';')]
    [InlineData("\ufefftitle;summary;citation\r\n", ';')]
    [InlineData("title\tsummary\n", '\t')]
    [InlineData("title\nA memorandum; secret, copy 4\n", ',')]
    [InlineData("\"title;x\",summary\n", ',')]
    [InlineData("\"title,x\";summary\n", ';')]
    [InlineData("", ',')]
    public void the_separator_is_read_off_the_header_row(string csv, char separator) => Assert.Equal(separator, CsvSeparator.Of(csv));

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task a_separator_hint_line_names_the_separator_and_is_given_apart_however_the_input_arrives(int chunk)
    {
        var (separator, read, hint) = await CsvSeparator.ReadAsync(new ChunkedReader("sep=\t\r\ntitle\tsummary\r\nA\tB\r\n", chunk), CancellationToken.None);

        Assert.Equal(('\t', "sep=\t\r\n"), (separator, hint));
        // What was read past the hint, the header at least: the rest follows from the input.
        Assert.StartsWith("title\tsummary\r", read);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task a_spreadsheet_of_every_kind_of_cell_passes_whole_however_it_arrives(int chunk)
    {
        var random = new Random(117886);
        string[] pieces = ["Zhou Enlai", ",", "\"", "\"\"", "\r\n", "\n", "\r", " ", "ё", "𝄞", "l. 12 ob."];
        var csv = new System.Text.StringBuilder("title,text\n");
        for (var row = 0; row < 200; row++)
        {
            var cell = string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            csv.Append(random.Next(2) == 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell.Replace("\"", "").Replace(",", "").Replace("\r", "").Replace("\n", ""));
            csv.Append(random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => ",x\n" });
        }

        Assert.Equal(csv.ToString(), await Through(csv.ToString(), limit: 1_000, chunk, rowsLeftOut: 0));
    }

    [Fact]
    public async Task a_row_past_the_limit_becomes_a_cell_naming_its_bytes_and_the_next_row_follows()
    {
        var csv = "title,text\r\nshort,row\r\nlong,\"Б, \"\"б\"\"\r\nбббббббббббббббббббб\"\r\nnext,row\r\n";

        var read = await Through(csv, limit: 20, rowsLeftOut: 1);

        var leftOut = "long,\"Б, \"\"б\"\"\r\nбббббббббббббббббббб\"";
        Assert.Equal($"title,text\r\nshort,row\r\n\0{System.Text.Encoding.UTF8.GetByteCount(leftOut)}\0\r\nnext,row\r\n", read);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(leftOut), CsvRowLimit.IsLeftOut(read.Split("\r\n")[2]));
    }

    [Fact]
    public async Task a_quote_never_closed_leaves_out_the_rest_as_one_row()
    {
        var read = await Through("title,text\na,\"never closed\nb,c\nd,e\n", limit: 10);

        Assert.Equal("title,text\n\0" + "24\0", read);
    }

    [Theory]
    [InlineData("\0" + "12\0", 12L)]
    [InlineData("\0 12\0", null)]
    [InlineData("\0\0", null)]
    [InlineData("\0-1\0", null)]
    [InlineData("12", null)]
    public void only_a_cell_of_bytes_between_two_nuls_stands_for_a_row_left_out(string cell, long? bytes) =>
        Assert.Equal(bytes, CsvRowLimit.IsLeftOut(cell));

    /// <summary>Hands out its text a few characters at a time, as a network stream does.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(Math.Min(chunk, buffer.Length), text.Length - _position);
            text.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
    }
}

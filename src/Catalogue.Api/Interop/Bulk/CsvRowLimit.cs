namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Hands a CSV to the parser a whole row at a time, and in place of a row longer than <see cref="MaxRowChars"/> a row
/// of one cell that says how many bytes it left out (<see cref="IsLeftOut"/>). CsvHelper's own limit stops its reader
/// for good at such a row — every later row, good or not, would be lost and a resumed import would stop at the same
/// row again — while a spreadsheet's rows are to be answered one by one. Only the row in hand is held, so a row of any
/// length costs at most the limit in memory.
/// </summary>
/// <remarks>
/// Rows are told apart as RFC 4180 and CsvHelper tell them: a line break ends a row unless it is inside a cell that
/// opened with a quote (after the <paramref name="separator"/>, or at the row's start); <c>""</c> inside such a cell is
/// a quote. Rows are passed on unchanged; <paramref name="readAhead"/>, what was read of <paramref name="inner"/> before
/// (to find its separator), comes first.
/// </remarks>
public sealed class CsvRowLimit(TextReader inner, int maxRowChars = CsvRowLimit.MaxRowChars, char separator = ',', string readAhead = "") : TextReader
{
    /// <summary>A row may hold the largest full text (4 MiB characters) several times over, and the rest of the record.</summary>
    public const int MaxRowChars = 16 * 1024 * 1024;

    private const char Marker = '\0';

    private enum Cell { Start, Unquoted, Quoted, QuoteInQuoted }

    private readonly char[] _chunk = new char[64 * 1024];
    private char[] _rows = new char[64 * 1024];
    private int _served, _rowStart, _length;
    private Cell _cell = Cell.Start;
    private bool _afterCarriageReturn, _leavingOut, _ended, _readAheadTaken;
    private long _bytesLeftOut;

    /// <summary>
    /// How many rows were left out so far (the parser reads ahead of its caller): a cell like a left-out row's in the
    /// input itself stands for none once as many have been met.
    /// </summary>
    public int RowsLeftOut { get; private set; }

    /// <summary>Whether the input ended inside a quoted cell: its last row holds the rest of the input as that cell.</summary>
    public bool EndedInOpenQuote { get; private set; }

    /// <summary>
    /// The input's refusal of a byte that is not UTF-8 (<see cref="Utf8CheckedStream"/>), which ended it; null unless it
    /// did. The whole rows before it are served as before; the row it cut off is not served at all.
    /// </summary>
    public System.Text.DecoderFallbackException? Refusal { get; private set; }

    /// <summary>The bytes of the row left out, when <paramref name="cell"/> (the only cell of its row) stands for one.</summary>
    public static long? IsLeftOut(string cell) =>
        cell is [Marker, .., Marker] && long.TryParse(cell.AsSpan(1, cell.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : null;

    public override int Read(Span<char> buffer) => HasRows() ? Serve(buffer) : 0;

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default)
    {
        while (_served == _rowStart)
        {
            if (_ended) return 0;
            if (TakeReadAhead()) continue;
            int read;
            try
            {
                read = await inner.ReadAsync(_chunk, cancellationToken);
            }
            catch (System.Text.DecoderFallbackException refusal)
            {
                EndRefused(refusal);
                continue;
            }

            Take(_chunk.AsSpan(0, read));
        }

        return Serve(buffer.Span);
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() => HasRows() ? _rows[_served] : -1;

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Reads on until a whole row is held to serve; false at the input's end.</summary>
    private bool HasRows()
    {
        while (_served == _rowStart)
        {
            if (_ended) return false;
            if (TakeReadAhead()) continue;
            int read;
            try
            {
                read = inner.Read(_chunk);
            }
            catch (System.Text.DecoderFallbackException refusal)
            {
                EndRefused(refusal);
                continue;
            }

            Take(_chunk.AsSpan(0, read));
        }

        return true;
    }

    /// <summary>Takes what was read ahead of the input, once, before the input itself; false when that was done.</summary>
    private bool TakeReadAhead()
    {
        if (_readAheadTaken) return false;
        _readAheadTaken = true;
        if (readAhead.Length > 0) Take(readAhead);
        return true;
    }

    private int Serve(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, _rowStart - _served);
        _rows.AsSpan(_served, count).CopyTo(buffer);
        _served += count;
        return count;
    }

    /// <summary>Reads a chunk of the input into rows; an empty chunk is the input's end.</summary>
    private void Take(ReadOnlySpan<char> chunk)
    {
        if (_served == _rowStart)
        {
            // Every whole row was served: what is held is the row in hand, moved to the front.
            _rows.AsSpan(_rowStart, _length - _rowStart).CopyTo(_rows);
            _length -= _rowStart;
            _served = _rowStart = 0;
        }

        if (chunk.IsEmpty)
        {
            EndedInOpenQuote = _cell == Cell.Quoted;
            if (_leavingOut) EndLeftOutRow();
            _rowStart = _length;
            _ended = true;
            return;
        }

        while (!chunk.IsEmpty)
        {
            // A run of characters that changes no state (inside a quoted cell up to a quote, inside an unquoted one up to
            // a separator or a line break) is taken at once.
            var run = _afterCarriageReturn ? 0 : _cell switch
            {
                Cell.Quoted => chunk.IndexOf('"'),
                Cell.Unquoted => chunk.IndexOfAny(separator, '\r', '\n'),
                _ => 0,
            };
            if (run != 0)
            {
                Plain(run < 0 ? chunk : chunk[..run]);
                chunk = run < 0 ? [] : chunk[run..];
                continue;
            }

            var c = chunk[0];
            chunk = chunk[1..];
            if (Follow(c))
            {
                if (_leavingOut) EndLeftOutRow(c);
                else Append([c]);
                _rowStart = _length;
            }
            else
            {
                Plain([c]);
            }
        }
    }

    /// <summary>Ends the input at a byte that is not UTF-8: the row it cut off, in hand, is dropped (it would be served cut short).</summary>
    private void EndRefused(System.Text.DecoderFallbackException refusal)
    {
        Refusal = refusal;
        _leavingOut = false;
        _bytesLeftOut = 0;
        _length = _rowStart;
        _cell = Cell.Start;
        _afterCarriageReturn = false;
        Take([]);
    }

    /// <summary>Characters within a row: held, or counted while the row is left out.</summary>
    private void Plain(ReadOnlySpan<char> characters)
    {
        if (_leavingOut)
        {
            _bytesLeftOut += System.Text.Encoding.UTF8.GetByteCount(characters);
            return;
        }

        Append(characters);
        if (_length - _rowStart > maxRowChars)
        {
            _bytesLeftOut = System.Text.Encoding.UTF8.GetByteCount(_rows.AsSpan(_rowStart, _length - _rowStart));
            _length = _rowStart;
            _leavingOut = true;
        }
    }

    /// <summary>Follows one character through the cells; true when it ends a row (or is the line feed of the CR LF that did).</summary>
    private bool Follow(char c)
    {
        if (_afterCarriageReturn)
        {
            _afterCarriageReturn = false;
            // The line feed of a CR LF ends the row the carriage return ended: it goes with it.
            if (c == '\n') return true;
        }

        switch (_cell)
        {
            case Cell.Quoted:
                if (c == '"') _cell = Cell.QuoteInQuoted;
                return false;
            case Cell.QuoteInQuoted when c == '"':
                _cell = Cell.Quoted;
                return false;
            case Cell.Start when c == '"':
                _cell = Cell.Quoted;
                return false;
        }

        if (c == separator)
        {
            _cell = Cell.Start;
            return false;
        }

        switch (c)
        {
            case '\n':
            case '\r':
                _cell = Cell.Start;
                _afterCarriageReturn = c == '\r';
                return true;
            default:
                _cell = Cell.Unquoted;
                return false;
        }
    }

    /// <summary>In place of the row left out, a row of one cell naming the bytes it had (its line break not counted).</summary>
    private void EndLeftOutRow(char? lineBreak = null)
    {
        _leavingOut = false;
        RowsLeftOut++;
        Append($"{Marker}{_bytesLeftOut.ToString(System.Globalization.CultureInfo.InvariantCulture)}{Marker}");
        if (lineBreak is { } end) Append([end]);
        _bytesLeftOut = 0;
    }

    private void Append(ReadOnlySpan<char> characters)
    {
        // Whole rows of one chunk and the row in hand, at most: never much more than the limit and a chunk.
        if (_length + characters.Length > _rows.Length)
            Array.Resize(ref _rows, (int)Math.Max(_length + characters.Length, Math.Min(_rows.Length * 2L, maxRowChars + 64L + 2 * _chunk.Length)));
        characters.CopyTo(_rows.AsSpan(_length));
        _length += characters.Length;
    }
}

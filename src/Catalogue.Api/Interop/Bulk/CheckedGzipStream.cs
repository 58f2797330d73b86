using System.IO.Compression;
using System.IO.Hashing;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// A gzip body or file decoded as it is read, whose end is checked against the gzip trailer (RFC 1952: the CRC-32 and
/// the length of what its last member holds). .NET's <see cref="GZipStream"/> takes the end of its input for the end of
/// the data: a file cut off at any point — even between two lines — would be read as a shorter file, and an import of
/// it finish as if it were whole. Here it throws <see cref="InvalidDataException"/> instead. A body of several members
/// concatenated (<c>cat a.gz b.gz</c>, bgzip's blocks) is one gzip file, as the RFC says, and is read
/// whole: zlib checks each member's trailer as the member ends, and the last one, which the input's end may have cut
/// off, is checked here.
/// </summary>
/// <remarks>
/// Given a largest expansion, a body that decodes to more than that many times its size (once past
/// <see cref="ExpansionCheckedFrom"/>) is refused with <see cref="GzipExpansionException"/>: a few kilobytes of gzip
/// can stand for gigabytes of one repeated byte, which the service would otherwise decode up to its bulk import limit.
/// </remarks>
public sealed class CheckedGzipStream : ForwardReadStream
{
    /// <summary>Decoded bytes below which the expansion is not checked: the gzip header and the first blocks weigh too much in a small body.</summary>
    public const long ExpansionCheckedFrom = 1024 * 1024;

    private readonly TailKeeping _raw;
    private readonly GZipStream _decoded;
    private readonly int? _maxExpansion;
    private readonly Crc32 _crc = new();

    /// <summary>
    /// How many of the latest reads' ends are kept at least (<see cref="_readsEnded"/>): a body of tiny members would
    /// otherwise keep one for every few bytes sent. A last member begun before them (but the first) is not found, so is
    /// refused: at the importers' reads of 64 KiB, one of more than 4 GiB.
    /// </summary>
    public const int ReadsKept = 65_536;

    // Where the latest reads of the decoder ended, with the CRC-32 of the data up to there. .NET's decoder returns at
    // the end of each member (read in its source: Inflater.ReadOutput stops at zlib's end of stream), so the last member
    // begins at one of them, or where the data does; which one, its trailer's length says.
    private readonly List<(long Decoded, uint Crc)> _readsEnded = [];
    private long _length;
    private bool _ended;

    public CheckedGzipStream(Stream body, int? maxExpansion = null)
    {
        _raw = new TailKeeping(body);
        _decoded = new GZipStream(_raw, CompressionMode.Decompress, leaveOpen: true);
        _maxExpansion = maxExpansion;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended) return 0;
        int read;
        try
        {
            read = await _decoded.ReadAsync(buffer, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            // zlib's own refusal — not gzip, a damaged block, a member whose CRC-32 or length does not match its data —
            // which .NET words alike for all, as if reading a zip archive ("an unsupported compression method").
            throw new InvalidDataException(
                $"not gzip, or damaged within its first {_raw.Total:N0} bytes (a member's data, CRC-32 or length does not check out).", e);
        }

        if (read > 0)
        {
            _crc.Append(buffer.Span[..read]);
            _length += read;
            if (_readsEnded.Count == 2 * ReadsKept) _readsEnded.RemoveRange(0, ReadsKept);
            _readsEnded.Add((_length, _crc.GetCurrentHashAsUInt32()));
            if (_maxExpansion is { } max && _length > ExpansionCheckedFrom && _length > max * _raw.Total)
                throw new GzipExpansionException(max, _raw.Total, _length);
            return read;
        }

        _ended = true;
        // The decoder stops at bytes that begin no member; whatever it has not read of the input is after the data.
        if (await _raw.ReadAsync(new byte[1], cancellationToken) > 0)
            throw new InvalidDataException("The gzip body goes on after its data: bytes that begin no member follow its last one.");
        var tail = _raw.Tail;
        var after = GzipEnding.BytesAfterTheData(tail, _raw.Total, EndsTheData, nothingDecoded: _length == 0);
        if (after is null)
        {
            throw new InvalidDataException(
                $"The gzip body ends before its data does: its last 8 bytes are not the CRC-32 and length of its last member's data ({_length:N0} bytes read from it in all).");
        }

        if (after is > 0 and var count)
        {
            // What follows begins a member (as the decoder reads it, it waits for the rest of its header): cut off there.
            throw new InvalidDataException(tail.AsSpan(tail.Length - count).StartsWith((byte[])[0x1f, 0x8b])
                ? $"The gzip body ends before its data does: its last {count:N0} bytes begin a member that is cut off."
                : $"The gzip body goes on after its data: {count:N0} {(count == 1 ? "byte follows" : "bytes follow")} its last member.");
        }

        return 0;
    }

    /// <summary>
    /// A trailer that ends the data: the CRC-32 and length (modulo 2^32) of what was decoded since some member began,
    /// that member holding something (an empty one's trailer, CRC and length 0, would match anywhere).
    /// </summary>
    private bool EndsTheData(uint crc, uint length)
    {
        var whole = _crc.GetCurrentHashAsUInt32();
        // The member held `length`, or that plus a multiple of 4 GiB: each place it could have begun, nearest the end first.
        for (var begun = _length - length; begun >= 0; begun -= 1L << 32)
        {
            if (begun == _length) continue;
            var at = begun == 0 ? -1 : _readsEnded.BinarySearch((begun, 0), ByDecoded);
            if ((begun == 0 || at >= 0) && Crc32Arithmetic.OfEnd(whole, begun == 0 ? 0 : _readsEnded[at].Crc, _length - begun) == crc) return true;
        }

        return false;
    }

    private static readonly Comparer<(long Decoded, uint Crc)> ByDecoded = Comparer<(long Decoded, uint Crc)>.Create((a, b) => a.Decoded.CompareTo(b.Decoded));

    public override async ValueTask DisposeAsync()
    {
        await _decoded.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The coded body as read, keeping its last bytes (<see cref="GzipEnding.Kept"/>): where it ends, and how.</summary>
    private sealed class TailKeeping(Stream body) : ForwardReadStream
    {
        private readonly byte[] _tail = new byte[GzipEnding.Kept];
        private int _kept;

        public long Total { get; private set; }

        public byte[] Tail => _tail[.._kept];

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            Keep(buffer.Span[..read]);
            return read;
        }

        private void Keep(ReadOnlySpan<byte> read)
        {
            Total += read.Length;
            if (read.Length >= _tail.Length)
            {
                read[^_tail.Length..].CopyTo(_tail);
                _kept = _tail.Length;
                return;
            }

            // The older bytes move up to make room for the new ones.
            var older = Math.Min(_kept, _tail.Length - read.Length);
            _tail.AsSpan(_kept - older, older).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(older));
            _kept = older + read.Length;
        }
    }
}

/// <summary>A gzip body decodes to more times its size than any catalogue's lines do: a "zip bomb", refused before it is decoded whole.</summary>
public sealed class GzipExpansionException(int maxExpansion, long sent, long decoded)
    : IOException($"The gzip body decodes to more than {maxExpansion:N0} times its size ({decoded:N0} bytes from the first {sent:N0} sent).")
{
    public int MaxExpansion => maxExpansion;
}

using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using Catalogue.Api.Hosting;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// A gzip body or file decoded as it is read, whose end is checked against the gzip trailer (RFC 1952: the CRC-32 and
/// the length of what it holds). .NET's <see cref="GZipStream"/> takes the end of its input for the end of the data: a
/// file cut off at any point — even between two lines — would be read as a shorter file, and an import of it finish
/// as if it were whole. Here it throws <see cref="InvalidDataException"/> instead. One gzip member is read: a body of
/// several members concatenated (bgzip) is refused at its end, as its trailer speaks for its last member only.
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

    private readonly TrailerKeeping _raw;
    private readonly GZipStream _decoded;
    private readonly int? _maxExpansion;
    private readonly Crc32 _crc = new();
    private long _length;
    private bool _ended;

    public CheckedGzipStream(Stream body, int? maxExpansion = null)
    {
        _raw = new TrailerKeeping(body);
        _decoded = new GZipStream(_raw, CompressionMode.Decompress, leaveOpen: true);
        _maxExpansion = maxExpansion;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended) return 0;
        var read = await _decoded.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            _crc.Append(buffer.Span[..read]);
            _length += read;
            if (_maxExpansion is { } max && _length > ExpansionCheckedFrom && _length > max * _raw.Total)
                throw new GzipExpansionException(max, _raw.Total, _length);
            return read;
        }

        _ended = true;
        var trailer = _raw.LastEight;
        if (_raw.Total < 18 || BinaryPrimitives.ReadUInt32LittleEndian(trailer) != _crc.GetCurrentHashAsUInt32()
            || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != (uint)_length)
        {
            throw new InvalidDataException(
                $"The gzip body ends before its data does, or is not one gzip member: its last 8 bytes are not the CRC-32 and length of the {_length:N0} bytes read from it.");
        }

        return 0;
    }

    public override async ValueTask DisposeAsync()
    {
        await _decoded.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>The coded body as read, keeping its last eight bytes: where a whole gzip member keeps its trailer.</summary>
    private sealed class TrailerKeeping(Stream body) : ForwardReadStream
    {
        private readonly byte[] _last = new byte[8];

        public long Total { get; private set; }

        public ReadOnlySpan<byte> LastEight => _last;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await body.ReadAsync(buffer, cancellationToken);
            Keep(buffer.Span[..read]);
            return read;
        }

        private void Keep(ReadOnlySpan<byte> read)
        {
            Total += read.Length;
            if (read.Length >= 8)
            {
                read[^8..].CopyTo(_last);
                return;
            }

            // Fewer than eight new bytes: the older ones move up to make room.
            _last.AsSpan(read.Length).CopyTo(_last);
            read.CopyTo(_last.AsSpan(8 - read.Length));
        }
    }
}

/// <summary>A gzip body decodes to more times its size than any catalogue's lines do: a "zip bomb", refused before it is decoded whole.</summary>
public sealed class GzipExpansionException(int maxExpansion, long sent, long decoded)
    : IOException($"The gzip body decodes to more than {maxExpansion:N0} times its size ({decoded:N0} bytes from the first {sent:N0} sent).")
{
    public int MaxExpansion => maxExpansion;
}

using Catalogue.Api.Hosting;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// The file an import verb reads, as stored, counting the bytes read from it — a file on disk, or a pipe it was given
/// (<c>import-jsonl &lt;(zcat catalogue.jsonl.gz)</c>, <c>/dev/stdin</c>), which can be neither measured nor read twice:
/// its first two bytes are read once to tell whether it is gzip, then given again before the rest.
/// </summary>
public sealed class ImportInput : ForwardReadStream
{
    private readonly Stream _file;
    private readonly byte[] _head;
    private int _headServed;

    private ImportInput(Stream file, byte[] head)
    {
        _file = file;
        _head = head;
        BytesRead = head.Length;
    }

    /// <summary>Whether it starts as gzip does (1f 8b).</summary>
    public bool StartsAsGzip => _head is [0x1f, 0x8b];

    /// <summary>Bytes read from the file so far: how far an import has got through it as stored.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The file's length when it can be known beforehand (a file on disk); null for a pipe.</summary>
    public long? KnownLength { get; private init; }

    public static async Task<ImportInput> OpenAsync(FileStream file, CancellationToken ct)
    {
        var length = file.CanSeek ? file.Length : (long?)null;
        var head = new byte[2];
        var read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        // A device (/dev/zero) or a kernel's file (/proc/…) seeks but tells a length of 0 whatever it holds: not known.
        if (length == 0 && read > 0) length = null;
        return new ImportInput(file, head[..read]) { KnownLength = length };
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headServed < _head.Length)
        {
            var given = Math.Min(buffer.Length, _head.Length - _headServed);
            _head.AsMemory(_headServed, given).CopyTo(buffer);
            _headServed += given;
            return given;
        }

        var read = await _file.ReadAsync(buffer, cancellationToken);
        BytesRead += read;
        return read;
    }
}

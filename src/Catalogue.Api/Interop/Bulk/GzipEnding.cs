using System.Buffers.Binary;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Whether a gzip body ends where its data does, read backwards from its last bytes (RFC 1952). It must end with the
/// trailer of the member that held the last of the data — or with empty members after it, as bgzip ends every file
/// with one: an empty member's trailer (CRC-32 and length 0) would match any data, so such a member is taken only when
/// it is whole, its header and its empty deflate data, and the bytes before it end well in turn. .NET's decoder passes
/// over whatever follows a member and does not begin another, so bytes after the data are caught here too.
/// </summary>
public static class GzipEnding
{
    /// <summary>How many of the body's last bytes are kept to read its ending; empty members' headers must fit in them.</summary>
    public const int Kept = 4096;

    // Nothing, deflated, as gzip, zlib, pigz and bgzip write it: one final block of fixed codes holding the end code
    // alone, or one final stored block of no bytes.
    private static readonly byte[][] NothingDeflated = [[0x03, 0x00], [0x01, 0x00, 0x00, 0xff, 0xff]];

    /// <summary>How many bytes follow the end of the data: 0 when the body is whole, null when the data's end is not among the bytes kept (cut off).</summary>
    /// <param name="tail">The body's last bytes, up to <see cref="Kept"/>.</param>
    /// <param name="total">The body's length.</param>
    /// <param name="endsTheData">Whether a trailer (CRC-32, length) is that of a member holding the end of the data.</param>
    /// <param name="nothingDecoded">True when the body decoded to nothing at all.</param>
    public static int? BytesAfterTheData(byte[] tail, long total, Func<uint, uint, bool> endsTheData, bool nothingDecoded)
    {
        var known = new bool?[tail.Length + 1];
        for (var end = tail.Length; end >= 8; end--)
        {
            if (EndsAt(end)) return tail.Length - end;
        }

        return null;

        bool EndsAt(int end)
        {
            if (end < 8) return false;
            if (known[end] is { } answer) return answer;
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 8));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(end - 4));
            known[end] = endsTheData(crc, length) || (crc == 0 && length == 0 && EmptyMemberEndsAt(end));
            return known[end]!.Value;
        }

        bool EmptyMemberEndsAt(int end)
        {
            foreach (var nothing in NothingDeflated)
            {
                var headerEnds = end - 8 - nothing.Length;
                if (headerEnds < 10 || !tail.AsSpan(headerEnds, nothing.Length).SequenceEqual(nothing)) continue;
                for (var begins = headerEnds - 10; begins >= 0; begins--)
                {
                    if (!HeaderEndsAt(tail, begins, headerEnds)) continue;
                    // The body begins with it: nothing came before, so nothing may have been decoded.
                    if (total - tail.Length + begins == 0 ? nothingDecoded : EndsAt(begins)) return true;
                }
            }

            return false;
        }
    }

    /// <summary>A gzip member's header begins at <paramref name="begins"/> and ends just before <paramref name="ends"/>.</summary>
    private static bool HeaderEndsAt(byte[] bytes, int begins, int ends)
    {
        const byte Text = 1, HeaderCrc = 2, Extra = 4, Name = 8, Comment = 16;
        if (bytes[begins] != 0x1f || bytes[begins + 1] != 0x8b || bytes[begins + 2] != 8) return false;
        var flags = bytes[begins + 3];
        if ((flags & ~(Text | HeaderCrc | Extra | Name | Comment)) != 0) return false;
        var at = begins + 10;
        if ((flags & Extra) != 0)
        {
            if (at + 2 > ends) return false;
            at += 2 + (bytes[at] | (bytes[at + 1] << 8));
        }

        foreach (var zeroEnded in new[] { Name, Comment })
        {
            if ((flags & zeroEnded) == 0) continue;
            var zero = at < ends ? Array.IndexOf(bytes, (byte)0, at, ends - at) : -1;
            if (zero < 0) return false;
            at = zero + 1;
        }

        if ((flags & HeaderCrc) != 0) at += 2;
        return at == ends;
    }
}

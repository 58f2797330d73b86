using System.Text;
using System.Text.Unicode;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// Reads through to another stream and refuses, where it stands, the first byte that is not part of a UTF-8 character:
/// a <see cref="DecoderFallbackException"/> whose message (beginning <see cref="Refusal"/>) names its line and position
/// (in bytes). A decoder refuses
/// the same bytes, but a buffer ahead of where the rows are read, so that nothing could tell an archivist which of
/// five thousand rows holds the one character a spreadsheet saved in Windows-1252. The bytes before the refused one
/// are handed on first, and the refusal thrown at the read after them, so every row before it can be imported.
/// </summary>
public sealed class Utf8CheckedStream(Stream inner) : Stream
{
    private readonly byte[] carried = new byte[4];
    private DecoderFallbackException? refusal;

    /// <summary>The bytes of the read in hand checked so far (a character carried from the read before not among them).</summary>
    private int good;
    private int carriedCount;
    private long line = 1;
    private long position;

    /// <summary>How many bytes were handed on to the reader: at the end of the input, all of it.</summary>
    public long HandedOn { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (refusal is not null) throw refusal;
        return Checked(buffer[..inner.Read(buffer)]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (refusal is not null) throw refusal;
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Checked(buffer.Span[..read]);
    }

    /// <summary>
    /// How many of the bytes read are handed on: all of them, or those before a byte that is not UTF-8, whose refusal
    /// the next read throws — so the reader has every whole character, and row, before it; with none before it, the
    /// refusal is thrown now.
    /// </summary>
    private int Checked(ReadOnlySpan<byte> read)
    {
        try
        {
            Check(read);
            HandedOn += read.Length;
            return read.Length;
        }
        catch (DecoderFallbackException refused) when (good > 0)
        {
            refusal = refused;
            HandedOn += good;
            return good;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    /// <param name="bytes">What was read; empty at the end of the stream.</param>
    private void Check(ReadOnlySpan<byte> bytes)
    {
        good = 0;
        if (bytes.IsEmpty)
        {
            if (carriedCount > 0) throw NotUtf8("ends in the middle of a UTF-8 character");
            return;
        }

        // A character begun at the end of the last read is finished by the first bytes of this one.
        Span<byte> character = stackalloc byte[4];
        while (carriedCount > 0)
        {
            var take = Math.Min(carried.Length - carriedCount, bytes.Length);
            var joined = character[..(carriedCount + take)];
            carried.AsSpan(0, carriedCount).CopyTo(joined);
            bytes[..take].CopyTo(joined[carriedCount..]);
            switch (Rune.DecodeFromUtf8(joined, out _, out var used))
            {
                case System.Buffers.OperationStatus.Done:
                    bytes = bytes[(used - carriedCount)..];
                    good += used - carriedCount;
                    position += used;
                    carriedCount = 0;
                    break;
                case System.Buffers.OperationStatus.NeedMoreData when take == bytes.Length:
                    bytes.CopyTo(carried.AsSpan(carriedCount));
                    carriedCount += bytes.Length;
                    return;
                default:
                    throw NotUtf8("is not part of a UTF-8 character");
            }
        }

        if (!Utf8.IsValid(bytes)) bytes = CheckedUpToAnUnfinishedCharacter(bytes);
        Advance(bytes);
    }

    /// <returns>The bytes before a character the read ends in the middle of (kept for the next read).</returns>
    private ReadOnlySpan<byte> CheckedUpToAnUnfinishedCharacter(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[offset..], out _, out var used);
            if (status == System.Buffers.OperationStatus.Done)
            {
                offset += used;
                continue;
            }

            Advance(bytes[..offset]);
            good += offset;
            if (status != System.Buffers.OperationStatus.NeedMoreData) throw NotUtf8("is not part of a UTF-8 character");
            bytes[offset..].CopyTo(carried);
            carriedCount = bytes.Length - offset;
            return [];
        }

        return bytes;
    }

    private void Advance(ReadOnlySpan<byte> bytes)
    {
        var lastBreak = bytes.LastIndexOf((byte)'\n');
        if (lastBreak < 0)
        {
            position += bytes.Length;
            return;
        }

        line += bytes.Count((byte)'\n');
        position = bytes.Length - lastBreak - 1;
    }

    /// <summary>How this stream's refusal begins, to tell it from a decoder's own, which says only that there is such a byte.</summary>
    public const string Refusal = "The text is not UTF-8: ";

    /// <returns>The stream's refusal of the byte, or null for a decoder's own refusal.</returns>
    public static string? Located(DecoderFallbackException refused) => refused.Message.StartsWith(Refusal, StringComparison.Ordinal) ? refused.Message : null;

    private DecoderFallbackException NotUtf8(string what) =>
        new($"{Refusal}the byte at line {line:N0}, position {position + 1:N0} {what}. Save the file as UTF-8 and send it again.");
}

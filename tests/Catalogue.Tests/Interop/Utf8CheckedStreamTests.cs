using System.Text;
using Catalogue.Api.Interop.Bulk;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A file that is not UTF-8 is refused where its first bad byte stands, however the bytes arrive: a character split
/// between two reads is a character, not a bad byte.
/// </summary>
public sealed class Utf8CheckedStreamTests
{
    private const string Catalogued = "title,summary\nШифртелеграмма,Рощин — Филиппову\nKovács István,🜁 note\n";

    /// <summary>Hands out at most <paramref name="piece"/> bytes a read, as a slow network does.</summary>
    private sealed class Trickle(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(piece, buffer.Length)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(piece, buffer.Length)], cancellationToken);
    }

    private static async Task<byte[]> ReadAll(byte[] bytes, int piece)
    {
        await using var checkedStream = new Utf8CheckedStream(new Trickle(bytes, piece));
        using var copy = new MemoryStream();
        await checkedStream.CopyToAsync(copy, bufferSize: piece);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(4096)]
    public async Task utf8_passes_through_unchanged_in_pieces_of_any_size(int piece)
    {
        var bytes = Encoding.UTF8.GetBytes(Catalogued);

        Assert.Equal(bytes, await ReadAll(bytes, piece));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task a_windows_1252_byte_is_refused_by_its_line_and_position(int piece)
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes("title,summary\nШифр,x\nLettre "), 0xE9, .. "\n"u8];

        var refused = await Assert.ThrowsAsync<DecoderFallbackException>(() => ReadAll(bytes, piece));

        Assert.Equal("The text is not UTF-8: the byte at line 3, position 8 is not part of a UTF-8 character. Save the file as UTF-8 and send it again.", refused.Message);
        Assert.Equal(refused.Message, Utf8CheckedStream.Located(refused));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    public async Task a_character_cut_off_at_the_end_is_refused(int piece)
    {
        var bytes = Encoding.UTF8.GetBytes("title\nШ")[..^1];

        var refused = await Assert.ThrowsAsync<DecoderFallbackException>(() => ReadAll(bytes, piece));

        Assert.Contains("line 2, position 1 ends in the middle of a UTF-8 character", refused.Message);
    }

    [Fact]
    public void a_decoder_s_own_refusal_is_not_taken_for_a_located_one()
    {
        Assert.Null(Utf8CheckedStream.Located(new DecoderFallbackException("Unable to translate bytes [E9] at index 3")));
    }
}

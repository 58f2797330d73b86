using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Catalogue.Api.Interop.Bulk;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A catalogue's lines kept gzip — whole, in several members (parts compressed apart and joined), or damaged — as the
/// bulk imports read them, over input that arrives in pieces of any size, as a request body does.
/// </summary>
public sealed class when_a_gzip_file_is_read
{
    private static readonly string[] Parts = [.. Enumerable.Range(0, 3).Select(part =>
        string.Concat(Enumerable.Range(1, 1_500).Select(n => $$"""{"title":"Memorandum no. {{part * 1_500 + n}} of a conversation with Zhou Enlai"}""" + "\n")))];

    // What `gzip` writes for nothing (.NET's GZipStream writes no member at all).
    private static readonly byte[] Empty = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    // bgzip's end-of-file marker: an empty member with BGZF's extra field, which bgzip writes at the end of every file.
    private static readonly byte[] BgzipEnd = [0x1f, 0x8b, 8, 4, 0, 0, 0, 0, 0, 0xff, 6, 0, 0x42, 0x43, 2, 0, 0x1b, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>An empty member whose header names a file, as `gzip` writes one for an empty file.</summary>
    private static byte[] EmptyNamed(string name) => [0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3, .. Encoding.ASCII.GetBytes(name), 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static byte[] Gzipped(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    private static byte[] Joined(params string[] parts) => [.. parts.SelectMany(Gzipped)];

    private static async Task<string> Read(byte[] gzip, int piece, int buffer = 4096)
    {
        await using var decoded = new CheckedGzipStream(new InPieces(gzip, piece));
        using var read = new MemoryStream();
        await decoded.CopyToAsync(read, buffer);
        return Encoding.UTF8.GetString(read.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8_192)]
    [InlineData(1 << 20)]
    public async Task parts_compressed_apart_and_joined_read_as_the_whole_text(int piece)
    {
        Assert.Equal(string.Concat(Parts), await Read(Joined(Parts), piece));
        Assert.Equal(Parts[0] + Parts[1], await Read([.. Joined(Parts[0]), .. Empty, .. Joined(Parts[1]), .. Empty], piece, buffer: 1_000));
    }

    [Fact]
    public async Task read_a_byte_at_a_time_one_member_and_a_short_last_one_are_found_though_only_the_latest_reads_are_kept()
    {
        var whole = string.Concat(Parts);
        Assert.True(Encoding.UTF8.GetByteCount(whole) > 2 * CheckedGzipStream.ReadsKept);

        Assert.Equal(whole, await Read(Gzipped(whole), 8_192, buffer: 1));
        Assert.Equal(whole + Parts[0][..1_000], await Read([.. Gzipped(whole), .. Gzipped(Parts[0][..1_000])], 8_192, buffer: 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8_192)]
    public async Task a_file_cut_off_anywhere_in_its_last_member_is_refused(int piece)
    {
        var joined = Joined(Parts);
        var lastBegins = joined.Length - Gzipped(Parts[2]).Length;

        foreach (var cut in new[] { lastBegins + 5, lastBegins + 10, (lastBegins + joined.Length) / 2, joined.Length - 8, joined.Length - 1 })
        {
            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => Read(joined[..cut], piece));
            Assert.Contains("ends before its data does", refused.Message);
        }
    }

    [Fact]
    public async Task a_file_cut_off_in_an_earlier_member_is_refused()
    {
        var joined = Joined(Parts);

        await Assert.ThrowsAsync<InvalidDataException>(() => Read(joined[..(Gzipped(Parts[0]).Length / 2)], 8_192));
        await Assert.ThrowsAsync<InvalidDataException>(() => Read(joined[..(Gzipped(Parts[0]).Length + Gzipped(Parts[1]).Length - 3)], 8_192));
    }

    [Fact]
    public async Task an_earlier_member_whose_crc_or_length_does_not_match_its_data_is_refused()
    {
        var first = Gzipped(Parts[0]).Length;
        foreach (var damaged in new[] { first - 8, first - 1 })
        {
            var joined = Joined(Parts);
            joined[damaged] ^= 1;

            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => Read(joined, 8_192));
            Assert.Contains("not gzip, or damaged within its first", refused.Message);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 0x0a, 0x0a })]
    [InlineData(new byte[] { 0x1f })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public async Task bytes_after_the_last_member_are_refused_whether_or_not_the_decoder_reads_them(byte[] after)
    {
        foreach (var piece in new[] { 1, 8_192, Joined(Parts).Length })
        {
            var refused = await Assert.ThrowsAsync<InvalidDataException>(() => Read([.. Joined(Parts), .. after], piece));
            Assert.Contains("goes on after its data", refused.Message);
        }

        var counted = await Assert.ThrowsAsync<InvalidDataException>(() => Read([.. Joined(Parts), .. after], 1 << 20));
        Assert.Contains($"{after.Length} {(after.Length == 1 ? "byte follows" : "bytes follow")} its last member", counted.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8_192)]
    public async Task empty_members_at_the_end_as_bgzip_writes_them_are_read_as_nothing_more(int piece)
    {
        Assert.Equal(string.Concat(Parts), await Read([.. Joined(Parts), .. BgzipEnd], piece));
        Assert.Equal(Parts[0], await Read([.. Joined(Parts[0]), .. EmptyNamed("part2.jsonl"), .. BgzipEnd], piece));
        Assert.Equal("", await Read(BgzipEnd, piece));
        Assert.Equal("", await Read(Empty, piece));
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 3, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x0a })]
    public async Task an_empty_member_is_not_taken_for_the_end_when_other_bytes_come_before_or_after_it(byte[] stray)
    {
        foreach (var body in new byte[][] { [.. Joined(Parts), .. BgzipEnd, .. stray], [.. Joined(Parts), .. stray, .. BgzipEnd], [.. stray, .. BgzipEnd] })
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => Read(body, 8_192));
        }
    }

    [Fact]
    public void the_crc_of_joined_data_follows_from_the_crcs_of_its_parts_and_that_of_an_end_from_the_whole_and_what_precedes_it()
    {
        var random = new Random(1949);
        foreach (var length in new[] { 0, 1, 2, 7, 64, 1_000, 70_000 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            foreach (var split in new[] { 0, length / 3, length / 2, length })
            {
                var (before, end, whole) = (Crc32.HashToUInt32(data.AsSpan(..split)), Crc32.HashToUInt32(data.AsSpan(split)), Crc32.HashToUInt32(data));

                Assert.Equal(whole, Crc32Arithmetic.Combine(before, end, length - split));
                Assert.Equal(end, Crc32Arithmetic.OfEnd(whole, before, length - split));
            }
        }
    }

    /// <summary>The bytes, handed out at most <paramref name="piece"/> at a time, as the network hands a body.</summary>
    private sealed class InPieces(byte[] bytes, int piece) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, piece)], cancellationToken);

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, piece)]);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, piece));
    }
}

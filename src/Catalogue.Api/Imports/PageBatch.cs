using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Catalogue.Api.Records.Writing.Idempotency;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Catalogue.Api.Imports;

/// <summary>
/// One page of a batch as it came off the stream: its place in the batch, the name the client gave it (the file name
/// of a form part), its text or why it could not be read as a page, and the SHA-256 of the bytes read for it.
/// </summary>
public sealed record BatchPage(int Item, string Name, string? Text, string? Problem, byte[] Digest);

/// <summary>
/// What makes two batches "the same request" for an Idempotency-Key: the request line and, page by page, each name
/// and content — not the multipart framing, whose boundary a client draws at random for every send.
/// </summary>
public sealed class BatchFingerprint(HttpRequest request) : IDisposable
{
    private readonly IncrementalHash _hash = RequestFingerprint.Begin(request);

    public void Add(BatchPage page)
    {
        RequestFingerprint.AppendField(_hash, Encoding.UTF8.GetBytes(page.Name));
        RequestFingerprint.AppendField(_hash, page.Digest);
    }

    public string Value() => Convert.ToHexStringLower(_hash.GetCurrentHash());

    public void Dispose() => _hash.Dispose();
}

/// <summary>
/// Reads the pages of a <c>multipart/form-data</c> body one part at a time: a part is a page, whatever its field name,
/// and only the page being read is held in memory. A part that is too large or not UTF-8 text becomes a page with a
/// problem; a body that is not well-formed multipart stops the batch (<see cref="InvalidDataException"/> or
/// <see cref="IOException"/>).
/// </summary>
public static class PageBatch
{
    public static bool TryReadBoundary(string? contentType, out string boundary)
    {
        boundary = "";
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)
            || !string.Equals(type.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return false;

        boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value ?? "";
        // RFC 2046 §5.1.1: 1 to 70 characters.
        return boundary.Length is > 0 and <= 70;
    }

    public static async IAsyncEnumerable<BatchPage> ReadAsync(Stream body, string boundary, [EnumeratorCancellation] CancellationToken ct)
    {
        var reader = new MultipartReader(boundary, body) { BodyLengthLimit = null, HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        var item = 0;
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            item++;
            var page = await ReadPageAsync(section.Body, item, NameOf(section, item), ct);
            yield return page.Problem is null && NotUtf8Declared(section.ContentType) is { } declared ? page with { Text = null, Problem = declared } : page;
        }
    }

    /// <summary>
    /// Why a part whose Content-Type names a charset other than UTF-8's is no page (found from outside: a part sent as
    /// <c>text/plain; charset=iso-8859-1</c> was read as UTF-8, where the same page sent alone is 415). A part without a
    /// charset — curl's <c>application/octet-stream</c> for a file — is read as UTF-8, and refused if it is not.
    /// </summary>
    private static string? NotUtf8Declared(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type)) return null;
        return Hosting.ContentTypes.CharsetsOf(type) switch
        {
            [] => null,
            [var charset] when Hosting.ContentTypes.ReadsAsUtf8(charset) => null,
            [var charset] => $"The page is sent as {charset}; pages are read as UTF-8 only: save it as UTF-8, or send it without a charset.",
            _ => "The page's Content-Type names its charset more than once; pages are read as UTF-8 only.",
        };
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads one page from its stream, at most <see cref="ImportEndpoint.MaxPageBytes"/> of it: its text when it is
    /// UTF-8 (a byte order mark is dropped), else why not. A page is never decoded leniently: a Latin-1 or damaged
    /// page would otherwise enter the catalogue with replacement characters where its letters were.
    /// </summary>
    public static async Task<BatchPage> ReadPageAsync(Stream body, int item, string name, CancellationToken ct)
    {
        var limit = ImportEndpoint.MaxPageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            int read;
            while (length <= limit && (read = await body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), ct)) > 0) length += read;

            // The rest of an oversized part is skipped by the reader when it moves to the next part.
            var digest = SHA256.HashData(buffer.AsSpan(0, length));
            if (length > limit)
                return new BatchPage(item, name, null, $"The page is larger than {limit / 1024 / 1024} MiB.", digest);

            var bytes = buffer.AsSpan(0, length);
            if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];
            try
            {
                return new BatchPage(item, name, StrictUtf8.GetString(bytes), null, digest);
            }
            catch (DecoderFallbackException)
            {
                return new BatchPage(item, name, null, "The page is not UTF-8 text.", digest);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The part's file name, else its field name, else its place; kept printable and short for the event's source.</summary>
    private static string NameOf(MultipartSection section, int item)
    {
        var disposition = section.GetContentDispositionHeader();
        var given = disposition is null
            ? ""
            : new[] { disposition.FileNameStar, disposition.FileName, disposition.Name }
                .Select(candidate => HeaderUtilities.RemoveQuotes(candidate).Value)
                .FirstOrDefault(candidate => !string.IsNullOrWhiteSpace(candidate)) ?? "";
        var name = new string([.. given.Where(c => !char.IsControl(c)).Take(200)]).Trim();
        return name.Length > 0 ? name : $"part {item}";
    }
}

using System.Buffers;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A request body read once, as a stream, and never buffered whole: every byte read counts against the endpoint's
/// limit, so a body without a declared length is refused with 413 past it whatever server the service runs in.
/// </summary>
public sealed class LimitedRequestBody(Stream body, long maxBytes) : ForwardReadStream
{
    private long _bytesRead;

    public long MaxBytes => maxBytes;

    /// <summary>The bytes read from the body so far.</summary>
    public long BytesRead => _bytesRead;

    /// <summary>Reads what is left of the body (a multipart epilogue), so the client is not cut off mid-send.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            while (await ReadAsync(buffer, ct) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await body.ReadAsync(buffer, cancellationToken);
        _bytesRead += read;
        return _bytesRead <= maxBytes
            ? read
            : throw new BadHttpRequestException($"The request body is larger than {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
    }

    public override long Position
    {
        get => _bytesRead;
        set => throw new NotSupportedException();
    }
}

namespace Catalogue.Tests.Support;

/// <summary>Gives its bytes, then fails as a connection that breaks: the body of a client cut off mid-upload.</summary>
public sealed class BreakingStream(byte[] bytes) : MemoryStream(bytes)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await base.ReadAsync(buffer, cancellationToken);
        return read > 0 ? read : throw new IOException("The connection was reset.");
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = base.Read(buffer, offset, count);
        return read > 0 ? read : throw new IOException("The connection was reset.");
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Catalogue.Api.Interop.Bulk;

/// <summary>
/// The SHA-256 of what an import's input held up to the line in hand — each line's content as its reader reads it
/// (a JSON line without its line break, a spreadsheet's row cell by cell) — so that the same records in another
/// coding (gzip or not, CRLF or LF) digest alike. Every line read carries it (<see cref="SourceLine.InputDigest"/>) and a
/// batch keeps its last handled line's: a batch resumed with an input whose first lines are not those it imported is
/// refused, where they would otherwise be passed over unread as if they were.
/// </summary>
public sealed class InputDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>One part of a line (a line whole, a cell): its length first, so that no two ways of cutting the same characters digest alike.</summary>
    public void Add(ReadOnlySpan<byte> part)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, part.Length);
        _hash.AppendData(length);
        _hash.AppendData(part);
    }

    public void Add(ReadOnlySpan<char> part) => Add(MemoryMarshal.AsBytes(part));

    /// <summary>The end of a line: a length no part has.</summary>
    public void EndLine()
    {
        Span<byte> end = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(end, -1);
        _hash.AppendData(end);
    }

    /// <summary>The digest of every line ended so far, in lowercase hex.</summary>
    public string Current
    {
        get
        {
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            _hash.GetCurrentHash(digest);
            return Convert.ToHexStringLower(digest);
        }
    }

    public void Dispose() => _hash.Dispose();
}

using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Catalogue.Api.Audit.Chain;

/// <summary>
/// One committed event as the chain seals it: every field exactly as PostgreSQL hands it back, so that the service,
/// an export file and an auditor's own tool all hash the same bytes.
/// </summary>
/// <remarks>
/// <para><b>The canonical form, version 1.</b> An event's message is the concatenation of these fields, in this order:</para>
/// <list type="number">
/// <item><c>catalogue.event-chain.v1</c> (a constant, so a hash of this form can never be mistaken for another form's);</item>
/// <item><c>seq_id</c> in decimal digits;</item>
/// <item><c>id</c>, the event's uuid, lowercase <c>8-4-4-4-12</c>;</item>
/// <item><c>stream_id</c>, the record's uuid, lowercase <c>8-4-4-4-12</c>, or NULL;</item>
/// <item><c>version</c> in decimal digits;</item>
/// <item><c>type</c>, the event type name (<c>record_accessioned</c>);</item>
/// <item><c>tenant_id</c>, or NULL;</item>
/// <item><c>timestamp</c> in UTC as <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> (PostgreSQL keeps microseconds; so does this);</item>
/// <item><c>user_name</c>, the acting user, or NULL;</item>
/// <item><c>correlation_id</c>, or NULL;</item>
/// <item><c>causation_id</c>, or NULL;</item>
/// <item><c>headers::text</c>, or NULL (the source and the reason of the change);</item>
/// <item><c>data::text</c>;</item>
/// <item><c>bdata</c> in lowercase hex, or NULL (Marten's binary payload; unused by Catalogue, sealed all the same).</item>
/// </list>
/// <para>
/// Each field is written as a 4-byte big-endian length followed by its UTF-8 bytes; NULL is the length
/// <c>0xFFFFFFFF</c> with no bytes, so NULL and the empty string differ and no field can bleed into the next.
/// <c>jsonb</c> columns are taken as PostgreSQL's <c>::text</c> rendering, which is canonical for jsonb (keys sorted,
/// duplicates removed, one fixed spacing), so the same stored value always gives the same text however it was written.
/// </para>
/// <para>
/// <c>hash_n = SHA-256(hash_{n-1} || message_n)</c> over every event in <c>seq_id</c> order, with
/// <c>hash_0</c> = 32 zero bytes. Left out on purpose: <c>mt_dotnet_type</c> (a CLR type name, an implementation
/// detail that a refactoring may legitimately stop matching) and <c>is_archived</c> (a flag Marten sets in place when
/// a stream is archived).
/// </para>
/// </remarks>
public sealed record ChainEvent(
    long Seq,
    Guid Id,
    Guid? StreamId,
    long Version,
    string Type,
    string? TenantId,
    string Timestamp,
    string? UserName,
    string? CorrelationId,
    string? CausationId,
    string? Headers,
    string Data,
    string? BData)
{
    public const string FormatTag = "catalogue.event-chain.v1";

    /// <summary>The columns <see cref="Read"/> expects, in order, for a query over <c>mt_events</c> aliased <c>e</c>.</summary>
    public const string Columns =
        "e.seq_id, e.id, e.stream_id, e.version, e.type, e.tenant_id, e.timestamp, e.user_name, e.correlation_id, e.causation_id, " +
        "e.headers::text, e.data::text, e.bdata";

    public const int ColumnCount = 13;

    public static ChainEvent Read(DbDataReader reader, int offset = 0) => new(
        reader.GetInt64(offset),
        reader.GetGuid(offset + 1),
        reader.IsDBNull(offset + 2) ? null : reader.GetGuid(offset + 2),
        reader.GetInt64(offset + 3),
        reader.GetString(offset + 4),
        reader.IsDBNull(offset + 5) ? null : reader.GetString(offset + 5),
        CanonicalTimestamp(reader.GetFieldValue<DateTime>(offset + 6)),
        reader.IsDBNull(offset + 7) ? null : reader.GetString(offset + 7),
        reader.IsDBNull(offset + 8) ? null : reader.GetString(offset + 8),
        reader.IsDBNull(offset + 9) ? null : reader.GetString(offset + 9),
        reader.IsDBNull(offset + 10) ? null : reader.GetString(offset + 10),
        reader.GetString(offset + 11),
        reader.IsDBNull(offset + 12) ? null : Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(offset + 12)));

    public static string CanonicalTimestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string CanonicalGuid(Guid id) => id.ToString("D");
}

/// <summary>The links of the chain: <c>hash_n = SHA-256(hash_{n-1} || canonical event)</c> (see <see cref="ChainEvent"/>).</summary>
public sealed class ChainHasher : IDisposable
{
    public const int HashSize = 32;

    public static readonly byte[] Genesis = new byte[HashSize];

    private static readonly byte[] NullLength = [0xFF, 0xFF, 0xFF, 0xFF];

    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>The hash that seals <paramref name="e"/> after <paramref name="previous"/>.</summary>
    public byte[] Next(ReadOnlySpan<byte> previous, ChainEvent e)
    {
        if (previous.Length != HashSize) throw new ArgumentException("A chain hash is 32 bytes.", nameof(previous));

        _sha.AppendData(previous);
        Field(ChainEvent.FormatTag);
        Field(e.Seq.ToString(CultureInfo.InvariantCulture));
        Field(ChainEvent.CanonicalGuid(e.Id));
        Field(e.StreamId is { } stream ? ChainEvent.CanonicalGuid(stream) : null);
        Field(e.Version.ToString(CultureInfo.InvariantCulture));
        Field(e.Type);
        Field(e.TenantId);
        Field(e.Timestamp);
        Field(e.UserName);
        Field(e.CorrelationId);
        Field(e.CausationId);
        Field(e.Headers);
        Field(e.Data);
        Field(e.BData);
        return _sha.GetHashAndReset();
    }

    private void Field(string? value)
    {
        if (value is null)
        {
            _sha.AppendData(NullLength);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        var buffer = ArrayPool<byte>.Shared.Rent(length + 4);
        try
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)length);
            Encoding.UTF8.GetBytes(value, buffer.AsSpan(4));
            _sha.AppendData(buffer, 0, length + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _sha.Dispose();
}

using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Catalogue.Api.Records;

/// <summary>
/// Where a page of the record list ended: the order, and the last line's sort key and id, exactly as the index holds
/// them. Given to clients as an opaque token (<c>next</c>) they send back as <c>after</c>; they are not meant to read or
/// make one, and its form may change.
/// </summary>
public sealed record RecordListCursor(RecordListOrder Order, string Key, Guid Id)
{
    private sealed record Token(string S, string K, Guid I);

    public static RecordListCursor At(RecordListOrder order, System.Data.Common.DbDataReader row, int keyColumn, Guid id) => new(
        order,
        // The accession time as PostgreSQL holds it (microseconds), not as the document writes it.
        order == RecordListOrder.Newest ? row.GetFieldValue<DateTime>(keyColumn).Ticks.ToString(CultureInfo.InvariantCulture) : row.GetString(keyColumn),
        id);

    public NpgsqlParameter KeyParameter() => Order == RecordListOrder.Newest
        ? new NpgsqlParameter("key", NpgsqlDbType.TimestampTz) { Value = new DateTime(long.Parse(Key, CultureInfo.InvariantCulture), DateTimeKind.Utc) }
        : new NpgsqlParameter("key", NpgsqlDbType.Varchar) { Value = Key };

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(Order.Name, Key, Id)));

    public static bool TryDecode(string text, out RecordListCursor? cursor)
    {
        cursor = null;
        try
        {
            if (text.Length > 4096) return false;
            var token = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(text));
            if (token is null || RecordListOrder.All.FirstOrDefault(o => o.Name == token.S) is not { } order
                // PostgreSQL takes no NUL in text, and no key in the list holds one.
                || token.K is null || token.K.Contains('\0')) return false;
            if (order == RecordListOrder.Newest
                && !(long.TryParse(token.K, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks)) return false;
            cursor = new RecordListCursor(order, token.K, token.I);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}

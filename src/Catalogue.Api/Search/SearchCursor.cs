using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Catalogue.Api.Search;

/// <summary>
/// Where a page of search hits ended: the order, the last hit's sort key (its rank, or the first day its date can fall
/// on) and id, and the fingerprint of the search it belongs to. Given to clients as an opaque token (<c>next</c>) they
/// send back as <c>after</c>; its form may change.
/// </summary>
public sealed record SearchCursor(string Sort, string Key, Guid Id, string Fingerprint)
{
    private sealed record Token(string S, string K, Guid I, string F);

    public static SearchCursor Relevance(float rank, Guid id, string fingerprint) =>
        new(SearchOrders.Relevance, rank.ToString("R", CultureInfo.InvariantCulture), id, fingerprint);

    public static SearchCursor Date(int sortDay, Guid id, string fingerprint) =>
        new(SearchOrders.Date, sortDay.ToString(CultureInfo.InvariantCulture), id, fingerprint);

    public float Rank => float.Parse(Key, CultureInfo.InvariantCulture);

    public int SortDay => int.Parse(Key, CultureInfo.InvariantCulture);

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token(Sort, Key, Id, Fingerprint)));

    public static bool TryDecode(string text, out SearchCursor? cursor)
    {
        cursor = null;
        try
        {
            if (text.Length > 1024) return false;
            var token = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(text));
            if (token is null || token.K is null || token.F is null) return false;
            var readable = token.S switch
            {
                SearchOrders.Relevance => float.TryParse(token.K, NumberStyles.Float, CultureInfo.InvariantCulture, out var rank) && float.IsFinite(rank),
                SearchOrders.Date => int.TryParse(token.K, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                _ => false,
            };
            if (!readable) return false;
            cursor = new SearchCursor(token.S, token.K, token.I, token.F);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return false;
        }
    }
}

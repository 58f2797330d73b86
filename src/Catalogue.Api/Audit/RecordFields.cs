using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.Records;

namespace Catalogue.Api.Audit;

/// <summary>
/// A record as a flat map of field paths to values, the unit of diffs and blame. Lists whose entries have a
/// stable key are addressed by that key (<c>provenance[number=10].folios</c>, <c>dates[role=created].edtf</c>),
/// so removing one entry does not seem to change the others; other lists by position.
/// </summary>
public static class RecordFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string FullTexts = "fullTexts";
    private const string TextField = "text";

    private static readonly Dictionary<string, string[]> Keys = new()
    {
        ["provenance"] = ["number"],
        ["translations"] = ["number"],
        ["acquisitionCredits"] = ["number"],
        ["fundingNotes"] = ["number"],
        ["dates"] = ["role"],
        ["originalLanguages"] = ["code"],
        [FullTexts] = ["language", "kind"],
    };

    /// <summary>Fields that change with every event and describe the record rather than the document.</summary>
    private static readonly HashSet<string> Bookkeeping = ["id", "version"];

    public static SortedDictionary<string, JsonNode?> Flatten(CatalogueRecord? record)
    {
        var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (record is null) return fields;

        // Full texts run to millions of characters: a replay copies, compares and shows them by their digest only.
        foreach (var (name, value) in JsonSerializer.SerializeToNode(record with { FullTexts = [] }, Json)!.AsObject())
        {
            if (Bookkeeping.Contains(name)) continue;
            Add(fields, name, name, value);
        }

        // A text is one field, its digest, whatever version attached it and wherever it is read.
        for (var i = 0; i < record.FullTexts.Count; i++)
        {
            var text = record.FullTexts[i];
            var entry = new JsonObject { ["language"] = text.Language, ["kind"] = text.Kind };
            var path = $"{FullTexts}[{KeyOf(FullTexts, entry, i)}]";
            Add(fields, FullTexts, path, entry);
            fields[$"{path}.{TextField}"] = JsonSerializer.SerializeToNode(new FullTextDigest(text.Characters, text.Bytes, text.Sha256), Json);
        }

        return fields;
    }

    /// <summary>Whether the field is a full text, whose value is a <see cref="FullTextDigest"/>.</summary>
    public static bool IsFullText(string path) => path.StartsWith(FullTexts + "[", StringComparison.Ordinal) && path.EndsWith("]." + TextField, StringComparison.Ordinal);

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    private static void Add(SortedDictionary<string, JsonNode?> fields, string listName, string path, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) Add(fields, name, $"{path}.{name}", child);
                break;
            case JsonArray array when array.All(item => item is JsonObject):
                for (var i = 0; i < array.Count; i++) Add(fields, listName, $"{path}[{KeyOf(listName, array[i]!.AsObject(), i)}]", array[i]);
                break;
            case null:
                // A field without a value is the same as no field: it appears in a diff when it gets one.
                break;
            default:
                // Scalars, and lists of scalars (subjects, translators) taken whole.
                fields[path] = value.DeepClone();
                break;
        }
    }

    private static string KeyOf(string listName, JsonObject item, int index) =>
        Keys.TryGetValue(listName, out var keys) && keys.All(item.ContainsKey)
            ? string.Join(",", keys.Select(k => $"{k}={item[k]}"))
            : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

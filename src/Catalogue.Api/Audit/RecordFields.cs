using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Catalogue.Api.Records;

namespace Catalogue.Api.Audit;

/// <summary>
/// A record as a flat map of field paths to values, the unit of diffs and blame. Lists whose entries have a
/// stable key are addressed by that key (<c>provenance[number=10].folios</c>, <c>dates[role=created].edtf</c>),
/// so removing one entry does not seem to change the others; subjects and places by each word; other lists by position.
/// </summary>
public static class RecordFields
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private const string FullTexts = "fullTexts";
    private const string TextField = "text";

    private static readonly Dictionary<string, string[]> Keys = new()
    {
        ["provenance"] = ["number"],
        ["translations"] = ["number"],
        ["acquisitionCredits"] = ["number"],
        ["fundingNotes"] = ["number"],
        ["dates"] = ["role"],
        // A list of people is recorded whole; addressed by place, a role stayed with the event that gave it to whoever
        // stood there before (found from outside: blame credited Zhou Enlai's role to the event that recorded Андрей).
        ["creators"] = ["name", "role"],
        ["participants"] = ["name", "role"],
        ["originalLanguages"] = ["code"],
        // Identifiers are revised as a whole list too: by place, putting one before another blamed both on the revision.
        ["externalIds"] = ["scheme", "value"],
        [FullTexts] = ["language", "kind"],
    };

    /// <summary>
    /// Lists of words a record holds each once, in no order that says anything: each word is a field of its own
    /// (<c>subjects[Korean War]</c>), so blame tells who tagged it, and a diff what was tagged or taken off.
    /// </summary>
    private static readonly HashSet<string> KeyedByValue = ["subjects", "places"];

    /// <summary>Fields that change with every event and describe the record rather than the document.</summary>
    private static readonly HashSet<string> Bookkeeping = ["id", "version"];

    /// <summary>The record's properties as its JSON names them, without the bookkeeping ones.</summary>
    private static readonly JsonPropertyInfo[] Properties =
        [.. Json.GetTypeInfo(typeof(CatalogueRecord)).Properties.Where(p => !Bookkeeping.Contains(p.Name))];

    public static SortedDictionary<string, JsonNode?> Flatten(CatalogueRecord? record)
    {
        var fields = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (record is null) return fields;
        foreach (var property in Properties)
        {
            foreach (var (path, value) in FlattenProperty(property, property.Get!(record))) fields[path] = value;
        }

        return fields;
    }

    /// <summary>
    /// A record's fields followed from event to event. An event changes a property or two of the record and leaves the
    /// others the very objects they were, so only the properties it changed are flattened and compared again: a diff of
    /// a thousand events then costs what its changes cost, not a thousand flattenings of the whole record.
    /// </summary>
    public sealed class Replay
    {
        private readonly object?[] _values = new object?[Properties.Length];
        private readonly Dictionary<string, JsonNode?>[] _fields = [.. Properties.Select(_ => new Dictionary<string, JsonNode?>())];

        /// <param name="start">The record the replay starts from (a snapshot's), or null to start before the accession.</param>
        public Replay(CatalogueRecord? start = null)
        {
            if (start is not null) MoveTo(start);
        }

        /// <summary>Moves to <paramref name="record"/>, the record as the next event left it.</summary>
        /// <returns>Each field whose value changed, in the order of its path, with its value before and after.</returns>
        public List<(string Path, JsonNode? Old, JsonNode? New)> MoveTo(CatalogueRecord? record)
        {
            var changes = new List<(string Path, JsonNode? Old, JsonNode? New)>();
            for (var i = 0; i < Properties.Length; i++)
            {
                var value = record is null ? null : Properties[i].Get!(record);
                // Records and lists are immutable and an event that leaves a property alone leaves it the same object.
                // Values are boxed anew each time, and equal instants with other offsets are not the same field: flattened again.
                if (ReferenceEquals(value, _values[i]) || value is string && Equals(value, _values[i])) continue;

                var before = _fields[i];
                var after = value is null ? [] : FlattenProperty(Properties[i], value);
                foreach (var (path, now) in after)
                {
                    var old = before.GetValueOrDefault(path);
                    if (!Same(old, now)) changes.Add((path, old, now));
                }

                foreach (var (path, old) in before)
                {
                    if (!after.ContainsKey(path)) changes.Add((path, old, null));
                }

                _values[i] = value;
                _fields[i] = after;
            }

            changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return changes;
        }
    }

    private static Dictionary<string, JsonNode?> FlattenProperty(JsonPropertyInfo property, object? value)
    {
        var fields = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (value is IReadOnlyList<FullTextEntry> texts)
        {
            // Full texts run to millions of characters: a replay copies, compares and shows them by their digest only.
            // A text is one field, its digest, whatever version attached it and wherever it is read.
            for (var i = 0; i < texts.Count; i++)
            {
                var text = texts[i];
                var entry = new JsonObject { ["language"] = text.Language, ["kind"] = text.Kind };
                var path = $"{FullTexts}[{KeyOf(FullTexts, entry, i)}]";
                Add(fields, FullTexts, path, entry);
                fields[$"{path}.{TextField}"] = JsonSerializer.SerializeToNode(new FullTextDigest(text.Characters, text.Bytes, text.Sha256), Json);
            }
        }
        else
        {
            Add(fields, property.Name, property.Name, JsonSerializer.SerializeToNode(value, property.PropertyType, Json));
        }

        return fields;
    }

    /// <summary>Whether the field is a full text, whose value is a <see cref="FullTextDigest"/>.</summary>
    public static bool IsFullText(string path) => path.StartsWith(FullTexts + "[", StringComparison.Ordinal) && path.EndsWith("]." + TextField, StringComparison.Ordinal);

    public static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    private static void Add(IDictionary<string, JsonNode?> fields, string listName, string path, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj) Add(fields, name, $"{path}.{name}", child);
                break;
            case JsonArray array when KeyedByValue.Contains(listName) && array.All(item => item is JsonValue):
                foreach (var item in array) fields[$"{path}[{item}]"] = item!.DeepClone();
                break;
            case JsonArray array when array.All(item => item is JsonObject):
                for (var i = 0; i < array.Count; i++) Add(fields, listName, $"{path}[{KeyOf(listName, array[i]!.AsObject(), i)}]", array[i]);
                break;
            case null:
                // A field without a value is the same as no field: it appears in a diff when it gets one.
                break;
            default:
                // Scalars, and other lists of scalars (a translation's translators) taken whole.
                fields[path] = value.DeepClone();
                break;
        }
    }

    private static string KeyOf(string listName, JsonObject item, int index) =>
        Keys.TryGetValue(listName, out var keys) && keys.All(item.ContainsKey)
            ? string.Join(",", keys.Select(k => $"{k}={Escaped(item[k])}"))
            : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A key's value with what separates keys escaped: unescaped, the identifiers <c>a,value=b</c> / <c>c</c> and
    /// <c>a</c> / <c>b,value=c</c> were one path, so one of them was missing from blame and a reorder showed as a change.
    /// </summary>
    private static string Escaped(JsonNode? value)
    {
        var text = value?.ToString() ?? "";
        return text.AsSpan().IndexOfAny(@"\,=]") < 0
            ? text
            : text.Replace(@"\", @"\\").Replace(",", @"\,").Replace("=", @"\=").Replace("]", @"\]");
    }
}

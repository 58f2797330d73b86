using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Says what is wrong with a JSON body in the client's terms: the field as a camelCase JSON path
/// (<c>externalIds[0].scheme</c>, or <c>body</c> for the body as a whole) and what it must be, or where the JSON breaks —
/// never the .NET type System.Text.Json could not fill, which is all its own messages name.
/// </summary>
public static class JsonBodyErrors
{
    public const string Body = "body";

    /// <returns>Null when the body is UTF-8 throughout; else where its first byte that is not stands.</returns>
    /// <param name="oneLineOfMany">The body is one line of a JSON-lines file: a place in it is a position, not "line 1".</param>
    public static (string Field, string Message)? NotUtf8(ReadOnlySpan<byte> body, bool oneLineOfMany = false)
    {
        if (Utf8.IsValid(body)) return null;

        var offset = 0;
        while (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done) offset += consumed;
        return (Body, $"is not UTF-8 text: the byte at {Where(body, offset, oneLineOfMany)} is not part of a UTF-8 character.");
    }

    /// <summary>The field and message for a body that System.Text.Json refused to read as <paramref name="target"/>.</summary>
    /// <param name="oneLineOfMany">
    /// The body is one line of a JSON-lines file, numbered by the caller: a place in it is a position, not "line 1".
    /// </param>
    public static (string Field, string Message) Describe(
        Type target, ReadOnlySpan<byte> body, JsonException refusal, JsonSerializerOptions options, bool oneLineOfMany = false, string whole = "this command")
    {
        var offset = OffsetOf(body, refusal.LineNumber, refusal.BytePositionInLine);
        // The reader's own refusals (its exceptions are JsonExceptions too) are about the text, not a field's type.
        if (offset is null || refusal.InnerException is JsonException) return (Body, NotWellFormed(body, offset, options, oneLineOfMany));

        if ((ValueEndingAt(body, offset.Value, options) ?? ValueAt(body, refusal.Path, options)) is { } value) return Expectation(target, value, options, whole);
        return NameEndingAtIsNotText(body, offset.Value, options)
            ? (Body, $"has a member name that is not Unicode text, ending at {Where(body, offset.Value, oneLineOfMany)}: {LoneSurrogate}.")
            : (Body, $"holds a value of the wrong type at {Where(body, offset.Value, oneLineOfMany)}.");
    }

    private const string LoneSurrogate = "a \\uD800–\\uDFFF escape must be one half of a surrogate pair";

    /// <summary>
    /// A member's name ends at <paramref name="offset"/> and holds half a surrogate pair: the serializer refuses it as it
    /// refuses a value it cannot convert, though it is no value, and no path can name it.
    /// </summary>
    private static bool NameEndingAtIsNotText(ReadOnlySpan<byte> body, long offset, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions(options, int.MaxValue));
        try
        {
            while (reader.Read() && reader.BytesConsumed <= offset)
            {
                if (reader.BytesConsumed != offset || reader.TokenType != JsonTokenType.PropertyName) continue;
                try
                {
                    reader.GetString();
                    return false;
                }
                catch (InvalidOperationException)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            // The text breaks before the offset: not a name the serializer could have refused there.
        }

        return false;
    }

    /// <summary>One step of a JSON path: a member's name as the client wrote it, or an index into an array.</summary>
    private readonly record struct Step(string? Property, int Index);

    /// <summary>A value in the body: where it stands and what kind of JSON it is.</summary>
    private sealed record Value(IReadOnlyList<Step> Path, JsonTokenType Kind);

    private static string NotWellFormed(ReadOnlySpan<byte> body, long? offset, JsonSerializerOptions options, bool oneLineOfMany)
    {
        if (IsWellFormed(body, options))
            return $"nests arrays or objects deeper than {MaxDepth(options)} levels.";
        if (offset is not { } at) return "is not well-formed JSON.";

        var rest = body[(int)at..];
        if (rest.Trim(" \t\r\n"u8).IsEmpty) return $"is not well-formed JSON: it ends at {Where(body, at, oneLineOfMany)} before the JSON is complete.";

        Rune.DecodeFromUtf8(rest, out var found, out _);
        // A character that shows nothing by itself (a byte-order mark in the middle of a file, a zero-width space, a
        // combining accent alone) is named by its code point, not quoted as '' the client cannot read.
        var shown = Rune.IsControl(found) || Rune.IsWhiteSpace(found) || Rune.GetUnicodeCategory(found) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark or System.Globalization.UnicodeCategory.PrivateUse
            or System.Globalization.UnicodeCategory.OtherNotAssigned ? $"U+{found.Value:X4}" : $"'{found}'";
        return $"is not well-formed JSON: {shown} at {Where(body, at, oneLineOfMany)} was not expected there.";
    }

    private static int MaxDepth(JsonSerializerOptions options) => options.MaxDepth == 0 ? 64 : options.MaxDepth;

    private static JsonReaderOptions ReaderOptions(JsonSerializerOptions options, int maxDepth) => new()
    {
        AllowTrailingCommas = options.AllowTrailingCommas,
        CommentHandling = options.ReadCommentHandling,
        MaxDepth = maxDepth,
    };

    /// <summary>True when only the depth limit stopped the reader: the same text reads through without it.</summary>
    private static bool IsWellFormed(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions(options, int.MaxValue));
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The value whose last byte ends just before <paramref name="offset"/>: where System.Text.Json stops when a value
    /// does not fit the type it reads it into. Found by reading the body again and keeping the path to each value.
    /// </summary>
    private static Value? ValueEndingAt(ReadOnlySpan<byte> body, long offset, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions(options, int.MaxValue));
        var containers = new Stack<(bool IsArray, int Next, bool Stepped)>();
        var path = new List<Step>();
        string? member = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        member = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        if (containers.Pop().Stepped) path.RemoveAt(path.Count - 1);
                        continue;
                }

                Step? step = null;
                if (containers.TryPop(out var container))
                {
                    step = container.IsArray ? new Step(null, container.Next) : new Step(member, 0);
                    containers.Push(container with { Next = container.Next + 1 });
                }

                if (reader.BytesConsumed == offset) return new Value(step is { } last ? [.. path, last] : [.. path], reader.TokenType);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (step is { } entered) path.Add(entered);
                    containers.Push((reader.TokenType == JsonTokenType.StartArray, 0, step is not null));
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Past the value that failed the text may break too; what was found up to there is all there is.
        }

        return null;
    }

    /// <summary>
    /// The value at the path System.Text.Json gives, for when it stops past the value: a property set after a constructor
    /// (an init-only one beside the constructor's parameters) is read once the whole object is, so the refusal stands at
    /// the object's end. Names are matched as written, then whatever their letter case.
    /// </summary>
    private static Value? ValueAt(ReadOnlySpan<byte> body, string? path, JsonSerializerOptions options)
    {
        if (PathSteps(path) is not { Count: > 0 } steps) return null;
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions(options, int.MaxValue));
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var value = document.RootElement;
            foreach (var step in steps)
            {
                JsonElement? next = step.Property is { } name
                    ? value.ValueKind == JsonValueKind.Object ? MemberNamed(value, name) : null
                    : value.ValueKind == JsonValueKind.Array && step.Index < value.GetArrayLength() ? value[step.Index] : null;
                if (next is not { } found) return null;
                value = found;
            }

            return new Value(steps, TokenOf(value.ValueKind));
        }
    }

    private static JsonElement? MemberNamed(JsonElement value, string name)
    {
        JsonElement? caseless = null;
        foreach (var member in value.EnumerateObject())
        {
            if (NameOf(member) is not { } given) continue;
            if (given == name) return member.Value;
            if (caseless is null && string.Equals(given, name, StringComparison.OrdinalIgnoreCase)) caseless = member.Value;
        }

        return caseless;
    }

    /// <summary>
    /// The field and message for a member a command refuses though its value reads: one no field takes (<c>folio</c> for
    /// <c>folios</c>), which would be left unapplied, or one given twice, of whose values either could be the one meant.
    /// </summary>
    /// <param name="refusal">System.Text.Json's refusal, whose path leads to the member.</param>
    /// <param name="options">The options the command is read with, which say its fields' names.</param>
    /// <param name="whole">What the body is, to the client: "this command", or "this record" for one line of an import.</param>
    public static (string Field, string Message) RefusedMember(Type target, JsonException refusal, JsonSerializerOptions options, string whole = "this command")
    {
        if (PathSteps(refusal.Path) is not [.. var steps, { Property: { } name }])
            return (refusal.Path?.TrimStart('$', '.') is { Length: > 0 } path ? path : Body, $"holds a member {whole} does not take, or one given twice.");

        return RefusedMemberAt(target, steps, name, options, whole);
    }

    private static (string Field, string Message) RefusedMemberAt(Type target, IReadOnlyList<Step> steps, string name, JsonSerializerOptions options, string whole)
    {
        var (field, parent) = Walk(target, steps, options);
        var what = steps.Count == 0 ? whole : "this object";
        var known = parent is { Kind: JsonTypeInfoKind.Object }
            ? PropertyNamed(parent, name, options)
            : null;
        if (known is not null || parent is { Kind: JsonTypeInfoKind.Dictionary })
        {
            var letterCase = options.PropertyNameCaseInsensitive ? " (names are read whatever their letter case)" : "";
            return (Member(field, known?.Name ?? name), $"is given more than once in {what}{letterCase}: either value could be the one meant, so send it once.");
        }

        var fields = parent is { Kind: JsonTypeInfoKind.Object } ? parent.Properties.Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];
        return (Member(field, name), fields.Count == 0
            ? $"is not a field: {what} takes none, and a field it does not know would be left unapplied."
            : $"is not a field of {what}, which would leave it unapplied. The fields are: {string.Join(", ", fields)}.");
    }

    /// <summary>
    /// What is wrong with a body System.Text.Json refused, one message a field: its own refusal first
    /// (<see cref="RefusedMember"/> when the body reads with <paramref name="lenient"/>, else <see cref="Describe"/>), then
    /// every other member that does not read (<see cref="EveryRefusal"/>).
    /// </summary>
    /// <param name="strict">The options the body was refused with.</param>
    /// <param name="lenient">The same options letting pass what <paramref name="strict"/> refuses of a member that reads.</param>
    public static List<(string Field, string Message)> Refusals<T>(
        ReadOnlySpan<byte> body, JsonException refusal, JsonSerializerOptions strict, JsonSerializerOptions lenient,
        string whole = "this command", bool oneLineOfMany = false)
    {
        List<(string Field, string Message)> refusals =
        [
            Reads<T>(body, lenient) ? RefusedMember(typeof(T), refusal, strict, whole) : Describe(typeof(T), body, refusal, strict, oneLineOfMany, whole),
        ];
        foreach (var other in EveryRefusal(typeof(T), body, strict, whole))
        {
            if (refusals.TrueForAll(r => r.Field != other.Field)) refusals.Add(other);
        }

        return refusals;
    }

    /// <summary>
    /// Every member of a body that does not read, each with what it must be: System.Text.Json stops at the first, and a
    /// client whose record holds three mistakes would otherwise learn of them one request at a time. Each member is read
    /// on its own, and one that does not read is looked into down to the values that do not fit; a member the options
    /// refuse (one no field takes, one given twice) is named as <see cref="RefusedMember"/> names it.
    /// </summary>
    /// <returns>
    /// What was found, up to <see cref="MostRefusalsTold"/>; empty when the text is not well-formed JSON, which has no
    /// members to tell apart.
    /// </returns>
    public static IReadOnlyList<(string Field, string Message)> EveryRefusal(
        Type target, ReadOnlySpan<byte> body, JsonSerializerOptions options, string whole = "this command")
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, ReaderOptions(options, MaxDepth(options)));
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return [];
        }

        using (document)
        {
            var found = new List<(string Field, string Message)>();
            Collect(target, options.GetTypeInfo(target), document.RootElement, [], options, whole, found);
            return found;
        }
    }

    /// <summary>Enough for any record mistyped by hand; an array of thousands of wrong values is told by its first ones.</summary>
    public const int MostRefusalsTold = 50;

    private static void Collect(
        Type target, JsonTypeInfo type, JsonElement value, List<Step> path, JsonSerializerOptions options, string whole, List<(string Field, string Message)> found)
    {
        switch (type.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind == JsonValueKind.Object:
                var given = new HashSet<string>(StringComparer.FromComparison(NameComparison(options)));
                foreach (var member in value.EnumerateObject())
                {
                    if (found.Count >= MostRefusalsTold) return;
                    // A name holding half a surrogate pair cannot be named in a path: the first refusal tells of it.
                    if (NameOf(member) is not { } name) continue;
                    var property = PropertyNamed(type, name, options);
                    if (property is null && options.UnmappedMemberHandling == System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow
                        || property is not null && !given.Add(property.Name) && options.AllowDuplicateProperties == false)
                    {
                        found.Add(RefusedMemberAt(target, path, name, options, whole));
                        continue;
                    }

                    if (property is null || property.CustomConverter is not null) continue;
                    var propertyType = options.GetTypeInfo(property.PropertyType);
                    if (!ReadsAs(member.Value, propertyType)) Collect(target, propertyType, member.Value, [.. path, new Step(name, 0)], options, whole, found);
                }

                return;
            case JsonTypeInfoKind.Enumerable when value.ValueKind == JsonValueKind.Array && type.ElementType is { } elementType:
                var element = options.GetTypeInfo(elementType);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (found.Count >= MostRefusalsTold) return;
                    if (!ReadsAs(item, element)) Collect(target, element, item, [.. path, new Step(null, index)], options, whole, found);
                    index++;
                }

                return;
            case JsonTypeInfoKind.Dictionary when value.ValueKind == JsonValueKind.Object:
                // Of the right kind yet unreadable (a required field missing, a dictionary's value): the first refusal says it.
                return;
            default:
                found.Add(Expectation(target, new Value(path, TokenOf(value.ValueKind)), options, whole));
                return;
        }
    }

    /// <summary>The field of an object type a member's name stands for, its letter case read as the options read it; null when none.</summary>
    public static JsonPropertyInfo? PropertyNamed(JsonTypeInfo type, string name, JsonSerializerOptions options) =>
        type.Properties.FirstOrDefault(p => string.Equals(p.Name, name, NameComparison(options)));

    /// <returns>The member's name; null when it holds half a surrogate pair, which a <see cref="JsonProperty"/> cannot give as a string.</returns>
    public static string? NameOf(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <remarks>A string holding half a surrogate pair is refused with <see cref="InvalidOperationException"/> when read from an element.</remarks>
    private static bool ReadsAs(JsonElement value, JsonTypeInfo type)
    {
        try
        {
            value.Deserialize(type);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonTokenType TokenOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => JsonTokenType.String,
        JsonValueKind.Number => JsonTokenType.Number,
        JsonValueKind.True => JsonTokenType.True,
        JsonValueKind.False => JsonTokenType.False,
        JsonValueKind.Array => JsonTokenType.StartArray,
        JsonValueKind.Object => JsonTokenType.StartObject,
        _ => JsonTokenType.Null,
    };

    /// <summary>
    /// Whether the body reads with <paramref name="options"/>: read leniently, this tells a member refused by stricter
    /// options (<see cref="RefusedMember"/>) from a body wrong in another way.
    /// </summary>
    public static bool Reads<T>(ReadOnlySpan<byte> json, JsonSerializerOptions options)
    {
        try
        {
            JsonSerializer.Deserialize<T>(json, options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The steps of a path as System.Text.Json writes it: <c>$.externalIds[0].scheme</c>, and <c>$['odd key']</c> for a
    /// name with a dot, a bracket, a quote or a space in it. Null for a path it does not write.
    /// </summary>
    private static List<Step>? PathSteps(string? path)
    {
        if (path is null || !path.StartsWith('$')) return null;
        var steps = new List<Step>();
        for (var at = 1; at < path.Length;)
        {
            if (path[at] == '.')
            {
                var end = path.IndexOfAny(['.', '['], at + 1) is var next and >= 0 ? next : path.Length;
                steps.Add(new Step(path[(at + 1)..end], 0));
                at = end;
            }
            else if (path.AsSpan(at).StartsWith("['"))
            {
                // The name is not escaped: it ends at the first "']" that the path can go on from.
                var end = at + 2;
                while ((end = path.IndexOf("']", end, StringComparison.Ordinal)) >= 0 && end + 2 < path.Length && path[end + 2] is not ('.' or '[')) end++;
                if (end < 0) return null;
                steps.Add(new Step(path[(at + 2)..end], 0));
                at = end + 2;
            }
            else if (path[at] == '[' && path.IndexOf(']', at) is var close and > 0
                     && int.TryParse(path.AsSpan(at + 1, close - at - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                steps.Add(new Step(null, index));
                at = close + 1;
            }
            else return null;
        }

        return steps;
    }

    private static StringComparison NameComparison(JsonSerializerOptions options) =>
        options.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The field a path leads to, with the names the documentation uses, and the type its value is read as (null when unknown).</summary>
    private static (string Field, JsonTypeInfo? Type) Walk(Type target, IEnumerable<Step> path, JsonSerializerOptions options)
    {
        JsonTypeInfo? type = options.GetTypeInfo(target);
        var field = "";
        foreach (var step in path)
        {
            if (step.Property is { } name)
            {
                var property = type is { Kind: JsonTypeInfoKind.Object } ? PropertyNamed(type, name, options) : null;
                field = Member(field, property?.Name ?? name);
                type = property is null ? null : options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                field += $"[{step.Index}]";
                type = type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? options.GetTypeInfo(element) : null;
            }
        }

        return (field, type);
    }

    /// <returns>Where in <paramref name="path"/> a member is named that its object refuses, not taking it; null when none is.</returns>
    private static int? UnknownMemberIn(Type target, IReadOnlyList<Step> path, JsonSerializerOptions options)
    {
        JsonTypeInfo? type = options.GetTypeInfo(target);
        for (var at = 0; at < path.Count && type is not null; at++)
        {
            if (path[at].Property is { } name)
            {
                if (type.Kind != JsonTypeInfoKind.Object) return null;
                if (PropertyNamed(type, name, options) is not { } property)
                    return (type.UnmappedMemberHandling ?? options.UnmappedMemberHandling) == JsonUnmappedMemberHandling.Disallow ? at : null;
                type = options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                type = type is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element } ? options.GetTypeInfo(element) : null;
            }
        }

        return null;
    }

    /// <summary>A member's path, written as System.Text.Json writes one whose name a plain dot would not hold.</summary>
    public static string Member(string field, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '$')
            ? (field.Length == 0 ? name : $"{field}.{name}")
            : $"{field}['{name}']";

    /// <summary>The field, with the names the documentation uses, and what its value must be.</summary>
    private static (string Field, string Message) Expectation(Type target, Value value, JsonSerializerOptions options, string whole)
    {
        // A value under a member no field takes is told as that member (found from outside: a body nested past the
        // reader's depth is refused at its depth, and "b" of {"b":[[[…]]]} was told to be "of the documented type").
        if (UnknownMemberIn(target, value.Path, options) is { } at)
            return RefusedMemberAt(target, value.Path.Take(at).ToList(), value.Path[at].Property!, options, whole);
        var (field, type) = Walk(target, value.Path, options);
        var expected = ShapeOf(type, options, atRoot: field.Length == 0);
        var message = expected.Kind == Kind(value.Kind)
            ? $"must be {expected.ValueProblem}."
            : $"must be {expected.Described}, not {Described(value.Kind)}.";
        return (field.Length == 0 ? Body : field, message);
    }

    /// <param name="Kind">The JSON kind the value must be: "string", "number", "boolean", "array", "object" or "" (unknown).</param>
    /// <param name="ValueProblem">What to say when the value is of that kind and still does not fit.</param>
    private sealed record Shape(string Kind, string Described, string ValueProblem);

    private static Shape ShapeOf(JsonTypeInfo? type, JsonSerializerOptions options, bool atRoot)
    {
        switch (type?.Kind)
        {
            case null:
                return new("", "of the documented type", "of the documented type");
            case JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary:
                var anObject = atRoot ? "a JSON object" : "an object";
                return new("object", anObject, anObject);
            case JsonTypeInfoKind.Enumerable:
                var items = $"an array of {Plural(type.ElementType is { } element ? ShapeOf(options.GetTypeInfo(element), options, atRoot: false) : null)}";
                return new("array", items, items);
        }

        var clr = Nullable.GetUnderlyingType(type.Type) ?? type.Type;
        return clr switch
        {
            _ when clr == typeof(string) => new("string", "a string", $"Unicode text: {LoneSurrogate}"),
            _ when clr == typeof(bool) => new("boolean", "true or false", "true or false"),
            _ when clr == typeof(Guid) => new("string", "a UUID", "a UUID such as \"0f8fad5b-d9cb-469f-a165-70867728950e\""),
            _ when clr == typeof(DateTimeOffset) || clr == typeof(DateTime) => new("string", "a date and time", "a date, a time and its offset in ISO 8601, such as \"2026-11-28T09:30:00Z\""),
            _ when clr == typeof(DateOnly) => new("string", "a date", "a date in ISO 8601, such as \"2026-11-28\""),
            _ when WholeNumberRange(clr) is { } range => new("number", "a whole number", $"a whole number in digits alone (no decimal point or exponent) from {range.Min} to {range.Max}"),
            _ when clr == typeof(double) || clr == typeof(float) || clr == typeof(decimal) => new("number", "a number", "a number within range"),
            _ => new("", "of the documented type", "of the documented type"),
        };
    }

    private static string Plural(Shape? element) => element switch
    {
        { Kind: "object" } => "objects",
        { Kind: "array" } => "arrays",
        { Described: "a string" } => "strings",
        { Described: "a whole number" } => "whole numbers",
        { Described: "a number" } => "numbers",
        { Kind: "boolean" } => "true or false values",
        _ => "values of the documented type",
    };

    private static (string Min, string Max)? WholeNumberRange(Type clr) => clr switch
    {
        _ when clr == typeof(long) => (long.MinValue.ToString(), long.MaxValue.ToString()),
        _ when clr == typeof(int) => (int.MinValue.ToString(), int.MaxValue.ToString()),
        _ when clr == typeof(short) => (short.MinValue.ToString(), short.MaxValue.ToString()),
        _ when clr == typeof(byte) => ("0", byte.MaxValue.ToString()),
        _ when clr == typeof(ulong) => ("0", ulong.MaxValue.ToString()),
        _ when clr == typeof(uint) => ("0", uint.MaxValue.ToString()),
        _ => null,
    };

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        _ => "null",
    };

    private static string Described(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => "null",
    };

    /// <summary>System.Text.Json counts lines and bytes in a line from 0, and a line ends at '\n'.</summary>
    private static long? OffsetOf(ReadOnlySpan<byte> body, long? line, long? bytePositionInLine)
    {
        if (line is not { } lines || bytePositionInLine is not { } position) return null;
        var start = 0;
        for (var l = 0L; l < lines; l++)
        {
            var next = body[start..].IndexOf((byte)'\n');
            if (next < 0) return null;
            start += next + 1;
        }

        return Math.Min(start + position, body.Length);
    }

    /// <summary>"line 3, position 7" ("position 7" in one line of many), counted from 1 as an editor shows them; a position counts bytes.</summary>
    private static string Where(ReadOnlySpan<byte> body, long offset, bool oneLineOfMany = false)
    {
        var before = body[..(int)offset];
        var line = before.Count((byte)'\n') + 1;
        var position = before.Length - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return oneLineOfMany ? $"position {position}" : $"line {line}, position {position}";
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Catalogue.Api.Hosting;

/// <summary>
/// A document as Marten stored it, answered in the API's JSON without being read into its C# type and serialised
/// again. Marten keeps members under their C# names (<c>AccessionNumber</c>), the API speaks camelCase
/// (<c>accessionNumber</c>): the stored JSON is copied token by token, each member name camel-cased on the way, which
/// is what serialising the document with the web defaults would give (the documents served this way hold no
/// dictionaries, whose keys those defaults would leave alone). PostgreSQL's jsonb keeps an object's members in an order
/// of its own, so they may come in another order than a serialiser would write them; JSON gives that order no meaning.
/// </summary>
public static class StoredJson
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The API's name of each stored member name met so far: the documents have few, and every answer names them again.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText> Names = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText>.AlternateLookup<ReadOnlySpan<char>> NamesBySpan =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <param name="stored">The stored document as UTF-8, as PostgreSQL gives it (<c>convert_to(data::text, 'UTF8')</c>).</param>
    /// <remarks>
    /// Copied without a string per member or value: a record read this way allocated some 40 KB an answer, most of
    /// the service's garbage when many records are read.
    /// </remarks>
    public static byte[] ToApiJson(ReadOnlySpan<byte> stored)
    {
        var output = new ArrayBufferWriter<byte>(stored.Length + 64);
        var reader = new Utf8JsonReader(stored);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(ApiName(ref reader));
                        break;
                    case JsonTokenType.String:
                        // As PostgreSQL wrote it, quotes and escapes included: text in any script as its UTF-8, where the
                        // writer's encoder escaped every letter outside ASCII (six bytes for a Cyrillic letter, twelve for
                        // a character past the BMP) and an export's line of long texts outgrew what an import takes.
                        // PostgreSQL escapes what JSON requires (quote, backslash, control characters) and no more.
                        writer.WriteRawValue(stored.Slice(checked((int)reader.TokenStartIndex), reader.ValueSpan.Length + 2), skipInputValidation: true);
                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        writer.WriteBooleanValue(reader.GetBoolean());
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>The member's name camel-cased, as the web serialiser names it.</summary>
    private static JsonEncodedText ApiName(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 128) return Encoded(reader.GetString()!);
        Span<char> name = stackalloc char[reader.ValueSpan.Length];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, name);
        return NamesBySpan.TryGetValue(name[..length], out var known) ? known : Encoded(name[..length].ToString());
    }

    private static JsonEncodedText Encoded(string stored) =>
        Names.GetOrAdd(stored, n => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(n)));
}

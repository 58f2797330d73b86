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

    public static byte[] ToApiJson(string stored)
    {
        var input = Encoding.UTF8.GetBytes(stored);
        var output = new ArrayBufferWriter<byte>(input.Length + 64);
        var reader = new Utf8JsonReader(input);
        using (var writer = new Utf8JsonWriter(output))
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
                        writer.WritePropertyName(JsonNamingPolicy.CamelCase.ConvertName(reader.GetString()!));
                        break;
                    case JsonTokenType.String:
                        writer.WriteStringValue(reader.GetString());
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
}

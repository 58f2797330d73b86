using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Marten.Services;
using Weasel.Storage;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Marten's System.Text.Json serializer, writing a letter outside ASCII as itself rather than as a six-byte
/// <c>\u0451</c>: what the store writes goes to jsonb (which reads both back to the same letter), never into a page.
/// Escaped, a full text of four million Cyrillic letters went through a 48 MB escaping buffer into 24 MB of JSON for
/// each of its event and its document, and with the heap a 512 MiB container gives .NET, one such command at a time
/// failed. Marten writes events through a writer of its own default options, whatever the serializer's encoder, so
/// that one way of writing is given its encoder here.
/// </summary>
public sealed class CatalogueJsonSerializer : SystemTextJsonSerializer, IStorageSerializer
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonSerializerOptions _serializing;

    /// <param name="like">The serializer Marten would have used: its enum storage and casing are kept.</param>
    public CatalogueJsonSerializer(Marten.ISerializer like)
    {
        EnumStorage = like.EnumStorage;
        Casing = like.Casing;
        JsonSerializerOptions? serializing = null;
        // Marten hands its own options to the action, the ones it serializes with first.
        Configure(options =>
        {
            options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            serializing ??= options;
        });
        _serializing = serializing!;
    }

    void IStorageSerializer.WriteTo(IBufferWriter<byte> writer, object? value)
    {
        using var json = new Utf8JsonWriter(writer, Writing);
        if (value is null) json.WriteNullValue();
        else JsonSerializer.Serialize(json, value, value.GetType(), _serializing);
    }
}

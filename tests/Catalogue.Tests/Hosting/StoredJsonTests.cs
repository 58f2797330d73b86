using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

/// <summary>A document as Marten stores it (members under their C# names) answered as the API's camelCase JSON.</summary>
public sealed class StoredJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void a_record_holding_every_kind_of_field_reads_as_the_web_serialiser_would_write_it()
    {
        // Every kind of event but those that take something away again, so the record holds something of every kind.
        var record = RecordEvolution.Fold(null, RecordLives.EveryKindOfEvent(RecordLives.Id)
            .Where(e => e is not (FullTextRemoved or TranslationWithdrawn or FundingNoteRemoved or AcquisitionCreditWithdrawn)))!;
        // Marten's own serialiser: System.Text.Json with the member names as declared.
        var stored = JsonSerializer.SerializeToUtf8Bytes(record);

        var served = JsonNode.Parse(StoredJson.ToApiJson(stored));

        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(record, Web), served), served!.ToJsonString());
    }

    [Theory]
    [InlineData("{\"Title\":\"\\\"Top Secret\\\"\\nCopy 4\"}", "{\"title\":\"\\\"Top Secret\\\"\\nCopy 4\"}")]
    [InlineData("{\"Number\": 12, \"Share\": 0.5, \"Big\": 12345678901234567890}", "{\"number\":12,\"share\":0.5,\"big\":12345678901234567890}")]
    [InlineData("{\"Items\": [{\"Sha256\": null, \"Known\": true}, []]}", "{\"items\":[{\"sha256\":null,\"known\":true},[]]}")]
    public void strings_numbers_and_nesting_come_through_unchanged(string stored, string served) =>
        Assert.Equal(served, Encoding.UTF8.GetString(StoredJson.ToApiJson(Encoding.UTF8.GetBytes(stored))));

    [Fact]
    public void text_in_any_script_is_kept_as_its_utf8()
    {
        const string title = "Запись беседы с Чжоу Эньлаем 周恩来 📜 <b>&</b>";
        var served = StoredJson.ToApiJson(Encoding.UTF8.GetBytes($"{{\"Title\": \"{title}\"}}"));

        Assert.Equal($"{{\"title\":\"{title}\"}}", Encoding.UTF8.GetString(served));
        Assert.Equal(title, JsonNode.Parse(served)!["title"]!.GetValue<string>());
    }
}

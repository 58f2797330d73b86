using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// What the store writes goes to jsonb, never into a page: a letter outside ASCII is written as itself. Escaped as
/// <c>\u0451</c>, a full text of four million Cyrillic letters took a 48 MB escaping buffer and 24 MB of JSON for each
/// of the event and the text's document, and one such command at a time failed in a 512 MiB container.
/// </summary>
public sealed class when_the_store_writes_json(CatalogueService service) : CatalogueScenario(service)
{
    private const string Title = "Запись беседы с Чжоу Эньлаем — Kovács, 1949 \"𝔄\"";

    [Fact]
    public void letters_in_any_script_are_written_as_themselves_in_documents_and_events()
    {
        var serializer = Service.Host.Services.GetRequiredService<IDocumentStore>().Options.Serializer();
        var asEventsAreWritten = new System.Buffers.ArrayBufferWriter<byte>();

        ((Weasel.Storage.IStorageSerializer)serializer).WriteTo(asEventsAreWritten, new TitleRevised(Title));
        var documentJson = serializer.ToJson(new TitleRevised(Title));

        foreach (var json in new[] { System.Text.Encoding.UTF8.GetString(asEventsAreWritten.WrittenSpan), documentJson })
        {
            // (A letter past the Basic Multilingual Plane, 𝔄, is still written as its two escaped halves: the encoder's rule.)
            Assert.Contains("Запись беседы с Чжоу Эньлаем — Kovács, 1949 \\\"", json);
            Assert.Equal(Title, System.Text.Json.JsonSerializer.Deserialize<TitleRevised>(json)!.Title);
        }
    }

    [Fact]
    public async Task a_record_titled_so_reads_back_as_titled()
    {
        var id = (await Api.Post("/api/records", new { title = Title })).ShouldBe(System.Net.HttpStatusCode.Created).Id;

        Assert.Equal(Title, (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
        Assert.Equal(Title, (await Api.Get($"/api/records/{id}/history")).Json["events"]![0]!["data"]!["title"]!.GetValue<string>());
    }
}

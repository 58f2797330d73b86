using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>A title names its author and parties among dates and topics: only the names are taken, and a doubt is said.</summary>
public sealed class when_names_are_taken_from_titles(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<(JsonNode Reply, JsonNode Record)> Import(string title, int documentId)
    {
        var reply = (await Api.PostRaw("/api/imports", ArchiveLayoutPages.Titled(title, documentId), "text/plain")).ShouldBe(HttpStatusCode.Created);
        return (reply.Json, (await Api.Get($"/api/records/{reply.Id}")).Json);
    }

    private static (string Name, string? Role)[] People(JsonNode record, string list) =>
        [.. record[list]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["role"]?.GetValue<string>()))];

    [Fact]
    public async Task the_recipient_of_a_message_on_a_topic_is_the_recipient_alone()
    {
        var (_, record) = await Import("Message from Kim Il Sung to Stalin on the Situation in Korea", 6001);

        Assert.Equal([("Kim Il Sung", "sender"), ("Stalin", "recipient")], People(record, "participants"));
        Assert.Equal([("Kim Il Sung", "author")], People(record, "creators"));
    }

    [Fact]
    public async Task the_diarist_of_a_journal_is_named_without_the_office_before_or_the_date_after()
    {
        var (_, record) = await Import("Journal of Soviet Ambassador in the DPRK V.I. Ivanov for 4 March 1957", 6002);

        Assert.Equal([("V.I. Ivanov", "author")], People(record, "creators"));
    }

    [Fact]
    public async Task a_party_that_does_not_read_as_a_name_is_left_out_and_the_answer_says_so()
    {
        var (reply, record) = await Import("Telegram from the 38th Army to Peng Dehuai", 6003);

        Assert.Empty(People(record, "creators"));
        Assert.Equal([("Peng Dehuai", "recipient")], People(record, "participants"));
        Assert.Contains(reply["warnings"]!.AsArray(), w => w!.GetValue<string>().Contains("38th Army", StringComparison.Ordinal));
    }
}

using System.Net;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>
/// Found from outside: with the memory a 512 MiB container gives, the async daemon ran out of it while reading an event
/// that carried a long full text, and passed the event over ("Suppressed serialization exception … whilst loading
/// event"): the list, search and harvests showed two records without the texts they held, while every probe said all
/// was well, until a check compared them with a rebuild. An event the read models cannot read now stops them there, as
/// one they cannot fold does, and they go on once it can be read.
/// </summary>
public sealed class when_the_read_models_meet_an_event_they_cannot_read(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task they_stop_at_it_rather_than_pass_it_over()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("unreadable_event");
        var api = catalogue.Admin;
        var record = (await api.Post("/api/records", new { title = "Memorandum of conversation with Zhou Enlai" })).ShouldBe(HttpStatusCode.Created).Id;
        await Eventually.Until(() => Listed(api), items => items.Count == 1, "the record to be listed");
        await using var database = new NpgsqlConnection(catalogue.ConnectionString);
        await database.OpenAsync();
        // Written behind the service's back, as a damaged restore might leave one: a title no record can hold.
        await database.ExecuteAsync(
            $$$"""
            insert into catalogue.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
            select nextval('catalogue.mt_events_sequence'), gen_random_uuid(), '{{{record}}}', max(version) + 1, '{"Title": {"not": "a title"}}', 'title_revised', now()
            from catalogue.mt_events where stream_id = '{{{record}}}';
            update catalogue.mt_streams set version = version + 1 where id = '{{{record}}}';
            update catalogue.mt_doc_cataloguerecord set data = jsonb_set(data, '{Version}', '2') where id = '{{{record}}}';
            """);
        (await api.Post($"/api/records/{record}/subjects", new { subjects = new[] { "Sino-Soviet relations" }, version = 2 })).ShouldBe(HttpStatusCode.OK);

        // Whichever reader of the events meets it first makes the service degraded (the chain's sealer may, before the
        // read models): waited for until the record list has stopped there too.
        var degraded = await Eventually.Until(
            async () => (await api.Get("/health")).ShouldBe(HttpStatusCode.OK).Json,
            health => health["paused"]?.AsArray().Any(p => p!.GetValue<string>() == "RecordListing") == true, "the read models to stop at the event");
        Assert.Equal("degraded", degraded["status"]!.GetValue<string>());
        // Passed over, the tag after it would be listed (version 3) with the title the record never lost.
        Assert.Equal(1, (await Listed(api)).Single()!["version"]!.GetValue<long>());
    }

    private static async Task<System.Text.Json.Nodes.JsonArray> Listed(Support.Api api) =>
        (await api.Get("/api/records?pageSize=10")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

public sealed class when_archivists_browse_the_record_list(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task records_come_newest_first_a_page_at_a_time()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Api.AccessionTheSeed($"ACC-{i}")).Id);
        }

        var first = (await Api.Get("/api/records?page=1&pageSize=2")).ShouldBe(HttpStatusCode.OK).Json;
        var third = (await Api.Get("/api/records?page=3&pageSize=2")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(5, first["totalItems"]!.GetValue<long>());
        Assert.Equal(3, first["pageCount"]!.GetValue<long>());
        Assert.Equal([ids[4], ids[3]], first["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal([ids[0]], third["items"]!.AsArray().Select(r => r!["id"]!.GetValue<Guid>()));
        Assert.Equal("ACC-4", first["items"]![0]!["accessionNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_page_past_the_end_is_empty_but_gives_the_real_totals()
    {
        for (var i = 0; i < 3; i++) await Api.AccessionTheSeed($"ACC-{i}");

        var past = (await Api.Get("/api/records?page=99&pageSize=2")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Empty(past["items"]!.AsArray());
        Assert.Equal(99, past["page"]!.GetValue<int>());
        Assert.Equal(3, past["totalItems"]!.GetValue<long>());
        Assert.Equal(2, past["pageCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_reader_past_the_end_is_given_the_totals_of_the_published_records()
    {
        var published = (await Api.AccessionTheSeed("ACC-1")).Id;
        await Api.AccessionTheSeed("ACC-2");
        (await Api.Post($"/api/records/{published}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{published}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);

        var past = (await Service.As("reader").Get("/api/records?page=5")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Empty(past["items"]!.AsArray());
        Assert.Equal(1, past["totalItems"]!.GetValue<long>());
        Assert.Equal(1, past["pageCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_page_size_beyond_the_limit_is_refused()
    {
        var reply = (await Api.Get("/api/records?pageSize=5000")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("pageSize", reply.ErrorFields);
    }

    [Fact]
    public async Task a_page_number_that_is_not_a_number_is_refused()
    {
        var reply = (await Api.Get("/api/records?page=abc")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_unchanged_record_is_not_sent_again()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        (await Api.Get($"/api/records/{id}", ("If-None-Match", "\"1\""))).ShouldBe(HttpStatusCode.NotModified);
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Authorities;

/// <summary>
/// As the archivist types, people are suggested: matched without regard to case, diacritics or ё/е, on headings and
/// aliases, the exact name first, then names starting so, then names with a later word starting so. Readers are
/// suggested only people on published records, and nothing a client sends gets a 500.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_archivist_types_a_name(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("zhou")]
    [InlineData("ZHOU EN")]
    [InlineData("Zhōu")]
    [InlineData("enlai")]
    [InlineData("  zhou   enlai ")]
    public async Task the_person_is_found_however_the_start_of_a_name_is_typed(string typed)
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);

        Assert.Equal("Zhou Enlai", (await Service.ThePersonFor(typed)).Name());
    }

    [Fact]
    public async Task yo_and_ye_are_one_letter_but_i_and_short_i_are_not()
    {
        await Api.ARecordNaming("Записка", creators: ["Хрущёв Н.С.", "Майский И.М."]);

        Assert.Equal("Хрущёв Н.С.", (await Service.ThePersonFor("хрущев")).Name());
        Assert.Equal("Майский И.М.", (await Service.ThePersonFor("МАЙ")).Name());
        Assert.Empty(await Service.PeopleFor("маиск"));
    }

    [Fact]
    public async Task the_exact_name_comes_first_then_names_starting_so_then_later_words()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Kim Il Sung", "Kim", "Pak Hon-yong", "Kim Tu-bong"], creators: ["Rim Kim"]);

        var names = (await Service.PeopleFor("kim")).Select(p => p.Name()).ToList();

        Assert.Equal(["Kim", "Kim Il Sung", "Kim Tu-bong", "Rim Kim"], names);
        Assert.Equal(2, (await Api.Get("/api/people?q=kim&pageSize=2")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task readers_are_suggested_only_people_on_published_records_and_counts_of_those()
    {
        var (published, version) = await Api.ARecordNaming("Published memorandum", participants: ["Zhou Enlai"]);
        await Api.Publish(published, version);
        await Api.ARecordNaming("Draft telegram", participants: ["Zhou Enlai", "Kang Sheng"]);
        var reader = Service.As("reader");

        Assert.Equal(1, Assert.Single(await Service.PeopleFor("zhou", reader)).Records());
        Assert.Equal(2, (await Service.ThePersonFor("zhou")).Records());
        Assert.Empty(await Service.PeopleFor("kang", reader));
        var kang = await Service.ThePersonFor("kang");
        (await reader.Get($"/api/people/{kang.Id()}")).ShouldBe(HttpStatusCode.NotFound);
        (await reader.Get($"/api/people/{kang.Id()}/records")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Single((await reader.Get($"/api/people/{Assert.Single(await Service.PeopleFor("zhou", reader)).Id()}/records")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
    }

    /// <summary>
    /// People are counted a few at a time, in the order they are suggested, until the page is full: those named on
    /// drafts alone, who come first here and fill more than the first few counted, are passed over for a reader.
    /// </summary>
    [Fact]
    public async Task a_readers_page_fills_with_people_on_published_records_past_those_on_drafts_alone()
    {
        await Api.ARecordNaming("Draft telegram", participants: ["Kim Aa", "Kim Ab", "Kim Ac"]);
        var (published, version) = await Api.ARecordNaming("Published memorandum", participants: ["Kim Ba", "Kim Bb"], creators: ["Kim Bc"]);
        await Api.Publish(published, version);
        var reader = Service.As("reader");
        await Service.ProjectionsCaughtUp();

        var suggested = (await reader.Get("/api/people?q=kim&pageSize=2")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();

        Assert.Equal(["Kim Ba", "Kim Bb"], suggested.Select(p => p.Name()));
        Assert.All(suggested, p => Assert.Equal(["participant"], p!["roles"].Strings()));
        Assert.Equal(["Kim Aa", "Kim Ab"], (await Api.Get("/api/people?q=kim&pageSize=2")).Json["items"]!.AsArray().Select(p => p.Name()));
        Assert.Equal(["Kim Ba", "Kim Bb", "Kim Bc"], (await Service.PeopleFor("kim", reader)).Select(p => p.Name()));
    }

    [Fact]
    public async Task counts_follow_the_records_when_their_people_change_or_they_are_withdrawn()
    {
        var (id, version) = await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai", "N.V. Roshchin"]);
        await Api.ARecordNaming("Telegram", participants: ["Zhou Enlai"]);
        Assert.Equal(2, (await Service.ThePersonFor("zhou")).Records());

        version = (await Api.Post($"/api/records/{id}/participants", new { version, participants = new[] { new { name = "N.V. Roshchin" } }, reason = "Zhou was not present" }))
            .ShouldBe(HttpStatusCode.OK).Version;
        Assert.Equal(1, (await Service.ThePersonFor("zhou")).Records());

        (await Api.Post($"/api/records/{id}/withdraw", new { version, reason = "Duplicate" })).ShouldBe(HttpStatusCode.OK);
        Assert.Empty(await Service.PeopleFor("roshchin"));
    }

    [Theory]
    [InlineData("q=Zhou%00Enlai", "q")]
    [InlineData("q=%07", "q")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=51", "pageSize")]
    [InlineData("pageSize=99999999999999999999", "pageSize")]
    [InlineData("pageSize=-1", "pageSize")]
    public async Task what_cannot_be_a_name_or_a_page_is_refused_by_its_field(string query, string field)
    {
        foreach (var path in new[] { "/api/people", "/api/places", "/api/subjects" })
            Assert.Equal([field], (await Api.Get($"{path}?{query}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
    }

    [Fact]
    public async Task a_very_long_or_empty_or_odd_query_is_answered_without_a_500()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"]);
        await Service.ProjectionsCaughtUp();

        Assert.Equal(["q"], (await Api.Get($"/api/people?q={new string('z', 201)}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        Assert.Single((await Api.Get("/api/people")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
        Assert.Empty((await Api.Get("/api/people?q=%25%25_")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
        Assert.Empty((await Api.Get($"/api/people?q={Uri.EscapeDataString("'; drop table x; --")}")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray());
        (await Api.Get("/api/people/not-an-id")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal(["after"], (await Api.Get($"/api/people/{Guid.NewGuid()}/records?after=zzz")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        (await Api.Get($"/api/places/{Guid.Empty}")).ShouldBe(HttpStatusCode.NotFound);
        (await Api.Get($"/api/subjects/{Guid.Empty}/records")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task spaces_alone_are_nothing_typed_yet_and_list_names_as_no_query_does()
    {
        await Api.ARecordNaming("Memorandum", participants: ["Zhou Enlai"], places: ["Moscow"]);
        await Service.ProjectionsCaughtUp();

        foreach (var path in new[] { "/api/people", "/api/places" })
        {
            var untyped = (await Api.Get(path)).ShouldBe(HttpStatusCode.OK).Json["items"]!.ToJsonString();
            Assert.Equal(untyped, (await Api.Get($"{path}?q=%20")).ShouldBe(HttpStatusCode.OK).Json["items"]!.ToJsonString());
            Assert.Equal(untyped, (await Api.Get($"{path}?q=%20%C2%A0%20")).ShouldBe(HttpStatusCode.OK).Json["items"]!.ToJsonString());
            Assert.Single((await Api.Get($"{path}?q=%20")).Json["items"]!.AsArray());
        }
    }
}

using System.Net;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// Hits come a page at a time, best match first or oldest first, each page starting after the last hit of the one
/// before (the <c>next</c> cursor): records catalogued meanwhile never push a hit onto the next page or off it, and a
/// cursor is only taken back by the search that gave it.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_search_is_read_a_page_at_a_time(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<IReadOnlyList<Guid>> Telegrams(int count, string prefix = "Telegram")
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var record = await Describing.Accession(Api, $"{prefix} {i} on the Korean armistice");
            // Some mention the armistice twice and rank higher; the others tie, and are ordered by id.
            if (i % 4 == 0) await record.Summary("The armistice terms, as telegraphed.");
            await record.Date($"{1950 + (i % 7)}", $"{1950 + (i % 7)}");
            ids.Add(record.Id);
        }

        return ids;
    }

    [Fact]
    public async Task no_hit_is_skipped_or_repeated_while_new_records_arrive_between_pages()
    {
        var before = await Telegrams(24);
        await Service.ProjectionsCaughtUp();
        var sortedBefore = await Service.EveryPage($"{Words("armistice")}&pageSize=50");
        using var stop = new CancellationTokenSource();
        var archivist = Service.As("archivist");
        var arriving = Task.Run(async () =>
        {
            // A bounded number: undated, they sort after every dated hit, and an endless stream of them would never let
            // the oldest-first reading reach its last page.
            for (var n = 0; n < 40 && !stop.IsCancellationRequested; n++)
                (await archivist.Post("/api/records", new { title = $"Armistice telegram arrived while search was read, {n}" })).ShouldBe(HttpStatusCode.Created);
        });

        var byRelevance = await Service.EveryPage($"{Words("armistice")}&pageSize=5", betweenPages: () => Task.Delay(100));
        var byDate = await Service.EveryPage($"{Words("armistice")}&pageSize=5&sort=date", betweenPages: () => Task.Delay(100));
        await stop.CancelAsync();
        await arriving;

        Assert.Equal(byRelevance.Count, byRelevance.Distinct().Count());
        Assert.Equal(byDate.Count, byDate.Distinct().Count());
        Assert.Equal(sortedBefore, byRelevance.Where(before.Contains));
        Assert.Equal(before.Count, byDate.Count(before.Contains));
        Assert.True((await Service.Search(Words("armistice"))).Total() > before.Count, "no record arrived while search was read");
    }

    [Fact]
    public async Task oldest_first_orders_by_the_first_day_a_date_can_fall_on_and_undated_records_last()
    {
        var undated = await Describing.Accession(Api, "Undated note on the armistice");
        var decade = await (await Describing.Accession(Api, "Notes on the armistice, 1950s")).Date("the 1950s", "195X");
        var autumn = await (await Describing.Accession(Api, "Armistice talks, autumn 1951")).Date("autumn 1951", "1951-23");
        var day = await (await Describing.Accession(Api, "Armistice signed")).Date("July 27, 1953", "1953-07-27");

        var found = await Service.EveryPage($"{Words("armistice")}&sort=date&pageSize=1");

        Assert.Equal([decade.Id, autumn.Id, day.Id, undated.Id], found);
    }

    /// <summary>
    /// Oldest first, a page is read off the date index when a search finds many records (from the first day of the first
    /// year asked for, the dates that begin earlier and run into the years found off the index of spanning dates), and
    /// found off the filters' and words' indexes and sorted when it finds few (<c>Catalogue:Search:SortedOnceFoundUpTo</c>):
    /// either way the same hits in the same order, the dates that begin before the years asked for and run into them
    /// included, those that end before them not, nor an interval open at one end whose known end is before them.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(SearchOptions.DefaultSortedOnceFoundUpTo)]
    public async Task oldest_first_is_the_same_whether_read_off_the_date_index_or_sorted_once_found(int sortedOnceFoundUpTo)
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync(
            "search_date_order", new Dictionary<string, string> { [$"{SearchOptions.Section}:{nameof(SearchOptions.SortedOnceFoundUpTo)}"] = $"{sortedOnceFoundUpTo}" });
        var archivist = catalogue.Admin;
        // Each cable's date, repository, and the first day it can fall on when a search of AVPRF from 1950 finds it.
        var cables = new (string Edtf, string Repository, string? FirstDay)[]
        {
            ("1945-05-08", "AVPRF", null),
            ("1962-10-22", "RGASPI", null),
            ("1950-06-25", "AVPRF", "1950-06-25"),
            ("1948/1951", "AVPRF", "1948-01-01"),
            ("1948/1951", "RGASPI", null),
            ("1953-07-27", "AVPRF", "1953-07-27"),
            ("1961-08-13", "RGASPI", null),
            ("1956-11-04", "AVPRF", "1956-11-04"),
            ("1949-10-01", "AVPRF", null),
            ("1950-06-25", "AVPRF", "1950-06-25"),
            ("1958", "AVPRF", "1958-01-01"),
            // An interval open at one end is found by the year of its known end only, and put at that end's first day.
            ("1947/..", "AVPRF", null),
            ("../1952", "AVPRF", "1952-01-01"),
            ("../1950-07", "AVPRF", "1950-07-01"),
            ("1949-12/1950-01", "AVPRF", "1949-12-01"),
            ("1946/1949", "AVPRF", null),
            ("../1949", "AVPRF", null),
        };
        var expected = new List<(string FirstDay, Guid Id)>();
        for (var n = 0; n < cables.Length; n++)
        {
            var record = await (await Describing.Accession(archivist, $"Cable no. {n}")).Date(cables[n].Edtf, cables[n].Edtf);
            await record.Provenance(cables[n].Repository, "0100", "42");
            if (cables[n].FirstDay is { } firstDay) expected.Add((firstDay, record.Id));
        }

        await Projections.CaughtUpAsync(catalogue.Services);
        var hits = new List<Guid>();
        string? after = null;
        do
        {
            var page = (await archivist.Get($"/api/search?repository=AVPRF&yearFrom=1950&sort=date&pageSize=2{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}"))
                .ShouldBe(HttpStatusCode.OK).Json;
            Assert.Equal(expected.Count, page.Total());
            hits.AddRange(page.Hits());
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        // The first day each date can fall on, then the id: two cables of 25 June 1950 in id order.
        Assert.Equal(expected.OrderBy(e => e.FirstDay, StringComparer.Ordinal).ThenBy(e => e.Id).Select(e => e.Id), hits);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("eyJTIjoicmVsZXZhbmNlIn0")]
    [InlineData("eyJTIjoicmFuZG9tIiwiSyI6IngiLCJJIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIiwiRiI6IngifQ")]
    public async Task a_cursor_search_did_not_give_is_refused(string after)
    {
        var reply = (await Api.Get($"/api/search?{Words("armistice")}&after={after}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["after"], reply.ErrorFields);
    }

    [Fact]
    public async Task a_cursor_continues_only_the_search_that_gave_it()
    {
        await Telegrams(6);
        var first = await Service.Search($"{Words("armistice")}&pageSize=2");
        var after = Uri.EscapeDataString(first["next"]!.GetValue<string>());

        (await Api.Get($"/api/search?{Words("armistice")}&pageSize=2&after={after}")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(["after"], (await Api.Get($"/api/search?{Words("telegram")}&pageSize=2&after={after}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        Assert.Equal(["after"], (await Api.Get($"/api/search?{Words("armistice")}&language=ru&after={after}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        Assert.Equal(["after"], (await Api.Get($"/api/search?{Words("armistice")}&sort=date&after={after}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
        Assert.Equal(["after"], (await Service.As("reader").Get($"/api/search?{Words("armistice")}&after={after}")).ShouldBe(HttpStatusCode.BadRequest).ErrorFields);
    }
}

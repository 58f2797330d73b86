using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// "../1967" says a document is of 1967 at the latest; "1945/.." that it is of 1945 or after; "1000/1900" that it is of
/// some year of nine centuries. Found from outside: the decade facet counted "../1967" in the 1960s alone, while the year
/// filter found it for every year before 1967, so a decade's count was not what choosing it found. Search now finds and
/// counts a date by year as the years report counts it: every year it can fall in, an interval open at one end by the
/// year of its known end, and a date that could fall in more than a hundred years by none; in date order an interval
/// open at its start is put at the start of its known end, among the dates it is counted with.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_date_is_open_at_one_end(CatalogueService service) : CatalogueScenario(service)
{
    private sealed record Dated(Guid ByNineteenSixtySeven, Guid FromNineteenFortyFive, Guid SomeMillennium, Guid NineteenSixtyFive, Guid JuneNineteenSixtySeven, Guid TheFifties);

    private async Task<Dated> SixDates()
    {
        async Task<Guid> Record(string title, string asWritten, string edtf)
        {
            var record = await Describing.Accession(Api, title);
            await record.Date(asWritten, edtf);
            return record.Id;
        }

        return new Dated(
            await Record("Report written by 1967", "before 1967", "../1967"),
            await Record("Register kept from 1945", "from 1945", "1945/.."),
            await Record("Undated fragment", "between 1000 and 1900", "1000/1900"),
            await Record("Letter of 1965", "1965", "1965"),
            await Record("Telegram of June 1967", "1 June 1967", "1967-06-01"),
            await Record("Notes of the 1950s", "1950s", "195X"));
    }

    [Fact]
    public async Task each_decade_counts_what_choosing_its_years_finds()
    {
        await SixDates();

        var everything = await Service.Search("");

        Assert.Equal(new Dictionary<string, long> { ["1940"] = 1, ["1950"] = 1, ["1960"] = 3 }, everything.Facet("decade"));
        foreach (var (decade, count) in everything.Facet("decade"))
        {
            var from = int.Parse(decade, System.Globalization.CultureInfo.InvariantCulture);
            var chosen = await Service.Search($"yearFrom={from}&yearTo={from + 9}");
            Assert.True(count == chosen.Total(), $"decade {decade}: the facet said {count}, its years found {chosen.Total()}");
            Assert.Equal(count, chosen.Facet("decade")[decade]);
        }
    }

    [Fact]
    public async Task an_interval_open_at_one_end_is_found_by_the_year_of_its_known_end_only()
    {
        var d = await SixDates();

        Assert.Equal([d.TheFifties], (await Service.Search("yearFrom=1950&yearTo=1959")).Hits());
        Assert.Equal([d.FromNineteenFortyFive], (await Service.Search("yearTo=1949")).Hits());
        Assert.Equal(new[] { d.ByNineteenSixtySeven, d.JuneNineteenSixtySeven }.Order(), (await Service.Search("yearFrom=1967&yearTo=1967")).Hits().Order());
        Assert.Equal(new[] { d.NineteenSixtyFive, d.ByNineteenSixtySeven, d.JuneNineteenSixtySeven }.Order(), (await Service.Search("yearFrom=1960")).Hits().Order());
    }

    [Fact]
    public async Task a_date_of_more_than_a_hundred_years_is_found_by_no_year_and_counted_in_no_decade()
    {
        var d = await SixDates();

        Assert.Empty((await Service.Search("yearFrom=1000&yearTo=1009")).Hits());
        Assert.DoesNotContain(d.SomeMillennium, await Service.EveryPage("yearFrom=0&yearTo=9999"));
        Assert.Contains(d.SomeMillennium, await Service.EveryPage(""));
    }

    [Fact]
    public async Task in_date_order_an_open_start_is_put_at_the_start_of_its_known_end()
    {
        var d = await SixDates();

        var inOrder = await Service.EveryPage("sort=date&pageSize=2");

        // By the first day each can fall on: the millennium's first, then 1945, the fifties, 1965, and "../1967" on the
        // first of January 1967, before June 1967.
        Assert.Equal([d.SomeMillennium, d.FromNineteenFortyFive, d.TheFifties, d.NineteenSixtyFive, d.ByNineteenSixtySeven, d.JuneNineteenSixtySeven], inOrder);
        Assert.Equal([d.ByNineteenSixtySeven, d.JuneNineteenSixtySeven], await Service.EveryPage("sort=date&yearFrom=1967&pageSize=1"));
    }
}

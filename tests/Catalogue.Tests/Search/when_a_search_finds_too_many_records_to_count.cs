using System.Net;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// A search that finds more records than are counted one by one (here 16; 4,000 by default) is told its total and its
/// facet counts as estimates: the counts among the records of the index's sample — one record in 16, by the last byte of
/// its id — times 16, and says so. Its hits are never estimated, and readers' estimates count published records only.
/// </summary>
public sealed class when_a_search_finds_too_many_records_to_count(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_total_and_the_facets_are_estimated_from_the_sample_and_say_so()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("search_estimated", new Dictionary<string, string>
        {
            [$"{SearchOptions.Section}:{nameof(SearchOptions.ExactCountsUpTo)}"] = "16",
            ["Catalogue:Security:PublicReads"] = "true",
        });

        // Memoranda until two published ones and a draft are in the sample, so an estimate is made and a draft could
        // wrongly be in it; every third stays a draft.
        var published = new List<Guid>();
        var drafts = new List<Guid>();
        var fromAvprf = new List<Guid>();
        for (var n = 0; Sampled(published) < 2 || Sampled(drafts) < 1; n++)
        {
            Assert.True(n < 400, "the sample should hold one record in 16");
            var memorandum = await Describing.Accession(catalogue.Admin, $"Memorandum of conversation no. {n}");
            var avprf = n % 2 == 0;
            await memorandum.Provenance(avprf ? "AVPRF" : "RGASPI", "0100", "42");
            if (n % 3 == 2)
            {
                drafts.Add(memorandum.Id);
                continue;
            }

            await memorandum.Publish();
            published.Add(memorandum.Id);
            if (avprf) fromAvprf.Add(memorandum.Id);
        }

        var unique = await Describing.Accession(catalogue.Admin, "Memorandum on the Chinchow armistice");
        await unique.Provenance("GARF", "R-9401", "2");
        await unique.Publish();
        published.Add(unique.Id);
        await Projections.CaughtUpAsync(catalogue.Services);

        var reader = (await catalogue.Anonymous.Get("/api/search?" + Words("memorandum"))).ShouldBe(HttpStatusCode.OK).Json;
        var staff = (await catalogue.Admin.Get("/api/search?" + Words("memorandum"))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(reader["countsEstimated"]!.GetValue<bool>());
        Assert.Equal(16 * Sampled(published), reader.Total());
        Assert.Equal(16 * Sampled(fromAvprf), reader.Facet("repository").GetValueOrDefault("AVPRF"));
        Assert.Equal(new Dictionary<string, long> { ["published"] = 16 * Sampled(published) }, reader.Facet("status"));
        Assert.Equal(16 * Sampled([.. published, .. drafts]), staff.Total());
        Assert.Equal(16 * Sampled(drafts), staff.Facet("status")["draft"]);

        // The hits are the records themselves, a page at a time, never a sample.
        var every = new List<Guid>(reader.Hits());
        for (var page = reader; page["next"] is { } next; every.AddRange(page.Hits()))
            page = (await catalogue.Anonymous.Get("/api/search?" + Words("memorandum") + "&after=" + Uri.EscapeDataString(next.GetValue<string>()))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(published.Order(), every.Order());

        // A search that finds few is counted one by one.
        var few = (await catalogue.Anonymous.Get("/api/search?" + Words("chinchow"))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.False(few["countsEstimated"]!.GetValue<bool>());
        Assert.Equal(1, few.Total());
        Assert.Equal([unique.Id], few.Hits());
    }

    /// <summary>How many of the records are in the search index's sample: those whose id ends in a multiple of 16.</summary>
    private static long Sampled(IEnumerable<Guid> records) => records.Count(id => id.ToByteArray(bigEndian: true)[15] % SearchIndex.SampleRate == 0);
}

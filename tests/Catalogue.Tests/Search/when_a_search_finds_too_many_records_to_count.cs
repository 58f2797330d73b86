using System.Net;
using Catalogue.Api.Records;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// A search that finds more records than are counted one by one (here 16; 4,000 by default) is told its total and its
/// facet counts as estimates: the counts among the records of the index's sample — one record in 16, by the last byte of
/// its id — times 16, and says so; when even the sample holds more records than are counted one by one, the coarse
/// sample's — one in 256 — times 256. Its hits are never estimated, and readers' estimates count published records only.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
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
        // wrongly be in it, and until a reader finds more than are counted one by one (with the memorandum below); every
        // third stays a draft.
        var published = new List<Guid>();
        var drafts = new List<Guid>();
        var fromAvprf = new List<Guid>();
        for (var n = 0; Sampled(published) < 2 || Sampled(drafts) < 1 || published.Count < 16; n++)
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
        Assert.Equal(SearchRecordsEndpoint.FacetNames, reader["facetsEstimated"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(Estimated(published, published), reader.Total());
        Assert.Equal(Estimated(fromAvprf, published), reader.Facet("repository").GetValueOrDefault("AVPRF"));
        Assert.Equal(new Dictionary<string, long> { ["published"] = Estimated(published, published) }, reader.Facet("status"));
        Assert.Equal(Estimated([.. published, .. drafts], [.. published, .. drafts]), staff.Total());
        Assert.Equal(Estimated(drafts, [.. published, .. drafts]), staff.Facet("status")["draft"]);

        // The hits are the records themselves, a page at a time, never a sample.
        var every = new List<Guid>(reader.Hits());
        for (var page = reader; page["next"] is { } next; every.AddRange(page.Hits()))
            page = (await catalogue.Anonymous.Get("/api/search?" + Words("memorandum") + "&after=" + Uri.EscapeDataString(next.GetValue<string>()))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(published.Order(), every.Order());

        // A search that finds few is counted one by one.
        var few = (await catalogue.Anonymous.Get("/api/search?" + Words("chinchow"))).ShouldBe(HttpStatusCode.OK).Json;
        Assert.False(few["countsEstimated"]!.GetValue<bool>());
        Assert.Empty(few["facetsEstimated"]!.AsArray());
        Assert.Equal(1, few.Total());
        Assert.Equal([unique.Id], few.Hits());
    }

    /// <summary>
    /// Whether to estimate is decided on what the search finds, every filter applied, not on the records its facets
    /// count among: a repository of one record, its filter alone and no words, is counted one by one in a catalogue whose
    /// sample holds more than an exact count's share (its facet counts every record: they were estimated, and the total
    /// was 0 beside the hit when the sample missed it). A value chosen is among its facet's values, with 0 if none has it.
    /// </summary>
    [Fact]
    public async Task a_search_that_finds_few_is_counted_one_by_one_however_large_the_catalogue()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("search_few_in_many", new Dictionary<string, string>
        {
            [$"{SearchOptions.Section}:{nameof(SearchOptions.ExactCountsUpTo)}"] = "16",
        });
        var notes = new List<Guid>();
        for (var n = 0; Sampled(notes) < 3 || notes.Count <= 16; n++)
        {
            Assert.True(n < 400, "the sample should hold one record in 16");
            notes.Add((await Describing.Accession(catalogue.Admin, $"Note no. {n}")).Id);
        }

        var secret = await Describing.Accession(catalogue.Admin, "Report of the special repository");
        await secret.Provenance("SECRETREPO", "1", "1");
        await Projections.CaughtUpAsync(catalogue.Services);

        var found = (await catalogue.Admin.Get("/api/search?repository=SECRETREPO&repository=NOWHERE&pageSize=5")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(found["countsEstimated"]!.GetValue<bool>());
        // Every other record fails the repository's filter alone, and is counted in its facet by sample (holding none).
        Assert.Equal(["repository"], found["facetsEstimated"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(1, found.Total());
        Assert.Equal([secret.Id], found.Hits());
        Assert.Equal(new Dictionary<string, long> { ["SECRETREPO"] = 1, ["NOWHERE"] = 0 }, found.Facet("repository"));
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1 }, found.Facet("status"));

        var withdrawn = (await catalogue.Admin.Get("/api/search?repository=SECRETREPO&status=withdrawn")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(0, withdrawn.Total());
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1, ["withdrawn"] = 0 }, withdrawn.Facet("status"));

        // A search that finds more than an exact count reaches is estimated, and never below what it found.
        var every = (await catalogue.Admin.Get("/api/search")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(every["countsEstimated"]!.GetValue<bool>());
        Assert.True(every.Total() > 16);
    }

    [Fact]
    public async Task a_search_whose_sample_is_too_large_to_count_is_counted_on_the_coarse_sample()
    {
        // Three memoranda in the coarse sample (ids ending 0x00), fourteen more in the sample only (0x10, 0x20, …), the
        // rest in neither. The sample holds seventeen, more than the 16 that may be counted one by one, so the coarse
        // sample is counted, times 256.
        byte[] endings = [0x00, 0x00, 0x00, .. InTheSampleOnly(14), .. InNeither(23)];

        var (found, memoranda) = await SearchingMemorandaEndingAsync("search_coarse", endings);

        Assert.True(found["countsEstimated"]!.GetValue<bool>());
        Assert.Equal(3 * 256, found.Total());
        Assert.Equal(new Dictionary<string, long> { ["published"] = 3 * 256 }, found.Facet("status"));
        Assert.Equal(memoranda.Order(), found.Hits().Order());
    }

    [Fact]
    public async Task a_sample_no_larger_than_an_exact_count_is_counted_whatever_the_coarse_sample_holds()
    {
        // Two in the coarse sample, six more in the sample only: the sample's eight may be counted one by one (16), so
        // they are, times 16 — the coarse sample's two would have said 512.
        byte[] endings = [0x00, 0x00, .. InTheSampleOnly(6), .. InNeither(32)];

        var (found, memoranda) = await SearchingMemorandaEndingAsync("search_sampled", endings);

        Assert.True(found["countsEstimated"]!.GetValue<bool>());
        Assert.Equal(8 * 16, found.Total());
        Assert.Equal(new Dictionary<string, long> { ["published"] = 8 * 16 }, found.Facet("status"));
        Assert.Equal(memoranda.Order(), found.Hits().Order());
    }

    /// <summary>
    /// A search that finds few is counted one by one, but the records failing one of its filters alone — which count in
    /// that filter's facet only — may be many more (a repository's filter alone: every other record of the catalogue).
    /// When they are more than are counted one by one, they are counted on the sample, times 16, beside the records
    /// found, and the facet says it is estimated; the total and the value chosen stay exact.
    /// </summary>
    [Fact]
    public async Task the_records_failing_one_filter_are_counted_by_sample_when_they_are_many()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("search_failing_sampled", new Dictionary<string, string>
        {
            [$"{SearchOptions.Section}:{nameof(SearchOptions.ExactCountsUpTo)}"] = "16",
        });
        var fromAprf = await FiledAsync(catalogue, "Telegram from Stalin to Roshchin", "APRF", [.. InNeither(2)]);
        // Twenty-three from AVPRF, three of them in the sample: more than its share of an exact count (one in 16 of 16).
        await FiledAsync(catalogue, "Telegram from Roshchin to Moscow", "AVPRF", [.. InTheSampleOnly(3), .. InNeither(20)]);
        var armistice = await FiledAsync(catalogue, "Note on the Chinchow armistice", "APRF", [.. InNeither(1)]);
        await FiledAsync(catalogue, "Note on the Chinchow armistice talks", "AVPRF", [.. InNeither(1)]);
        await Projections.CaughtUpAsync(catalogue.Services);

        var telegrams = (await catalogue.Admin.Get("/api/search?" + Words("telegram") + "&repository=APRF")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(telegrams["countsEstimated"]!.GetValue<bool>());
        Assert.Equal(["repository"], telegrams["facetsEstimated"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(2, telegrams.Total());
        Assert.Equal(fromAprf.Order(), telegrams.Hits().Order());
        Assert.Equal(new Dictionary<string, long> { ["APRF"] = 2, ["AVPRF"] = 3 * 16 }, telegrams.Facet("repository"));
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 2 }, telegrams.Facet("status"));

        // Few failing the filter are counted one by one.
        var notes = (await catalogue.Admin.Get("/api/search?" + Words("chinchow") + "&repository=APRF")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Empty(notes["facetsEstimated"]!.AsArray());
        Assert.Equal(armistice, notes.Hits());
        Assert.Equal(new Dictionary<string, long> { ["APRF"] = 1, ["AVPRF"] = 1 }, notes.Facet("repository"));
    }

    /// <summary>Records of one title and repository whose ids end in the bytes given, appended as events.</summary>
    private static async Task<List<Guid>> FiledAsync(OwnCatalogue catalogue, string title, string repository, byte[] endings)
    {
        var records = endings.Select(Ending).ToList();
        await using var session = catalogue.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession();
        foreach (var id in records)
        {
            session.Events.StartStream<CatalogueRecord>(id,
                RecordLives.Accessioned(id) with { AccessionNumber = $"CAT-{repository}-{id:N}", Title = title, ExternalIds = [], SourceUrl = null },
                new ProvenanceRecorded(1, RecordLives.Avprf with { Repository = repository, RepositoryAsWritten = repository }));
        }

        await session.SaveChangesAsync();
        return records;
    }

    /// <summary>Last bytes of ids in the sample but not the coarse sample: 0x10, 0x20, … 0xF0, and round again.</summary>
    private static IEnumerable<byte> InTheSampleOnly(int count) => Enumerable.Range(0, count).Select(n => (byte)(16 * (1 + n % 15)));

    /// <summary>Last bytes of ids in neither sample.</summary>

    private static IEnumerable<byte> InNeither(int count) => Enumerable.Range(1, 255).Where(b => b % 16 != 0).Take(count).Select(b => (byte)b);

    /// <summary>Published memoranda whose ids end in the bytes given, searched for (16 counted one by one at most), one page of all.</summary>
    private async Task<(System.Text.Json.Nodes.JsonNode Found, List<Guid> Memoranda)> SearchingMemorandaEndingAsync(string catalogueName, byte[] endings)
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync(catalogueName, new Dictionary<string, string>
        {
            [$"{SearchOptions.Section}:{nameof(SearchOptions.ExactCountsUpTo)}"] = "16",
            ["Catalogue:Security:PublicReads"] = "true",
        });

        var memoranda = endings.Select(Ending).ToList();
        await using (var session = catalogue.Services.GetRequiredService<Marten.IDocumentStore>().LightweightSession())
        {
            for (var i = 0; i < memoranda.Count; i++)
            {
                session.Events.StartStream<CatalogueRecord>(memoranda[i],
                    RecordLives.Accessioned(memoranda[i]) with { AccessionNumber = $"CAT-SAMPLED-{i:D3}", Title = $"Memorandum of conversation no. {i}", ExternalIds = [], SourceUrl = null },
                    new RecordPublished());
            }

            await session.SaveChangesAsync();
        }

        await Projections.CaughtUpAsync(catalogue.Services);
        var found = (await catalogue.Anonymous.Get("/api/search?" + Words("memorandum") + "&pageSize=100")).ShouldBe(HttpStatusCode.OK).Json;
        return (found, memoranda);
    }

    /// <summary>
    /// What a search that counts by sample is told of <paramref name="records"/>, among the <paramref name="counted"/>
    /// records it finds: their count in the coarse sample (ids ending in 0) times 256 when more than 16 of those counted
    /// are in the sample, else in the sample (ids ending in a multiple of 16) times 16.
    /// </summary>
    private static long Estimated(IEnumerable<Guid> records, IEnumerable<Guid> counted) =>
        Sampled(counted) > 16 ? 256 * InCoarseSample(records) : 16 * Sampled(records);

    /// <summary>How many of the records are in the search index's sample: those whose id ends in a multiple of 16.</summary>
    private static long Sampled(IEnumerable<Guid> records) => records.Count(id => LastByte(id) % SearchIndex.SampleRate == 0);

    private static long InCoarseSample(IEnumerable<Guid> records) => records.Count(id => LastByte(id) == 0);

    private static byte LastByte(Guid id) => id.ToByteArray(bigEndian: true)[15];

    private static Guid Ending(byte last)
    {
        var bytes = Guid.CreateVersion7().ToByteArray(bigEndian: true);
        bytes[15] = last;
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// The counts are planned without parallel workers even where PostgreSQL would find them cheap: it started them for
    /// the branch that reads every record found whether or not it ran.
    /// </summary>
    [Fact]
    public async Task the_counts_are_read_without_parallel_workers()
    {
        var (request, errors) = SearchRequest.Read(
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("repository=AVPRF&yearFrom=1950"), staff: true);
        Assert.Empty(errors);
        var options = new SearchOptions(SearchOptions.DefaultExactCountsUpTo);
        var dataSource = Service.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var cheap = new Npgsql.NpgsqlCommand(
            // Workers for every statement that may have them, whatever the statistics other scenarios left (with their
            // few rows analysed, cheap workers alone were not always chosen): PostgreSQL 15's force_parallel_mode,
            // debug_parallel_query from 16 on.
            "set parallel_setup_cost = 0; set parallel_tuple_cost = 0; set min_parallel_table_scan_size = 0; set min_parallel_index_scan_size = 0; set max_parallel_workers_per_gather = 2; "
            + "select set_config(case when current_setting('server_version_num')::int >= 160000 then 'debug_parallel_query' else 'force_parallel_mode' end, 'on', false)",
            connection))
        {
            await cheap.ExecuteNonQueryAsync();
        }

        try
        {
            Assert.DoesNotContain("Gather", await PlanAsync(connection, SearchRecordsEndpoint.CountStatement(request!, options)));
            // Workers are there to be had: a statement over the same index that may have them gets them.
            Assert.Contains("Gather", await PlanAsync(connection, new Npgsql.NpgsqlCommand($"select count(*) from {SearchIndex.Table}")));
        }
        finally
        {
            await using var reset = new Npgsql.NpgsqlCommand("reset all", connection);
            await reset.ExecuteNonQueryAsync();
        }
    }

    private static async Task<string> PlanAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlCommand statement)
    {
        await using (statement)
        {
            statement.Connection = connection;
            statement.CommandText = "EXPLAIN " + statement.CommandText;
            var plan = new System.Text.StringBuilder();
            await using var reader = await statement.ExecuteReaderAsync();
            while (await reader.ReadAsync()) plan.AppendLine(reader.GetString(0));
            return plan.ToString();
        }
    }
}

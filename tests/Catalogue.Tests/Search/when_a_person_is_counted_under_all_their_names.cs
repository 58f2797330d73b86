using System.Net;
using Catalogue.Api.Search;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// A memorandum names Zhou Enlai, a telegram is signed "Chou En-lai", and a note of the same conference writes him both
/// ways. Once an archivist has recorded the alias, the person facet has one line for him, counting the three documents
/// once each, and that line chosen finds exactly as many documents as it counted — for readers too, who count only what
/// is published.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_person_is_counted_under_all_their_names(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<(Describing Memorandum, Describing Telegram, Describing Note)> ThreeDocuments()
    {
        var memorandum = await Describing.Accession(Api, "Memorandum of Conversation with the Premier");
        await memorandum.Participants("Zhou Enlai", "N.V. Roshchin");
        var telegram = await Describing.Accession(Api, "Telegram on the Geneva Conference");
        await telegram.Creators("Chou En-lai");
        var note = await Describing.Accession(Api, "Note on the Geneva Conference");
        await note.Creators("Chou En-lai");
        await note.Participants("Zhou Enlai", "V.M. Molotov");
        return (memorandum, telegram, note);
    }

    private async Task RecordTheAlias()
    {
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles spelling" })).ShouldBe(HttpStatusCode.OK);
    }

    private static long PersonLine(IReadOnlyDictionary<string, long> facet, params string[] names)
    {
        var lines = facet.Where(l => names.Contains(l.Key)).ToList();
        Assert.Single(lines);
        return lines[0].Value;
    }

    [Fact]
    public async Task the_facet_has_one_line_for_the_person_and_counts_each_document_once()
    {
        await ThreeDocuments();
        var before = (await Service.Search("")).Facet("person");
        Assert.Equal((2L, 2L), (before["Zhou Enlai"], before["Chou En-lai"]));

        await RecordTheAlias();

        var facet = (await Service.Search("")).Facet("person");
        Assert.Equal(3, PersonLine(facet, "Zhou Enlai", "Chou En-lai"));
        Assert.Equal((1L, 1L), (facet["N.V. Roshchin"], facet["V.M. Molotov"]));
    }

    [Fact]
    public async Task the_line_chosen_finds_as_many_documents_as_it_counted()
    {
        await ThreeDocuments();
        await RecordTheAlias();

        var facet = (await Service.Search(Searching.Words("conference"))).Facet("person");
        var line = Assert.Single(facet, l => l.Key is "Zhou Enlai" or "Chou En-lai");
        Assert.Equal(2, line.Value);

        var chosen = await Service.Search($"{Searching.Words("conference")}&person={Uri.EscapeDataString(line.Key)}");
        Assert.Equal(2, chosen.Total());
        Assert.Equal(2, chosen.Hits().Count);
        // Chosen, the name keeps its line, counted for the person; the other name of the person has none.
        Assert.Equal(2, chosen.Facet("person")[line.Key]);
        Assert.Single(chosen.Facet("person"), l => l.Key is "Zhou Enlai" or "Chou En-lai");
    }

    [Fact]
    public async Task a_name_chosen_is_shown_as_chosen_with_every_other_filter_applied()
    {
        var (memorandum, telegram, note) = await ThreeDocuments();
        await RecordTheAlias();
        await telegram.Subjects("Geneva Conference");
        await note.Subjects("Geneva Conference");

        var page = await Service.Search($"person={Uri.EscapeDataString("Zhou Enlai")}&subject={Uri.EscapeDataString("Geneva Conference")}");

        Assert.Equal(new HashSet<Guid> { telegram.Id, note.Id }, page.Hits().ToHashSet());
        var facet = page.Facet("person");
        Assert.Equal(2, facet["Zhou Enlai"]);
        Assert.False(facet.ContainsKey("Chou En-lai"));
        Assert.Equal(1, facet["V.M. Molotov"]);
        Assert.DoesNotContain(memorandum.Id, page.Hits());
    }

    [Fact]
    public async Task people_merged_are_one_line_too()
    {
        await ThreeDocuments();
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        var chou = await Service.ThePersonFor("Chou En-lai");
        (await Api.Post($"/api/people/{zhou.Id()}/merge", new { person = chou.Id(), version = 0, reason = "The same premier, in Wade-Giles" })).ShouldBe(HttpStatusCode.OK);

        var facet = (await Service.Search("")).Facet("person");

        Assert.Equal(3, PersonLine(facet, "Zhou Enlai", "Chou En-lai"));
    }

    [Fact]
    public async Task readers_count_only_the_published_documents_under_the_person()
    {
        var (_, telegram, note) = await ThreeDocuments();
        await RecordTheAlias();
        foreach (var published in new[] { telegram, note })
        {
            await published.With("provenance", v => Support.Catalogue.SeedProvenance(v));
            await published.Publish();
        }

        var reader = Service.As("reader");
        var facet = (await Service.Search("", reader)).Facet("person");
        Assert.Equal(2, PersonLine(facet, "Zhou Enlai", "Chou En-lai"));
        Assert.False(facet.ContainsKey("N.V. Roshchin"));

        var chosen = await Service.Search($"person={Uri.EscapeDataString("Chou En-lai")}", reader);
        Assert.Equal(2, chosen.Total());
        Assert.Equal(2, chosen.Facet("person")["Chou En-lai"]);
    }

    [Fact]
    public async Task a_person_counted_by_sample_is_counted_once_in_the_estimate()
    {
        const int exactCountsUpTo = 4;
        await using var catalogue = await Service.StartOwnCatalogueAsync("person_estimated", new Dictionary<string, string>
        {
            [$"{SearchOptions.Section}:{nameof(SearchOptions.ExactCountsUpTo)}"] = $"{exactCountsUpTo}",
        });

        // Every note writes both spellings, until two are in the index's sample (ids ending in a multiple of 16) and
        // there are more than are counted one by one (two sampled among the first four were counted exactly: a CI failure).
        var notes = new List<Guid>();
        while (notes.Count(InTheSample) < 2 || notes.Count <= exactCountsUpTo)
        {
            Assert.True(notes.Count < 400, "the sample should hold one record in 16");
            var note = await Describing.Accession(catalogue.Admin, $"Note on the Geneva Conference no. {notes.Count}");
            await note.Participants("Zhou Enlai", "Chou En-lai");
            notes.Add(note.Id);
        }

        await Projections.CaughtUpAsync(catalogue.Services);
        var zhou = (await catalogue.Admin.Get("/api/people?q=" + Uri.EscapeDataString("Zhou Enlai"))).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray().Single();
        (await catalogue.Admin.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles spelling" })).ShouldBe(HttpStatusCode.OK);
        await Projections.CaughtUpAsync(catalogue.Services);

        var page = (await catalogue.Admin.Get("/api/search?" + Searching.Words("geneva"))).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(page["countsEstimated"]!.GetValue<bool>());
        Assert.Contains("person", page["facetsEstimated"]!.AsArray().Select(f => f!.GetValue<string>()));
        // Two names, each on every sampled note: counted apart, the estimate was twice the person's.
        Assert.Equal(notes.Count(InTheSample) * SearchIndex.SampleRate, PersonLine(page.Facet("person"), "Zhou Enlai", "Chou En-lai"));
    }

    private static bool InTheSample(Guid id) => id.ToByteArray(bigEndian: true)[15] % SearchIndex.SampleRate == 0;
}

using System.Net;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// One memorandum names Zhou Enlai, a telegram of the same years is signed "Chou En-lai". Until an archivist says they
/// are one person, a search for either finds one document; once the alias is recorded in the people authority, either
/// name finds both, as words and as the person filter — and readers still find only what is published.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_name_is_written_another_way(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<(Guid Memorandum, Guid Telegram)> TwoSpellings()
    {
        var memorandum = await Describing.Accession(Api, "Memorandum of Conversation with the Premier");
        await memorandum.Participants("Zhou Enlai", "N.V. Roshchin");
        var telegram = await Describing.Accession(Api, "Telegram on the Geneva Conference");
        await telegram.Creators("Chou En-lai");
        return (memorandum.Id, telegram.Id);
    }

    private async Task RecordTheAlias()
    {
        var zhou = await Service.ThePersonFor("Zhou Enlai");
        (await Api.Post($"/api/people/{zhou.Id()}/aliases", new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles spelling" })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task either_spelling_finds_both_once_the_alias_is_recorded()
    {
        var (memorandum, telegram) = await TwoSpellings();
        Assert.Equal([telegram], (await Service.Search(Searching.Words("Chou En-lai"))).Hits());
        Assert.Equal([memorandum], (await Service.Search(Searching.Words("Zhou Enlai"))).Hits());

        await RecordTheAlias();

        Assert.Equal(new HashSet<Guid> { memorandum, telegram }, (await Service.Search(Searching.Words("Chou En-lai"))).Hits().ToHashSet());
        Assert.Equal(new HashSet<Guid> { memorandum, telegram }, (await Service.Search(Searching.Words("zhou enlai"))).Hits().ToHashSet());
        // A name half typed is not yet a name the authority knows: it finds what is written so.
        Assert.Equal([memorandum], (await Service.Search(Searching.Words("Zhou Enl"))).Hits());
    }

    [Fact]
    public async Task the_person_filter_takes_every_name_of_the_person()
    {
        var (memorandum, telegram) = await TwoSpellings();
        Assert.Equal([telegram], (await Service.Search("person=" + Uri.EscapeDataString("Chou En-lai"))).Hits());

        await RecordTheAlias();

        var page = await Service.Search("person=" + Uri.EscapeDataString("Chou En-lai"));
        Assert.Equal(new HashSet<Guid> { memorandum, telegram }, page.Hits().ToHashSet());
        // The person facet counts the person once, under the name chosen (when_a_person_is_counted_under_all_their_names).
        Assert.Equal(2, page.Facet("person")["Chou En-lai"]);
        Assert.False(page.Facet("person").ContainsKey("Zhou Enlai"));
    }

    [Fact]
    public async Task the_person_filter_is_read_a_page_at_a_time_once_the_alias_is_recorded()
    {
        var (memorandum, telegram) = await TwoSpellings();
        await RecordTheAlias();

        foreach (var name in new[] { "Zhou Enlai", "Chou En-lai" })
        {
            var byDate = await Service.EveryPage($"person={Uri.EscapeDataString(name)}&pageSize=1");
            var byRelevance = await Service.EveryPage($"person={Uri.EscapeDataString(name)}&{Searching.Words("conference or memorandum")}&pageSize=1");

            Assert.Equal(new HashSet<Guid> { memorandum, telegram }, byDate.ToHashSet());
            Assert.Equal(2, byDate.Count);
            Assert.Equal(new HashSet<Guid> { memorandum, telegram }, byRelevance.ToHashSet());
            Assert.Equal(2, byRelevance.Count);
        }
    }

    /// <summary>
    /// Found from outside: "Nguyen Ai Quoc" recorded as an alias of Ho Chi Minh found the records writing "Ho Chi Minh"
    /// and not the one writing "Ho Chi-minh" (the other name is searched as a phrase, and the hyphen makes another), where
    /// the person filter, which matches names folded, found all three.
    /// </summary>
    [Fact]
    public async Task a_name_typed_finds_every_record_naming_the_person_however_the_name_is_hyphenated()
    {
        var spaced = await Describing.Accession(Api, "Letter to the Central Committee");
        await spaced.Creators("Ho Chi Minh");
        var hyphenated = await Describing.Accession(Api, "Telegram to Moscow");
        await hyphenated.Creators("Ho Chi-minh");
        var pseudonym = await Describing.Accession(Api, "Article in Le Paria");
        await pseudonym.Creators("Nguyen Ai Quoc");
        var ho = await Service.ThePersonFor("Ho Chi Minh");
        (await Api.Post($"/api/people/{ho.Id()}/aliases", new { alias = "Nguyen Ai Quoc", version = 0, reason = "His pen name in Paris" })).ShouldBe(HttpStatusCode.OK);

        var typed = (await Service.Search(Searching.Words("Nguyen Ai Quoc"))).Hits().ToHashSet();
        var chosen = (await Service.Search("person=" + Uri.EscapeDataString("Nguyen Ai Quoc"))).Hits().ToHashSet();

        Assert.Equal(new HashSet<Guid> { spaced.Id, hyphenated.Id, pseudonym.Id }, typed);
        Assert.Equal(chosen, typed);
        // Ranked by the words typed: the record that writes them first.
        Assert.Equal(pseudonym.Id, (await Service.Search(Searching.Words("Nguyen Ai Quoc"))).Hits()[0]);
    }

    [Fact]
    public async Task words_that_are_more_than_a_name_are_searched_as_written()
    {
        var (memorandum, _) = await TwoSpellings();
        await RecordTheAlias();

        Assert.Empty((await Service.Search(Searching.Words("\"Chou En-lai\" -Geneva"))).Hits());
        Assert.Equal([memorandum], (await Service.Search(Searching.Words("Zhou Enlai -Geneva"))).Hits());
    }

    [Fact]
    public async Task readers_find_by_the_alias_only_what_is_published()
    {
        var (memorandum, telegram) = await TwoSpellings();
        await RecordTheAlias();
        (await Api.Post($"/api/records/{telegram}/provenance", Support.Catalogue.SeedProvenance(2))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{telegram}/publish", new { version = 3 })).ShouldBe(HttpStatusCode.OK);
        var reader = Service.As("reader");

        Assert.Equal([telegram], (await Service.Search(Searching.Words("Chou En-lai"), reader)).Hits());
        Assert.Equal([telegram], (await Service.Search("person=" + Uri.EscapeDataString("Chou En-lai"), reader)).Hits());
        Assert.DoesNotContain(memorandum, (await Service.Search(Searching.Words("Zhou Enlai"), reader)).Hits());
    }

    /// <summary>
    /// Found from outside: "Zhou Enlai", written only on a draft, typed by a reader found the published telegram signed
    /// "Chou En-lai" — telling the reader a name no published record gives, and whose it is.
    /// </summary>
    [Fact]
    public async Task a_name_only_drafts_carry_is_searched_for_readers_as_written()
    {
        var memorandum = await Describing.Accession(Api, "Memorandum of Conversation with the Premier");
        await memorandum.Participants("Zhou Enlai", "N.V. Roshchin");
        var telegram = await Describing.Accession(Api, "Telegram on the Geneva Conference");
        await telegram.Creators("Chou En-lai");
        var report = await Describing.Accession(Api, "Report on the Geneva Conference");
        await report.FullText("The delegation met Zhou Enlai twice.");
        foreach (var published in new[] { telegram, report })
        {
            await published.With("provenance", v => Support.Catalogue.SeedProvenance(v));
            await published.Publish();
        }

        await RecordTheAlias();
        var reader = Service.As("reader");

        Assert.Equal([report.Id], (await Service.Search(Searching.Words("Zhou Enlai"), reader)).Hits());
        Assert.Equal([telegram.Id], (await Service.Search(Searching.Words("Chou En-lai"), reader)).Hits());
        var chosen = await Service.Search("person=" + Uri.EscapeDataString("Zhou Enlai"), reader);
        Assert.Empty(chosen.Hits());
        Assert.Equal((0L, 1L), (chosen.Facet("person")["Zhou Enlai"], chosen.Facet("person")["Chou En-lai"]));

        // Staff see every name, and every record that writes one of them.
        Assert.Equal(new HashSet<Guid> { memorandum.Id, telegram.Id, report.Id }, (await Service.Search(Searching.Words("Chou En-lai"))).Hits().ToHashSet());
        Assert.Equal(new HashSet<Guid> { memorandum.Id, telegram.Id }, (await Service.Search("person=" + Uri.EscapeDataString("Zhou Enlai"))).Hits().ToHashSet());
    }
}

using System.Net;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// Archivists search the catalogue in the words they would use, in Russian or English: a word in one grammatical form
/// finds another, accents and ё need not be typed, quoted words are found together, the last word may be unfinished,
/// and what a record is titled weighs more than what its full text mentions.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_archivist_searches_in_russian_and_english(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<Guid> TheSeed() =>
        (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;

    private async Task<Guid> ARussianMinute() =>
        (await (await (await Describing.Accession(Api, "Запись беседы в Кремле"))
            .Summary("Записка о совещании в ЦК ВКП(б) по вопросам торговли с Китаем."))
            .FullText("Присутствовали: тов. Ежёв, тов. Ёлкин. На совещании обсуждались переговоры о поставках.", "ru", "original")).Id;

    private async Task<Guid> AHungarianReport() =>
        (await (await (await Describing.Accession(Api, "Report of the Hungarian Legation in Beijing"))
            .Participants("Kovács István"))
            .FullText("The ministers negotiated the trade agreement for three days.")).Id;

    [Fact]
    public async Task a_russian_word_finds_its_other_grammatical_cases()
    {
        var minute = await ARussianMinute();
        await AHungarianReport();

        Assert.Equal([minute], (await Service.Search(Words("совещание"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("переговор"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("Кремль"))).Hits());
    }

    /// <summary>
    /// Found from outside: Snowball stems a Russian word ending in -ов, -ев, -ав, -ив or -ыв in the nominative otherwise
    /// than in its other cases («Молотов» is молот, «Молотова» молотов; «архив» арх, «архива» архив), so a search for
    /// «Молотов» missed every record writing «Молотова» or «Молотовым», and the other way round. Any case typed now finds
    /// them all, as a word, as the last word typed (found by its beginning), in a phrase and as a word left out; and the
    /// records are marked where they write it. Found from outside too: typed last, «Киев» was found by the beginning of
    /// its stem, «ки», and so found «кино»; it is found by its own now.
    /// </summary>
    [Fact]
    public async Task a_russian_word_in_the_nominative_and_its_other_cases_find_each_other()
    {
        var nominative = (await Describing.Accession(Api, "Молотов в Пекине")).Id;
        var genitive = (await Describing.Accession(Api, "Записка Молотова о переговорах")).Id;
        var instrumental = (await Describing.Accession(Api, "Беседа с Молотовым")).Id;
        var khrushchev = (await Describing.Accession(Api, "Хрущёв на совещании")).Id;
        var ofKhrushchev = (await Describing.Accession(Api, "Письмо Хрущева")).Id;
        var archive = (await Describing.Accession(Api, "Опись архива МИД")).Id;
        var inTheArchive = (await Describing.Accession(Api, "Справка об архиве")).Id;
        var anArchive = (await Describing.Accession(Api, "Архив Коминтерна")).Id;
        var toKiev = (await Describing.Accession(Api, "Поездка в Киев")).Id;
        var fromKiev = (await Describing.Accession(Api, "Письмо из Киева")).Id;
        // Words that begin as the stems the nominatives are cut to (молот, ки, арх) do, and are not found by them.
        await Describing.Accession(Api, "Серп и молоток");
        await Describing.Accession(Api, "Фильм о кино");
        await Describing.Accession(Api, "Архитектура города");
        Guid[] molotov = [.. new[] { nominative, genitive, instrumental }.Order()];

        foreach (var typed in new[] { "Молотов", "Молотов ", "молотова", "Молотова ", "МОЛОТОВЫМ ", "Молотову" })
            Assert.Equal(molotov, (await Service.Search(Words(typed))).Hits().Order());
        Guid[] bothKhrushchevs = [.. new[] { khrushchev, ofKhrushchev }.Order()];
        Assert.Equal(bothKhrushchevs, (await Service.Search(Words("Хрущев "))).Hits().Order());
        Assert.Equal(bothKhrushchevs, (await Service.Search(Words("Хрущёва "))).Hits().Order());
        Guid[] archives = [.. new[] { archive, inTheArchive, anArchive }.Order()];
        foreach (var typed in new[] { "архив", "архив ", "архива", "архива " })
            Assert.Equal(archives, (await Service.Search(Words(typed))).Hits().Order());
        Guid[] kiev = [.. new[] { toKiev, fromKiev }.Order()];
        foreach (var typed in new[] { "Киев", "Киев ", "Киева", "киева " })
            Assert.Equal(kiev, (await Service.Search(Words(typed))).Hits().Order());
        Assert.Equal([genitive], (await Service.Search(Words("\"записка молотов\""))).Hits());
        Assert.Equal(new[] { nominative, genitive }.Order(), (await Service.Search(Words("молотов -беседа"))).Hits().Order());
        Assert.Empty((await Service.Search(Words("беседа -Молотова"))).Hits());

        var marked = Assert.Single((await Service.Search(Words("беседа Молотов")))["items"]!.AsArray())!["highlights"]!;
        Assert.Equal("<mark>Беседа</mark> с <mark>Молотовым</mark>", marked["title"]!.GetValue<string>());
    }

    /// <summary>Found from outside: PostgreSQL's parser read «&lt;illegible&gt;» as an HTML tag and dropped it, so no search found the word.</summary>
    [Fact]
    public async Task a_word_a_transcription_marks_in_angle_brackets_is_found()
    {
        var cable = (await (await Describing.Accession(Api, "Cable on the tractor shipment"))
            .FullText("Comrade Kuznetsov <illegible> said the shipment of <unreadable> tractors is delayed.", "en", "original")).Id;
        await AHungarianReport();

        Assert.Equal([cable], (await Service.Search(Words("illegible"))).Hits());
        Assert.Equal([cable], (await Service.Search(Words("unreadable tractors"))).Hits());
    }

    /// <summary>
    /// Found from outside: the word in «&lt;Molotov&gt;» was found and its passage shown without its mark, PostgreSQL's
    /// parser reading the word in brackets as an HTML tag; and "Kovács", typed as written, was found and not marked, the
    /// passage being marked by the words folded ("kovacs"). A word is marked as written, the brackets around it kept as
    /// text; a word typed as written is marked; a word found only through folding ("Kovacs") is still not.
    /// </summary>
    [Fact]
    public async Task a_word_in_angle_brackets_and_a_word_typed_with_its_accents_are_marked()
    {
        var cable = await (await (await Describing.Accession(Api, "Cable from <Molotov> on the tractor shipment"))
            .Participants("Kovács István"))
            .FullText("Comrade <Molotov> said Kovács would bring the <illegible> tractors. Ежов agreed.", "en", "original");

        var bracketed = Assert.Single((await Service.Search(Words("molotov")))["items"]!.AsArray())!["highlights"]!;
        var typedAsWritten = Assert.Single((await Service.Search(Words("Kovács")))["items"]!.AsArray())!["highlights"]!;
        var typing = Assert.Single((await Service.Search(Words("illegible tract")))["items"]!.AsArray())!["highlights"]!;
        var russian = Assert.Single((await Service.Search(Words("Ежов")))["items"]!.AsArray())!["highlights"]!;
        var folded = Assert.Single((await Service.Search(Words("Kovacs")))["items"]!.AsArray())!["highlights"]!;

        Assert.Equal("Cable from &lt;<mark>Molotov</mark>&gt; on the tractor shipment", bracketed["title"]!.GetValue<string>());
        Assert.Contains("Comrade &lt;<mark>Molotov</mark>&gt; said", bracketed["text"]!.GetValue<string>());
        Assert.Contains("said <mark>Kovács</mark> would", typedAsWritten["text"]!.GetValue<string>());
        Assert.Contains("the &lt;<mark>illegible</mark>&gt; <mark>tractors</mark>", typing["text"]!.GetValue<string>());
        Assert.Contains("<mark>Ежов</mark> agreed", russian["text"]!.GetValue<string>());
        Assert.DoesNotContain("<mark>", folded["text"]!.GetValue<string>());
        Assert.Equal(cable.Id, Assert.Single((await Service.Search(Words("Kovacs"))).Hits()));
    }

    /// <summary>
    /// Found from outside: a summary's right-to-left override left open reached the hits as it was, and would turn how
    /// the rest of the page is shown. A full text keeps its controls as the document has them; its passage is closed.
    /// </summary>
    [Fact]
    public async Task a_passage_whose_text_leaves_an_override_open_is_closed_in_the_hits()
    {
        await (await Describing.Accession(Api, "Cable on the tractor shipment"))
            .FullText("Comrade Molotov said \u202Ethe tractors would come.", "en", "original");

        var text = Assert.Single((await Service.Search(Words("tractors")))["items"]!.AsArray())!["highlights"]!["text"]!.GetValue<string>();

        Assert.Contains("\u202Ethe <mark>tractors</mark>", text);
        Assert.EndsWith("\u202C", text);
        Assert.Single(text, '\u202C');
    }

    [Fact]
    public async Task an_english_word_finds_its_other_forms()
    {
        await ARussianMinute();
        var report = await AHungarianReport();

        Assert.Equal([report], (await Service.Search(Words("negotiations"))).Hits());
        Assert.Equal([report], (await Service.Search(Words("agreements"))).Hits());
    }

    [Fact]
    public async Task accents_and_yo_need_not_be_typed_and_may_be()
    {
        var minute = await ARussianMinute();
        var report = await AHungarianReport();

        Assert.Equal([report], (await Service.Search(Words("Kovacs"))).Hits());
        Assert.Equal([report], (await Service.Search(Words("kovács istvan"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("ежов"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("Ежев"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("ЕЖЁВ"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("елкин"))).Hits());
    }

    [Fact]
    public async Task quoted_words_are_found_together_and_in_that_order()
    {
        var seed = await TheSeed();
        var report = await AHungarianReport();

        Assert.Equal([seed], (await Service.Search(Words("\"Zhou Enlai\""))).Hits());
        Assert.Equal([seed], (await Service.Search(Words("\"Sino-Soviet Treaty\""))).Hits());
        Assert.Equal([report], (await Service.Search(Words("\"trade agreement\""))).Hits());
        Assert.Empty((await Service.Search(Words("\"agreement trade\""))).Hits());
    }

    [Fact]
    public async Task or_widens_a_search_and_a_minus_excludes_a_word()
    {
        var seed = await TheSeed();
        var report = await AHungarianReport();

        Assert.Equal(new[] { seed, report }.Order(), (await Service.Search(Words("Roshchin or Kovacs"))).Hits().Order());
        Assert.Equal(new[] { seed, report }.Order(), (await Service.Search(Words("Roshchin or Kovac"))).Hits().Order());
        Assert.Equal([report], (await Service.Search(Words("legation -Roshchin"))).Hits());
        Assert.Empty((await Service.Search(Words("Roshchin -Stalin"))).Hits());
    }

    [Fact]
    public async Task the_last_word_typed_is_found_by_its_beginning()
    {
        var seed = await TheSeed();
        var minute = await ARussianMinute();

        Assert.Equal([seed], (await Service.Search(Words("Zhou Enl"))).Hits());
        Assert.Equal([seed], (await Service.Search(Words("Roshch"))).Hits());
        Assert.Equal([minute], (await Service.Search(Words("совещ"))).Hits());
        // A word followed by a space, or in quotes, is finished: it is found as it is.
        Assert.Empty((await Service.Search(Words("Roshch "))).Hits());
        Assert.Empty((await Service.Search(Words("\"Roshch\""))).Hits());
    }

    /// <summary>
    /// Found from outside: the last word typed, unfinished, was found by the beginning of its stem, which is shorter
    /// than what was typed and begins other words — «Кие» (stemmed «ки») found «Ким» and «китайском», «иии» (stemmed «и»)
    /// every word beginning with «и». It is found as a word, as the others are, or by its beginning as typed.
    /// </summary>
    [Fact]
    public async Task the_last_word_typed_is_found_by_what_was_typed_not_by_the_beginning_of_its_stem()
    {
        var kiev = (await Describing.Accession(Api, "Поездка в Киев")).Id;
        var ofKiev = (await Describing.Accession(Api, "Обзор киевской печати")).Id;
        await Describing.Accession(Api, "Беседа с Ким Ир Сеном");
        await Describing.Accession(Api, "Записка о китайском займе");
        await Describing.Accession(Api, "Итоги июльского совещания");

        Assert.Equal(new[] { kiev, ofKiev }.Order(), (await Service.Search(Words("Кие"))).Hits().Order());
        Assert.Equal(new[] { kiev, ofKiev }.Order(), (await Service.Search(Words("киев"))).Hits().Order());
        Assert.Empty((await Service.Search(Words("иии"))).Hits());
    }

    /// <summary>
    /// Found from outside: a word the index leaves out ("the", "with", «в»), typed last on the way to more, was looked
    /// for by its beginning among the stems, which hold no such words: "stalin the" found nothing where "stalin" found
    /// 3,504 records. After other words it asks for nothing more, as it does typed whole.
    /// </summary>
    [Fact]
    public async Task a_left_out_word_typed_last_asks_for_nothing_more()
    {
        var withStalin = (await Describing.Accession(Api, "Conversation with Stalin")).Id;
        var onTheTreaty = (await Describing.Accession(Api, "Conversation on the treaty")).Id;
        var kiev = (await Describing.Accession(Api, "Поездка в Киев")).Id;

        Assert.Equal([withStalin], (await Service.Search(Words("stalin the"))).Hits());
        Assert.Equal(new[] { withStalin, onTheTreaty }.Order(), (await Service.Search(Words("conversation with"))).Hits().Order());
        Assert.Equal(new[] { withStalin, onTheTreaty }.Order(), (await Service.Search(Words("conversation with "))).Hits().Order());
        Assert.Equal([kiev], (await Service.Search(Words("поездка в"))).Hits());
        // Its beginning is still looked for where it is all there is, and a word that is not left out still narrows.
        Assert.Equal([onTheTreaty], (await Service.Search(Words("conversation trea"))).Hits());
    }

    /// <summary>
    /// Found from outside: with <c>or</c> earlier in the words, the unfinished last word was joined to all that came
    /// before it, so "berlin or korea china" was read as (berlin or korea) and china, and lost every record about Berlin
    /// alone — while "berlin or korea china " (a space after it) found them. As <c>websearch_to_tsquery</c> reads it, the
    /// last word joins only the words after the last <c>or</c>.
    /// </summary>
    [Fact]
    public async Task an_unfinished_last_word_after_or_joins_only_the_words_after_it()
    {
        var berlin = (await Describing.Accession(Api, "Memorandum on the situation in Berlin")).Id;
        var koreaAndChina = (await Describing.Accession(Api, "Talks on Korea with China")).Id;
        await Describing.Accession(Api, "Note on Korea");
        await Describing.Accession(Api, "Trade with China");
        Guid[] either = [.. new[] { berlin, koreaAndChina }.Order()];

        Assert.Equal(either, (await Service.Search(Words("berlin or korea china "))).Hits().Order());
        Assert.Equal(either, (await Service.Search(Words("berlin or korea china"))).Hits().Order());
        Assert.Equal(either, (await Service.Search(Words("berlin or korea chin"))).Hits().Order());
        Assert.Equal(either, (await Service.Search(Words("korea china or berl"))).Hits().Order());
    }

    [Fact]
    public async Task a_word_in_the_title_ranks_above_the_same_word_in_a_full_text()
    {
        var inTheText = (await (await Describing.Accession(Api, "Report on trade")).FullText("The delegation visited the Kremlin on Tuesday.")).Id;
        var inTheSummary = (await (await Describing.Accession(Api, "Minutes of a meeting")).Summary("A meeting held in the Kremlin.")).Id;
        var inTheTitle = (await Describing.Accession(Api, "Reception in the Kremlin")).Id;

        var found = await Service.Search(Words("kremlin"));

        Assert.Equal([inTheTitle, inTheSummary, inTheText], found.Hits());
        Assert.Equal("relevance", found["sort"]!.GetValue<string>());
    }

    [Fact]
    public async Task each_hit_shows_where_the_words_matched_on_its_page_only()
    {
        var seed = await TheSeed();

        var found = await Service.Search(Words("Stalin birthday"));

        var hit = Assert.Single(found["items"]!.AsArray())!;
        Assert.Equal(seed, hit["id"]!.GetValue<Guid>());
        Assert.Contains("<mark>Stalin</mark>", hit["highlights"]!["text"]!.GetValue<string>());
        Assert.Contains("<mark>birthday</mark>", hit["highlights"]!["text"]!.GetValue<string>());
        Assert.Equal("AVPRF", hit["repositories"]![0]!.GetValue<string>());
        Assert.Equal("1949-11-10", hit["date"]!["edtf"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("zhou:* & !enlai")]
    [InlineData("'; drop table catalogue.mt_events; --")]
    [InlineData("the")]
    [InlineData("Zhou <-> Enlai")]
    [InlineData("Kovács:*A")]
    public async Task query_syntax_in_the_words_is_read_as_words(string q)
    {
        await TheSeed();

        var reply = await Api.Get("/api/search?" + Words(q));

        reply.ShouldBe(HttpStatusCode.OK);
    }
}

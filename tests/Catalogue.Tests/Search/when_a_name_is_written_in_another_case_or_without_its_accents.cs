using System.Net;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>
/// The people authority matches names folded — letter case, diacritics, punctuation and spacing aside — and counts a
/// person's records so. Found from outside: the authority said 261 records for a person where <c>person=</c> found 260,
/// since search matched the spelling exactly, and so did <c>translator=</c>, <c>funder=</c> and <c>subject=</c>. Each now
/// matches a name folded as the authority does, and its facet counts the spellings of one name as one value, so what a
/// facet says is what choosing it finds, and the person filter finds what the authority counts.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_name_is_written_in_another_case_or_without_its_accents(CatalogueService service) : CatalogueScenario(service)
{
    private sealed record Spellings(Guid Report, Guid Minutes, Guid Telegram, Guid Draft);

    /// <summary>Three published records and a draft that write one man, one translator, one funder and one subject four ways.</summary>
    private async Task<Spellings> FourSpellings()
    {
        var report = await Describing.Accession(Api, "Hungarian report on the armistice talks");
        await report.Participants("Kovács István");
        await report.Translation("en", "Translated by David Wolff", "David Wolff");
        await report.Funding("Leon Levy Foundation", "Made possible with support from the Leon Levy Foundation");
        await report.Subjects("Korean War");
        await Publish(report);

        var minutes = await Describing.Accession(Api, "Minutes of the Politburo");
        await minutes.Creators("KOVACS ISTVAN");
        await minutes.Translation("en", "Translated by DAVID WOLFF", "DAVID WOLFF");
        await minutes.Funding("Leon Lévy foundation", "Support from the Leon Levy Foundation");
        await minutes.Subjects("korean war");
        await Publish(minutes);

        // Named only as who obtained the copy: the authority counts him for the record, and so does search.
        var telegram = await Describing.Accession(Api, "Telegram to Budapest");
        await telegram.With("acquisition-credits", v => new { version = v, role = "obtained", people = new[] { "Kovacs, Istvan" }, credit = "Obtained by Istvan Kovacs" });
        await telegram.Subjects("KOREAN WAR");
        await Publish(telegram);

        var draft = await Describing.Accession(Api, "Draft note on the Hungarian delegation");
        await draft.Participants("kovács istván");
        await draft.Translation("en", "Translated by David  Wolff", "David  Wolff");
        await draft.Subjects("Korean war");

        return new Spellings(report.Id, minutes.Id, telegram.Id, draft.Id);
    }

    private static async Task Publish(Describing record)
    {
        await record.Provenance("MNL OL", "XIX-J-1-j", "Korea");
        await record.Publish();
    }

    [Theory]
    [InlineData("person", "Kovacs Istvan")]
    [InlineData("person", "KOVÁCS ISTVÁN")]
    [InlineData("person", "kovács-istván")]
    public async Task the_person_filter_finds_what_the_people_authority_counts(string filter, string spelling)
    {
        var s = await FourSpellings();
        var person = await Service.ThePersonFor("kovacs istvan");
        var reader = Service.As("reader");
        var readersPerson = Assert.Single(await Service.PeopleFor("kovacs istvan", reader))!;

        var staffFound = await Service.Search($"{filter}={Uri.EscapeDataString(spelling)}");
        var readerFound = await Service.Search($"{filter}={Uri.EscapeDataString(spelling)}", reader);

        Assert.Equal(new HashSet<Guid> { s.Report, s.Minutes, s.Telegram, s.Draft }, staffFound.Hits().ToHashSet());
        Assert.Equal(person.Records(), staffFound.Total());
        Assert.Equal(new HashSet<Guid> { s.Report, s.Minutes, s.Telegram }, readerFound.Hits().ToHashSet());
        Assert.Equal(readersPerson.Records(), readerFound.Total());
        // One value in the facet, counted as choosing it finds, and shown as the records found most often write it.
        var facet = Assert.Single(readerFound.Facet("person"), v => v.Key.StartsWith("K", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(readerFound.Total(), facet.Value);
    }

    [Theory]
    [InlineData("translator", "david wolff", 3)]
    [InlineData("funder", "LEON LEVY FOUNDATION", 2)]
    [InlineData("subject", "Korean  War", 4)]
    public async Task each_name_filter_finds_every_spelling_and_its_facet_counts_them_as_one(string filter, string spelling, int records)
    {
        await FourSpellings();

        var found = await Service.Search($"{filter}={Uri.EscapeDataString(spelling)}");

        Assert.Equal(records, found.Total());
        Assert.Equal(records, Assert.Single(found.Facet(filter)).Value);
    }

    /// <summary>What each facet says, choosing it finds: every value of every name facet, for staff and for a reader.</summary>
    [Fact]
    public async Task every_value_of_a_name_facet_finds_as_many_records_as_it_counts()
    {
        await FourSpellings();

        foreach (var client in new[] { Api, Service.As("reader") })
        {
            var everything = await Service.Search("", client);
            foreach (var facet in new[] { "person", "translator", "funder", "subject" })
            {
                foreach (var (value, count) in everything.Facet(facet))
                {
                    var chosen = await Service.Search($"{facet}={Uri.EscapeDataString(value)}", client);
                    Assert.True(count == chosen.Total(), $"{facet}={value}: the facet said {count}, choosing it found {chosen.Total()}");
                    Assert.Equal(count, chosen.Facet(facet)[value]);
                }
            }
        }
    }

    [Fact]
    public async Task the_facet_shows_a_name_as_most_of_the_records_found_write_it()
    {
        var s = await FourSpellings();

        var found = await Service.Search("subject=korean%20war");
        var readerFound = await Service.Search("subject=korean%20war", Service.As("reader"));
        var sent = await Service.Search("subject=KOREAN%20war&q=politburo");

        // Four spellings, one each: not the one all in capitals, then the first in their order of letters; a reader, who
        // does not see the draft, is shown a spelling a published record writes.
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 4 }, found.Facet("subject"));
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 3 }, readerFound.Facet("subject"));
        Assert.Equal([s.Minutes], sent.Hits());
        Assert.Equal(new Dictionary<string, long> { ["korean war"] = 1 }, sent.Facet("subject"));
    }

    [Fact]
    public async Task a_name_chosen_that_no_record_found_has_is_shown_as_sent_with_none()
    {
        await FourSpellings();

        var found = await Service.Search("person=Imre%20Nagy");

        Assert.Equal(0, found.Total());
        Assert.Equal(0, found.Facet("person")["Imre Nagy"]);
    }

    [Theory]
    [InlineData("person=--")]
    [InlineData("translator=%E2%80%94")]
    [InlineData("subject=...")]
    public async Task a_name_of_no_letter_or_digit_is_refused_naming_the_filter(string query)
    {
        var reply = (await Api.Get($"/api/search?{query}")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal([query.Split('=')[0]], reply.ErrorFields);
    }

    [Fact]
    public async Task each_spelling_pages_through_the_same_records()
    {
        var s = await FourSpellings();

        var pages = await Service.EveryPage("person=KOVACS%20istvan&pageSize=1");

        Assert.Equal(new HashSet<Guid> { s.Report, s.Minutes, s.Telegram, s.Draft }, pages.ToHashSet());
        Assert.Equal(4, pages.Count);
    }

    /// <summary>
    /// A letter whose other case is two letters or another letter: a typed telegram writes Strauß "STRAUSS", and the Greek
    /// final ς is σ in capitals. Found from outside: "Johann Strauß" and "JOHANN STRAUSS" were two people.
    /// </summary>
    [Fact]
    public async Task a_name_in_capitals_is_the_same_name_where_its_lower_case_letter_is_two_or_another()
    {
        var letter = await Describing.Accession(Api, "Letter from Vienna");
        await letter.Translation("de", "Übersetzt von Johann Strauß", "Johann Strauß");
        await letter.Participants("Οδυσσέας Ελύτης");
        var telegram = await Describing.Accession(Api, "Telegram to Vienna");
        await telegram.Translation("de", "TRANSLATED BY JOHANN STRAUSS", "JOHANN STRAUSS");
        await telegram.Participants("ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ");

        var translator = await Service.Search("translator=" + Uri.EscapeDataString("johann strauss"));
        var person = await Service.Search("person=" + Uri.EscapeDataString("Οδυσσέας Ελύτης"));

        Assert.Equal(new HashSet<Guid> { letter.Id, telegram.Id }, translator.Hits().ToHashSet());
        Assert.Equal(2, Assert.Single(translator.Facet("translator")).Value);
        Assert.Equal(new HashSet<Guid> { letter.Id, telegram.Id }, person.Hits().ToHashSet());
        Assert.Equal(2, (await Service.ThePersonFor("ελυτης")).Records());
        Assert.Equal(2, (await Service.ThePersonFor("STRAUSS")).Records());
        // The words typed find them as the filter does: "ΕΛΥΤΗΣ" in capitals ends in σ, «Ελύτης» in ς.
        foreach (var typed in new[] { "ΟΔΥΣΣΕΑΣ ΕΛΥΤΗΣ", "Οδυσσέας Ελύτης", "johann strauss", "Strauß" })
            Assert.Equal(new HashSet<Guid> { letter.Id, telegram.Id }, (await Service.Search(Searching.Words(typed))).Hits().ToHashSet());
    }
}

using System.Net;
using System.Text;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Search;

/// <summary>
/// Archivists who learnt their trade on MARC write ISO 639-2 codes ("rus", "ger"), others ISO 639-1 ("ru"), and
/// spreadsheets capitals ("RU"). Found from outside: each was recorded as given, so the language facet counted "ru"
/// and "rus" as two languages, a search for one missed the other's records, and "RU" was refused. A language is now
/// recorded, filtered and read by one code: ISO 639-1 where it has one.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_language_is_given_by_another_of_its_codes(CatalogueService service) : CatalogueScenario(service)
{
    [Theory]
    [InlineData("ru", "ru")]
    [InlineData("RU", "ru")]
    [InlineData("rus", "ru")]
    [InlineData("Rus", "ru")]
    [InlineData("ger", "de")]
    [InlineData("deu", "de")]
    [InlineData("chi", "zh")]
    [InlineData("zho", "zh")]
    [InlineData("fre", "fr")]
    [InlineData("fra", "fr")]
    [InlineData("hun", "hu")]
    [InlineData("rum", "ro")]
    [InlineData("ron", "ro")]
    [InlineData("cmn", "cmn")]
    [InlineData("und", "und")]
    [InlineData("mul", "mul")]
    public void a_language_is_recorded_by_its_two_letter_code_where_it_has_one(string given, string recorded) =>
        Assert.Equal(recorded, LanguageCodes.Canonical(given));

    [Fact]
    public async Task records_coded_rus_ru_and_RU_are_one_language_to_search_facets_and_texts()
    {
        var typed = (await Api.AccessionTheSeed("LANG-1")).Id;
        (await Api.Post($"/api/records/{typed}/original-languages", new { version = 1, languages = new[] { new { code = "RUS", name = "Russian" } } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{typed}/full-texts", new { version = 2, language = "rus", kind = "original", text = "Из дневника Н.В. Рощина." })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{typed}/translations", new { version = 3, language = "ENG", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" })).ShouldBe(HttpStatusCode.OK);
        var line = """{"title":"Ciphered telegram, Roshchin to Filippov","originalLanguages":[{"code":"rus","name":"Russian"}],"fullTexts":[{"language":"rus","kind":"original","text":"Шифртелеграмма."}]}""";
        (await Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK);
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("title,languages,full_text,full_text_language\nReport of the Embassy in Pyongyang,ger,,\nNote of a conversation,ru,Запись беседы.,RUS\n"));
        csv.Headers.TryAddWithoutValidation("Content-Type", "text/csv");
        (await Api.PostContent("/api/imports/csv", csv)).ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{typed}")).Json;
        Assert.Equal("ru", record["originalLanguages"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("en", record["translations"]![0]!["language"]!.GetValue<string>());
        Assert.Equal($"/api/records/{typed}/full-texts/ru/original", record["fullTexts"]![0]!["href"]!.GetValue<string>());
        Assert.Equal("Из дневника Н.В. Рощина.", (await Api.Get($"/api/records/{typed}/full-texts/RUS/original")).ShouldBe(HttpStatusCode.OK).Text);

        var russian = await Service.Search("language=rus");
        Assert.Equal(3, russian.Total());
        var everything = await Service.Search("language=ru&language=de");
        Assert.Equal(new Dictionary<string, long> { ["ru"] = 3, ["de"] = 1 }, everything.Facet("language"));
        // A text in "RUS" of a record whose original is "ru" is its original.
        var note = (await Service.ListedRecords()).Single(r => r["title"]!.GetValue<string>() == "Note of a conversation")["id"]!.GetValue<Guid>();
        Assert.Equal("Запись беседы.", (await Api.Get($"/api/records/{note}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);

        (await Api.Post($"/api/records/{typed}/full-texts/removal", new { version = 4, language = "RU", kind = "original", reason = "Attached to the wrong record" })).ShouldBe(HttpStatusCode.OK);
        Assert.Empty((await Api.Get($"/api/records/{typed}")).Json["fullTexts"]!.AsArray());
    }

    [Fact]
    public async Task a_line_giving_one_text_under_both_codes_of_its_language_is_refused_rather_than_one_replacing_the_other()
    {
        var line = """{"title":"Telegram given twice","fullTexts":[{"language":"rus","kind":"original","text":"Первый."},{"language":"ru","kind":"original","text":"Второй."}]}""";

        var reply = (await Api.PostRaw("/api/imports/jsonl", line, "application/x-ndjson")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal((0L, 1L), (reply["created"]!.GetValue<long>(), reply["rejected"]!.GetValue<long>()));
        var problem = Assert.Single(reply["problems"]!.AsArray())!;
        Assert.Equal("fullTexts", problem["field"]!.GetValue<string>());
        Assert.Contains("names one twice", problem["message"]!.GetValue<string>());
    }

    /// <summary>
    /// Events stored before codes were made one per language say "rus" where later ones say "ru": the read models fold
    /// them as one language, the history keeps what was given, and a text kept under the older code is read and
    /// removed by either.
    /// </summary>
    [Fact]
    public async Task a_record_whose_events_say_rus_from_before_is_one_language_with_the_records_that_say_ru()
    {
        var store = Service.Host.Services.GetRequiredService<IDocumentStore>();
        var older = (await Api.AccessionTheSeed("LANG-OLD")).Id;
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = "archivist";
            session.Events.Append(older, 4,
                new OriginalLanguagesRecorded([new Language("rus", "Russian")]),
                new TranslationCredited(3, "eng", ["David Wolff"], "Translated by David Wolff"),
                new FullTextAttached("Из дневника Н.В. Рощина.", "rus", "original"));
            await session.SaveChangesAsync();
        }

        // Where the older version kept the text, and where it stays until the read models are rebuilt.
        await using (var session = store.LightweightSession())
        {
            session.Delete<RecordFullText>(RecordFullText.IdFor(older, "ru", "original"));
            session.Store(new RecordFullText { Id = RecordFullText.IdFor(older, "rus", "original"), RecordId = older, Language = "rus", Kind = "original", Text = "Из дневника Н.В. Рощина.", Version = 4 });
            await session.SaveChangesAsync();
        }

        Assert.Equal("Из дневника Н.В. Рощина.", (await Api.Get($"/api/records/{older}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);
        (await Api.Post($"/api/records/{older}/full-texts/removal", new { version = 4, language = "ru", kind = "original", reason = "Attached to the wrong record" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Get($"/api/records/{older}/full-texts/rus/original")).ShouldBe(HttpStatusCode.NotFound);

        var newer = (await Api.AccessionTheSeed("LANG-NEW")).Id;
        (await Api.Post($"/api/records/{newer}/original-languages", new { version = 1, languages = new[] { new { code = "ru", name = "Russian" } } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);

        var record = (await Api.Get($"/api/records/{older}")).Json;
        Assert.Equal("ru", record["originalLanguages"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("en", record["translations"]![0]!["language"]!.GetValue<string>());
        Assert.Empty(record["fullTexts"]!.AsArray());
        Assert.Equal(new Dictionary<string, long> { ["ru"] = 2 }, (await Service.Search("language=ru")).Facet("language"));
        var stored = (await Api.Get($"/api/records/{older}/history")).Json["events"]!.AsArray()[1]!;
        Assert.Equal("rus", stored["data"]!["languages"]![0]!["code"]!.GetValue<string>());
    }
}

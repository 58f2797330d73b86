using System.Net;
using System.Security.Cryptography;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// A record lists the texts it holds — language, kind, length, hash and where to read each — and the texts are read
/// on their own, exactly as attached. Reading a record never carries megabytes of text; reading a text gives it back
/// byte for byte.
/// </summary>
public sealed class when_full_texts_are_read_apart_from_the_record(CatalogueService service) : CatalogueScenario(service)
{
    private const int Characters = 1_000_000;

    /// <summary>A million characters of Cyrillic, with a character outside the Basic Multilingual Plane at its end.</summary>
    private static readonly string LongRussianText = LongText();

    private static string LongText()
    {
        var text = new StringBuilder();
        while (text.Length < Characters) text.Append("Запись беседы посла СССР Н.В. Рощина с Чжоу Эньлаем. Совершенно секретно, экз. № 4. ");
        const string ending = "Конец записи 📜";
        // 📜 is one character (code point) in two UTF-16 units.
        return text.ToString(0, Characters - ending.Length + 1) + ending;
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private async Task<Guid> ARecordWith(string text, string language = "ru", string kind = "original")
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 1, text, language, kind })).ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task Publish(Guid id, long version)
    {
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(version))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = version + 1 })).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_million_character_russian_text_is_listed_by_its_digest_and_read_back_byte_for_byte()
    {
        Assert.Equal(Characters, LongRussianText.EnumerateRunes().Count());
        var id = await ARecordWith(LongRussianText);

        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);
        Assert.True(record.Text.Length < 16 * 1024, $"the record is {record.Text.Length:N0} characters long");
        var entry = Assert.Single(record.Json["fullTexts"]!.AsArray())!;
        Assert.Equal("ru", entry["language"]!.GetValue<string>());
        Assert.Equal("original", entry["kind"]!.GetValue<string>());
        Assert.Equal(Characters, entry["characters"]!.GetValue<int>());
        Assert.Equal(Encoding.UTF8.GetByteCount(LongRussianText), entry["bytes"]!.GetValue<int>());
        Assert.Equal(Sha256(LongRussianText), entry["sha256"]!.GetValue<string>());
        Assert.Equal($"/api/records/{id}/full-texts/ru/original", entry["href"]!.GetValue<string>());
        Assert.Null(entry["text"]);

        var text = (await Api.Get(entry["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("text/plain; charset=utf-8", text.ContentHeaders!.ContentType!.ToString());
        Assert.Equal(Encoding.UTF8.GetByteCount(LongRussianText), text.ContentHeaders.ContentLength);
        Assert.Equal(LongRussianText, text.Text);
        Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(LongRussianText)))}:", text.Headers.GetValues("Repr-Digest").Single());
    }

    [Fact]
    public async Task a_transcription_is_kept_with_its_indented_first_line_and_its_final_line_break()
    {
        const string transcription = "\n    Совершенно секретно\n\tЭкз. № 4\r\nЗапись беседы с Чжоу Эньлаем.\n\n";
        var id = await ARecordWith(transcription);

        var entry = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["fullTexts"]![0]!;
        Assert.Equal(Sha256(transcription), entry["sha256"]!.GetValue<string>());
        Assert.Equal(transcription, (await Api.Get(entry["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text);
        Assert.Equal(transcription, (await Api.Get($"/api/records/{id}/history/2/full-text")).ShouldBe(HttpStatusCode.OK).Text);
    }

    [Fact]
    public async Task the_list_of_texts_names_each_one_and_where_to_read_it()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = "From the Diary of N.V. Roshchin", language = "en", kind = "translation" }))
            .ShouldBe(HttpStatusCode.OK);

        var list = (await Api.Get($"/api/records/{id}/full-texts")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("\"3\"", list.ETag);
        Assert.Equal(3, list.Version);
        var texts = list.Json["fullTexts"]!.AsArray();
        Assert.Equal(["ru/original", "en/translation"], texts.Select(t => $"{t!["language"]}/{t["kind"]}"));
        Assert.Equal([2L, 3L], texts.Select(t => t!["version"]!.GetValue<long>()));
        Assert.Equal("From the Diary of N.V. Roshchin", (await Api.Get(texts[1]!["href"]!.GetValue<string>())).ShouldBe(HttpStatusCode.OK).Text);
    }

    [Fact]
    public async Task a_corrected_text_is_served_as_corrected_and_an_unchanged_copy_is_not_sent_again()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = "Из дневника Н. В. Рощина", language = "ru", kind = "original", reason = "Spacing as in the scan" }))
            .ShouldBe(HttpStatusCode.OK);

        var text = (await Api.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("Из дневника Н. В. Рощина", text.Text);
        Assert.Equal($"\"{Sha256("Из дневника Н. В. Рощина")}\"", text.ETag);
        (await Api.Get($"/api/records/{id}/full-texts/ru/original", ("If-None-Match", text.ETag!))).ShouldBe(HttpStatusCode.NotModified);
        Assert.Equal(3, Assert.Single((await Api.Get($"/api/records/{id}")).Json["fullTexts"]!.AsArray())!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task a_removed_text_is_no_longer_served_but_stays_in_the_history()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        (await Api.Post($"/api/records/{id}/full-texts/removal", new { version = 2, language = "ru", kind = "original", reason = "The text of another document" }))
            .ShouldBe(HttpStatusCode.OK);

        var gone = (await Api.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("No such full text", gone.Json["title"]!.GetValue<string>());
        Assert.Empty((await Api.Get($"/api/records/{id}/full-texts")).Json["fullTexts"]!.AsArray());
        Assert.Equal("Из дневника Н.В. Рощина", (await Api.Get($"/api/records/{id}/history/2/full-text")).ShouldBe(HttpStatusCode.OK).Text);
        (await Api.Get($"/api/records/{Guid.NewGuid()}/full-texts/ru/original")).ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task a_kind_is_read_in_any_case_and_a_word_that_is_no_kind_is_told_so()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");

        var inCapitals = (await Api.Get($"/api/records/{id}/full-texts/RU/Original")).ShouldBe(HttpStatusCode.OK);
        var noKind = (await Api.Get($"/api/records/{id}/full-texts/ru/originals")).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("Из дневника Н.В. Рощина", inCapitals.Text);
        Assert.StartsWith("'originals' is not a kind of text: the kinds are original and translation.", noKind.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task readers_read_the_texts_of_published_records_only()
    {
        var id = await ARecordWith("Из дневника Н.В. Рощина");
        var reader = Service.As("reader");

        (await reader.Get($"/api/records/{id}/full-texts")).ShouldBe(HttpStatusCode.NotFound);
        var hidden = (await reader.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.NotFound);
        Assert.Equal("Record not found", hidden.Json["title"]!.GetValue<string>());

        await Publish(id, 2);

        Assert.Single((await reader.Get($"/api/records/{id}/full-texts")).ShouldBe(HttpStatusCode.OK).Json["fullTexts"]!.AsArray());
        Assert.Equal("Из дневника Н.В. Рощина", (await reader.Get($"/api/records/{id}/full-texts/ru/original")).ShouldBe(HttpStatusCode.OK).Text);
    }
}

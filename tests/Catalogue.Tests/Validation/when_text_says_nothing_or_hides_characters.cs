using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// Text a hostile client sends to look filled in while saying nothing (a reason of one zero-width space, a title of
/// bidi controls), or to smuggle characters no catalogue text holds (NUL, U+FFFF, U+FEFF, a lone surrogate), or a URL
/// that displays as another. Each is refused with the field named and nothing appended; the format characters real
/// scripts need are kept.
/// </summary>
public sealed class when_text_says_nothing_or_hides_characters(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<long> RecordCount() => await Service.ListedRecordCount();

    private static object Accession(string title, string? sourceUrl = null) => new { title, sourceUrl };

    /// <summary>A JSON string with every character outside printable ASCII escaped, so a lone surrogate reaches the server as the client wrote it.</summary>
    private static string JsonString(string value) =>
        "\"" + string.Concat(value.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}")) + "\"";

    public static TheoryData<string> TitlesThatSayNothing => new()
    {
        "\u200b",
        "\u202e\u200b",
        "\u200e\u200f\u2066\u2069",
        "\u00ad\u2060",
        " \u3000\u00a0",
        "\u0301\u0301",
    };

    [Theory, MemberData(nameof(TitlesThatSayNothing))]
    public async Task a_title_of_only_invisible_characters_is_refused(string title)
    {
        var reply = (await Api.Post("/api/records", Accession(title))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(["title"], reply.ErrorFields);
        Assert.Equal(0, await RecordCount());
    }

    /// <summary>Found from outside: an empty or blank required text was told it is required and, again, that it says nothing.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task a_blank_title_is_told_once_that_it_is_required(string title)
    {
        var reply = (await Api.Post("/api/records", Accession(title))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["'title' is required."], reply.Json["errors"]!["title"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal(0, await RecordCount());
    }

    /// <summary>Found from outside: <c>keys create ""</c> printed three messages for the one empty name.</summary>
    [Fact]
    public async Task a_key_without_a_name_is_told_once_that_it_needs_one()
    {
        var reply = (await Api.Post("/api/keys", new { name = "", role = "reader" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["'name' is required."], reply.Json["errors"]!["name"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    public static TheoryData<string, string> HiddenCharacters => new()
    {
        { "Telegram\u0000from Moscow", "U+0000" },
        { "Telegram\u0007from Moscow", "U+0007" },
        { "Telegram\u0085from Moscow", "U+0085" },
        { "Telegram\ufefffrom Moscow", "U+FEFF" },
        { "Telegram\uffff", "U+FFFF" },
        { "Telegram\ufffe", "U+FFFE" },
        { "Telegram\ufdd0", "U+FDD0" },
        { "Telegram\U0001FFFF", "U+1FFFF" },
        { "Telegram\U0010FFFE", "U+10FFFE" },
        { "Telegram\u2028from Moscow", "U+2028 (a line separator)" },
        { "Telegram\u2029from Moscow", "U+2029 (a paragraph separator)" },
        // Found from outside: an override left open turns how the text after the title is shown, in a list or a row.
        { "Telegram\u202Efrom Moscow", "U+202E (a right-to-left override left open" },
        { "Telegram \u2067\u0645\u0646", "U+2067 (a right-to-left isolate left open" },
        { "\u202B\u05E9\u05DC\u05D5\u05DD\u202C \u202Dabc", "U+202D (a left-to-right override left open" },
        { "\u2067\u202Babc\u2069\u202C\u202E", "U+202E (a right-to-left override left open" },
    };

    [Theory, MemberData(nameof(HiddenCharacters))]
    public async Task a_title_holding_a_character_no_text_holds_is_refused_naming_it(string title, string named)
    {
        var reply = (await Api.PostRaw("/api/records", $"{{\"title\":{JsonString(title)}}}", "application/json")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["title"], reply.ErrorFields);
        Assert.Contains(named, reply.Json["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal(0, await RecordCount());
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udc00")]
    [InlineData("\\udbff\\ud800")]
    public async Task a_title_holding_a_lone_surrogate_is_refused(string escaped)
    {
        // Written as JSON escapes: a lone surrogate does not survive as a C# string in test data or a serializer.
        // The JSON reader refuses it before any validator sees the title, so the body as a whole is named unreadable.
        var reply = (await Api.PostRaw("/api/records", $"{{\"title\":\"Telegram{escaped} from Moscow\"}}", "application/json")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal(0, await RecordCount());
    }

    [Fact]
    public void a_lone_surrogate_is_named_wherever_text_comes_from()
    {
        Assert.Equal("U+D800 (a lone surrogate)", Catalogue.Api.Validation.CatalogueRules.HiddenCharacterIn("Telegram\ud800 from Moscow", layout: true));
        Assert.Equal("U+DC00 (a lone surrogate)", Catalogue.Api.Validation.CatalogueRules.HiddenCharacterIn("\udc00\ud800", layout: true));
        Assert.Null(Catalogue.Api.Validation.CatalogueRules.HiddenCharacterIn("\ud840\udc00 \u0628\u200f\u200c\u200d", layout: false));
        Assert.Null(Catalogue.Api.Validation.CatalogueRules.HiddenCharacterIn("A summary.\u2029A second paragraph.", layout: true));
    }

    /// <summary>
    /// Found from outside: a summary or a reason was not looked at, having line breaks, and a summary's override left
    /// open reached the search hits. Each of their lines must close what it opens; a full text is the document's own.
    /// </summary>
    [Fact]
    public async Task a_summary_or_reason_leaving_an_override_open_in_a_line_is_refused_and_a_full_text_kept_as_written()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var summary = (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary = "Summary \u202Eleft open" })).ShouldBe(HttpStatusCode.BadRequest);
        var secondLine = (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary = "A first line\nthen \u2067left open\nand a third" })).ShouldBe(HttpStatusCode.BadRequest);
        var reason = (await Api.Post($"/api/records/{id}/title", new { version = 1, title = "Memorandum", reason = "why \u202Eopen" })).ShouldBe(HttpStatusCode.BadRequest);
        (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary = "\u202Bשלום\u202C\nA line \u202Eopen until\u202C its end" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 2, text = "A document \u202Eas written", language = "en", kind = "translation" })).ShouldBe(HttpStatusCode.OK);

        Assert.Contains("U+202E (a right-to-left override left open", summary.Json["errors"]!["summary"]![0]!.GetValue<string>());
        Assert.Contains("U+2067 (a right-to-left isolate left open at the end of line 2", secondLine.Json["errors"]!["summary"]![0]!.GetValue<string>());
        Assert.Equal(["reason"], reason.ErrorFields);
        Assert.Equal(3, await Api.EventCount(id));
    }

    /// <summary>A Hebrew or Arabic phrase set in an embedding or isolate that the value closes is text as written.</summary>
    [Theory]
    [InlineData("Letter on \u202B\u05E9\u05DC\u05D5\u05DD\u202C, 1949")]
    [InlineData("Telegram \u2067\u0645\u0646 \u202Eab\u202C\u2069 from Moscow")]
    [InlineData("Telegram \u2068\u202A\u202Bab\u2069 from Moscow")]
    public async Task a_title_closing_what_it_opens_is_taken_as_written(string title)
    {
        var id = (await Api.Post("/api/records", Accession(title))).ShouldBe(HttpStatusCode.Created).Id;

        Assert.Equal(title, (await Api.Get($"/api/records/{id}")).Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_withdrawal_whose_reason_is_a_zero_width_space_is_refused()
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/withdraw", new { version = 1, reason = "\u200b" })).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["reason"], reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    public static TheoryData<string, object, string> EveryKindOfField => new()
    {
        { "summary", new { version = 1, summary = "First line\n\u0000second line" }, "summary" },
        { "summary", new { version = 1, summary = "\u200b\n\t\u200b" }, "summary" },
        { "title", new { version = 1, title = "A new title", reason = "\u2063" }, "reason" },
        { "title", new { version = 1, title = "A new title", reason = "Checked\u0000" }, "reason" },
        { "subjects", new { version = 1, subjects = new[] { "Sino-Soviet relations", "\u200b" } }, "subjects[1]" },
        { "participants", new { version = 1, participants = new[] { new { name = "Zhou Enlai", role = "\u200b\u200b" } } }, "participants[0].role" },
        { "creators", new { version = 1, creators = new[] { new { name = "N.V. Roshchin\uffff", role = "author" } } }, "creators[0].name" },
        { "dates", new { version = 1, role = "created", asWritten = "\ufeff", edtf = "1949-12-01" }, "asWritten" },
        { "provenance", new { version = 1, repository = "AVPRF", fond = "0100\u0000" }, "fond" },
        { "provenance", new { version = 1, repository = "AVPRF", fond = "\u200b" }, "fond" },
        { "translations", new { version = 1, language = "en", translators = new[] { "David Wolff" }, credit = "\u202e\u202c" }, "credit" },
        { "funding-notes", new { version = 1, funder = "Leon Levy Foundation", note = "Support\u0007" }, "note" },
        { "full-texts", new { version = 1, text = "\ufeffFrom the Diary of N. V. ROSHCHIN", language = "en", kind = "translation" }, "text" },
        { "classification", new { version = 1, marks = "\u2066\u2069" }, "marks" },
    };

    [Theory, MemberData(nameof(EveryKindOfField))]
    public async Task every_command_refuses_such_text_naming_the_field(string path, object body, string field)
    {
        var id = (await Api.AccessionTheSeed()).Id;

        var reply = (await Api.Post($"/api/records/{id}/{path}", body)).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains(field, reply.ErrorFields);
        Assert.Equal(1, await Api.EventCount(id));
    }

    public static TheoryData<string, string> UrlsThatHide => new()
    {
        { "https://digitalarchive.wilsoncenter.org/document/117886\u0000", "U+0000" },
        { "https://digitalarchive.wilsoncenter.org/document/\u0007117886", "U+0007" },
        { "https://digitalarchive.wilsoncenter.org/document/\u202e688711", "U+202E" },
        { "https://digitalarchive.wilsoncenter.org/\u200edocument/117886", "U+200E" },
        { "https://digitalarchive.wilsoncenter.org/document/\u2066117886\u2069", "U+2066" },
        { "https://digitalarchive.wilsoncenter.org/document/117886\u200b", "U+200B" },
        { "https://digitalarchive.wilsoncenter.org/document/ 117886", "U+0020" },
        { " https://digitalarchive.wilsoncenter.org/document/117886", "U+0020" },
        { "https://digitalarchive.wilsoncenter.org/document/117886\u00a0", "U+00A0" },
        { "https://digitalarchive.wilsoncenter.org/document/117886\uffff", "U+FFFF" },
    };

    [Theory, MemberData(nameof(UrlsThatHide))]
    public async Task a_source_url_with_control_invisible_or_space_characters_is_refused(string url, string named)
    {
        var reply = (await Api.Post("/api/records", Accession("Telegram from Roshchin", url))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal(["sourceUrl"], reply.ErrorFields);
        Assert.Contains(named, reply.Json["errors"]!["sourceUrl"]![0]!.GetValue<string>());
        Assert.Equal(0, await RecordCount());
    }

    public static TheoryData<string> TitlesOfRealScripts => new()
    {
        // Arabic with a right-to-left mark after the Latin number, as Arabic typesetting writes it.
        "\u0628\u0631\u0642\u064a\u0629 \u0631\u0642\u0645 25553\u200f \u0645\u0646 \u0645\u0648\u0633\u0643\u0648",
        // Hebrew with an embedded left-to-right isolate around a Latin name.
        "\u05de\u05d1\u05e8\u05e7 \u05de\u05e9\u05d2\u05e8\u05d9\u05e8\u05d5\u05ea \u2066USSR\u2069",
        // Persian with zero-width non-joiners inside words.
        "\u06af\u0632\u0627\u0631\u0634 \u0645\u06cc\u200c\u0634\u0648\u062f",
        // Devanagari with a zero-width joiner.
        "\u0915\u094d\u200d\u0937 \u0930\u093f\u092a\u094b\u0930\u094d\u091f",
        // A composed Vietnamese title and CJK from beyond the Basic Multilingual Plane.
        "Bi\u00ean b\u1ea3n h\u1ed9i \u0111\u00e0m \U00020000",
    };

    [Theory, MemberData(nameof(TitlesOfRealScripts))]
    public async Task titles_in_scripts_that_need_format_characters_are_kept_as_written(string title)
    {
        var id = (await Api.Post("/api/records", Accession(title, "https://digitalarchive.wilsoncenter.org/document/117886"))).ShouldBe(HttpStatusCode.Created).Id;

        Assert.Equal(title, (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_summary_keeps_its_line_breaks_and_tabs()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        const string summary = "Conversation between Roshchin and Zhou Enlai.\r\n\tZhou speaks on behalf of Mao Zedong.";

        (await Api.Post($"/api/records/{id}/summary", new { version = 1, summary })).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(summary, (await Api.Get($"/api/records/{id}")).Json["summary"]!.GetValue<string>());
    }
}

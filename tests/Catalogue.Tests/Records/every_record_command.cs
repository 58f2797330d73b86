using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// Every command an archivist can send about a record, each tried the four ways a real client meets:
/// accepted, malformed, made against a stale version, and aimed at a record that does not exist (or cannot: the all-zero id).
/// </summary>
public sealed class every_record_command(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>
    /// A record with one provenance reference (no. 2), one translation (no. 3), one funding note (no. 4), the subject
    /// "Korean War" and a Russian original text; then whatever the command needs first (a reinstatement, a withdrawal).
    /// </summary>
    private async Task<(Guid Id, long Version)> APreparedRecord(string command)
    {
        var id = (await Api.AccessionTheSeed()).Id;
        (await Api.Post($"/api/records/{id}/provenance", Catalogue.Tests.Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/translations", new { version = 2, language = "en", translators = new[] { "David Wolff" }, credit = "Translated by David Wolff" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/funding-notes", new { version = 3, funder = "Leon Levy Foundation", note = "This document was made possible with support from Leon Levy Foundation" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/subjects", new { version = 4, subjects = new[] { "Korean War" } })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/full-texts", new { version = 5, text = "Из дневника Н.В. Рощина", language = "ru", kind = "original" })).ShouldBe(HttpStatusCode.OK);
        if (Cases[command].Before is not { } before) return (id, 6);

        (await Api.Post($"/api/records/{id}/{before.Path}", before.Body(6))).ShouldBe(HttpStatusCode.OK);
        return (id, 7);
    }

    public sealed record Step(string Path, Func<long?, object> Body);

    /// <param name="Before">What the record must have gone through for the command to make sense (a withdrawal before a reinstatement).</param>
    public sealed record Case(string Path, Func<long?, object> Valid, Func<long?, object> Invalid, string InvalidField, Step? Before = null);

    private static readonly Step Withdrawal = new("withdraw", v => new { version = v, reason = "Duplicate of another record" });

    /// <summary>Credits who obtained the copy; the credit is numbered 7, the version it makes.</summary>
    private static readonly Step AcquisitionCredit = new("acquisition-credits",
        v => new { version = v, role = "obtained", people = new[] { "A. N. Other" }, credit = "Obtained for CWIHP by A. N. Other" });

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["revise title"] = new("title",
            v => new { version = v, title = "Memorandum of Conversation with Zhou Enlai, 10 November 1949", reason = "Shorter title agreed by the editors" },
            v => new { version = v, title = "" }, "title"),
        ["revise the document type"] = new("document-type",
            v => new { version = v, documentType = "Record of Conversation", reason = "The Russian heading reads «Запись беседы»" },
            v => new { version = v, reason = "Forgot the type" }, "documentType"),
        ["revise the source url"] = new("source-url",
            v => new { version = v, sourceUrl = "https://digitalarchive.wilsoncenter.org/document/117886", reason = "The archive moved to its own domain" },
            v => new { version = v, sourceUrl = "https://archivist:secret@digitalarchive.wilsoncenter.org/document/117886", reason = "Signed-in address" }, "sourceUrl"),
        ["revise the external identifiers"] = new("external-ids",
            v => new { version = v, externalIds = new[] { new { scheme = "wilson-center", value = "117886" }, new { scheme = "cwihp-bulletin", value = "6-7/1995" } }, reason = "Also printed in the CWIHP Bulletin" },
            v => new { version = v, externalIds = new[] { new { scheme = "", value = "117886" } }, reason = "No scheme" }, "externalIds[0].scheme"),
        ["record the source citation"] = new("source-citation",
            v => new { version = v, citation = "\"From the Diary of N.V. Roshchin\", November 10, 1949, Wilson Center Digital Archive, AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85." },
            v => new { version = v, citation = "line one\u0007bell" }, "citation"),
        ["record a date"] = new("dates",
            v => new { version = v, role = "created", asWritten = "1 December 1949", edtf = "1949-12-01" },
            v => new { version = v, role = "created", asWritten = "1 December 1949", edtf = "1949-13-45" }, "edtf"),
        ["record classification"] = new("classification",
            v => new { version = v, marks = "Top Secret, Copy 4" },
            v => new { version = v, marks = "" }, "marks"),
        ["record creators"] = new("creators",
            v => new { version = v, creators = new[] { new { name = "N.V. Roshchin", role = "author" } } },
            v => new { version = v, creators = Array.Empty<object>() }, "creators"),
        ["record participants"] = new("participants",
            v => new { version = v, participants = new[] { new { name = "Zhou Enlai", role = "Prime Minister and Foreign Minister" } } },
            v => new { version = v, participants = new[] { new { name = "", role = "Ambassador" } } }, "participants[0].name"),
        ["revise summary"] = new("summary",
            v => new { version = v, summary = "Conversation between Soviet Ambassador Roshchin and Chinese Premier Zhou Enlai." },
            v => new { version = v, summary = "   " }, "summary"),
        ["record original languages"] = new("original-languages",
            v => new { version = v, languages = new[] { new { code = "ru", name = "Russian" } } },
            v => new { version = v, languages = new[] { new { code = "Russian", name = "Russian" } } }, "languages[0].code"),
        ["record provenance"] = new("provenance",
            v => new { version = v, citation = "RGASPI, f. 558, op. 11, d. 342, ll. 92-93" },
            v => new { version = v }, "citation"),
        ["correct provenance"] = new("provenance/2/corrections",
            v => new { version = v, reason = "Folios misread from the scan", repository = "AVPRF", fond = "0100", opis = "42", poryadok = "19", papka = "288", folios = "81-86", citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-86" },
            v => new { version = v, folios = "81-86" }, "reason"),
        ["credit a translation"] = new("translations",
            v => new { version = v, language = "zh", translators = new[] { "Chen Jian" }, credit = "Translated for CWIHP by Chen Jian" },
            v => new { version = v, language = "zh", translators = Array.Empty<string>(), credit = "Translated for CWIHP by Chen Jian" }, "translators"),
        ["correct a translation credit"] = new("translations/3/corrections",
            v => new { version = v, reason = "Credit line as printed", language = "en", translators = new[] { "David Wolff" }, credit = "Translated for CWIHP by David Wolff" },
            v => new { version = v, language = "en", translators = new[] { "David Wolff" }, credit = "Translated for CWIHP by David Wolff" }, "reason"),
        ["withdraw a translation"] = new("translations/3/withdrawal",
            v => new { version = v, reason = "Credited twice" },
            v => new { version = v, reason = "" }, "reason"),
        ["credit an acquisition"] = new("acquisition-credits",
            v => new { version = v, role = "contributed", people = new[] { "Sergey Radchenko" }, credit = "Contributed by Sergey Radchenko and translated by Gary Goldberg" },
            v => new { version = v, role = "found", people = new[] { "Sergey Radchenko" }, credit = "Found by Sergey Radchenko" }, "role"),
        ["withdraw an acquisition credit"] = new("acquisition-credits/7/withdrawal",
            v => new { version = v, reason = "Credited to the wrong person" },
            v => new { version = v, reason = "" }, "reason", AcquisitionCredit),
        ["add a funding note"] = new("funding-notes",
            v => new { version = v, funder = "Blavatnik Family Foundation", note = "This document was made possible with support from Blavatnik Family Foundation" },
            v => new { version = v, funder = "", note = "made possible" }, "funder"),
        ["remove a funding note"] = new("funding-notes/4/removal",
            v => new { version = v, reason = "Funder named in error" },
            v => new { version = v }, "reason"),
        ["tag subjects"] = new("subjects",
            v => new { version = v, subjects = new[] { "Sino-Soviet relations", "Mao Zedong's visit to Moscow" } },
            v => new { version = v, subjects = Array.Empty<string>() }, "subjects"),
        ["add places"] = new("places",
            v => new { version = v, places = new[] { "Beijing", "Moscow" } },
            v => new { version = v, places = new[] { "Beijing\u0000" } }, "places[0]"),
        ["attach full text"] = new("full-texts",
            v => new { version = v, text = "From the Diary of N. V. ROSHCHIN Top Secret, Copy 4", language = "en", kind = "translation" },
            v => new { version = v, text = "From the Diary", language = "en", kind = "summary" }, "kind"),
        ["publish"] = new("publish",
            v => new { version = v },
            v => new { version = -1 }, "version"),
        ["withdraw the record"] = new("withdraw",
            v => new { version = v, reason = "Duplicate of another record" },
            v => new { version = v }, "reason"),
        ["reinstate the record"] = new("reinstatement",
            v => new { version = v, reason = "Withdrawn in error: not a duplicate" },
            v => new { version = v, reason = " " }, "reason", Withdrawal),
        ["remove subjects"] = new("subjects/removal",
            v => new { version = v, subjects = new[] { "Korean War" }, reason = "The conversation is not about Korea" },
            v => new { version = v, subjects = Array.Empty<string>(), reason = "Nothing named" }, "subjects"),
        ["remove places"] = new("places/removal",
            v => new { version = v, places = new[] { "Beijing" }, reason = "The conversation took place in Moscow" },
            v => new { version = v, places = new[] { "Beijing" } }, "reason", new("places", v => new { version = v, places = new[] { "Beijing" } })),
        ["remove a full text"] = new("full-texts/removal",
            v => new { version = v, language = "ru", kind = "original", reason = "The text is of another document" },
            v => new { version = v, language = "ru", kind = "summary", reason = "Wrong kind" }, "kind"),
    };

    public static TheoryData<string> Commands => [.. Cases.Keys];

    /// <summary>The commands that would change a withdrawn record: all but withdrawing it again and reinstating it.</summary>
    public static TheoryData<string> Changes => [.. Cases.Keys.Where(c => Cases[c].Path is not ("withdraw" or "reinstatement"))];

    [Theory, MemberData(nameof(Commands))]
    public async Task is_accepted_and_appends_one_event(string command)
    {
        var (id, version) = await APreparedRecord(command);
        var reply = (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(version))).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(version + 1, reply.Version);
        Assert.Equal($"\"{version + 1}\"", reply.ETag);
        Assert.Equal(version + 1, await Api.CurrentVersion(id));
        Assert.Equal(version + 1, await Api.EventCount(id));
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task takes_the_expected_version_from_if_match(string command)
    {
        var (id, version) = await APreparedRecord(command);
        var reply = await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(null), ("If-Match", $"\"{version}\""));

        Assert.Equal(version + 1, reply.ShouldBe(HttpStatusCode.OK).Version);
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task with_bad_input_is_refused_field_by_field_and_appends_nothing(string command)
    {
        var (id, version) = await APreparedRecord(command);
        var reply = (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Invalid(version))).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Contains(Cases[command].InvalidField, reply.ErrorFields);
        Assert.Equal(version, await Api.CurrentVersion(id));
        Assert.Equal(version, await Api.EventCount(id));
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task made_against_a_stale_version_conflicts_and_appends_nothing(string command)
    {
        var (id, version) = await APreparedRecord(command);
        var reply = (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(version - 1))).ShouldBe(HttpStatusCode.Conflict);

        Assert.Equal(version, reply.Json["currentVersion"]!.GetValue<long>());
        Assert.Contains($"now at version {version}", reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(version, await Api.CurrentVersion(id));
        Assert.Equal(version, await Api.EventCount(id));
    }

    [Theory, MemberData(nameof(Changes))]
    public async Task on_a_withdrawn_record_is_refused_until_it_is_reinstated(string command)
    {
        var (id, version) = await APreparedRecord(command);
        (await Api.Post($"/api/records/{id}/withdraw", new { version, reason = "Duplicate of another record" })).ShouldBe(HttpStatusCode.OK);

        var refused = (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(version + 1))).ShouldBe(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("The record is withdrawn", refused.Json["title"]!.GetValue<string>());
        Assert.Contains($"POST /api/records/{id}/reinstatement", refused.Json["detail"]!.GetValue<string>());
        Assert.Equal(version + 1, await Api.EventCount(id));

        (await Api.Post($"/api/records/{id}/reinstatement", new { version = version + 1, reason = "Withdrawn in error" })).ShouldBe(HttpStatusCode.OK);
        var accepted = (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(version + 2))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(version + 3, accepted.Version);
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task on_an_unknown_record_is_not_found(string command)
    {
        var unknown = Guid.NewGuid();
        var reply = (await Api.Post($"/api/records/{unknown}/{Cases[command].Path}", Cases[command].Valid(1))).ShouldBe(HttpStatusCode.NotFound);

        Assert.Contains(unknown.ToString(), reply.Json["detail"]!.GetValue<string>());
        Assert.Equal(0, await Api.EventCount(unknown));
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task on_the_all_zero_id_is_not_found_and_appends_nothing(string command)
    {
        var (id, version) = await APreparedRecord(command);
        var reply = (await Api.Post($"/api/records/{Guid.Empty}/{Cases[command].Path}", Cases[command].Valid(1))).ShouldBe(HttpStatusCode.NotFound);

        Assert.Equal("application/problem+json", reply.ContentHeaders?.ContentType?.MediaType);
        Assert.Equal("Record not found", reply.Json["title"]!.GetValue<string>());
        Assert.Equal(version, await Api.EventCount(id));
        Assert.Equal(0, await Api.EventCount(Guid.Empty));
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task without_any_expected_version_is_refused(string command)
    {
        var (id, version) = await APreparedRecord(command);
        (await Api.Post($"/api/records/{id}/{Cases[command].Path}", Cases[command].Valid(null))).ShouldBe(HttpStatusCode.PreconditionRequired);
        Assert.Equal(version, await Api.EventCount(id));
    }
}

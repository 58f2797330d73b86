using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Records;

/// <summary>
/// Found from outside: a correction of a value the record already had, sent with <c>"reason": ""</c> or a reason of
/// spaces, was accepted and its event stored with no reason at all — where the same correction without a reason is
/// refused. A blank reason says nothing, and is refused as none.
/// </summary>
public sealed class when_a_correction_gives_a_blank_reason(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Each command that replaces what the record already has, and the body of such a replacement with a given reason.</summary>
    private static readonly Dictionary<string, Func<long, string, object>> Replacements = new()
    {
        ["title"] = (v, reason) => new { version = v, title = "Memorandum of Conversation with Zhou Enlai", reason },
        ["document-type"] = (v, reason) => new { version = v, documentType = "Record of Conversation", reason },
        ["source-url"] = (v, reason) => new { version = v, sourceUrl = "https://digitalarchive.wilsoncenter.org/document/117886", reason },
        ["external-ids"] = (v, reason) => new { version = v, externalIds = new[] { new { scheme = "cwihp-bulletin", value = "6-7/1995" } }, reason },
        ["source-citation"] = (v, reason) => new { version = v, citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-86.", reason },
        ["summary"] = (v, reason) => new { version = v, summary = "Roshchin and Zhou Enlai discuss the Chinese Changchun Railway.", reason },
        ["classification"] = (v, reason) => new { version = v, marks = "Secret", reason },
        ["creators"] = (v, reason) => new { version = v, creators = new[] { new { name = "N. V. Roshchin", role = "author" } }, reason },
        ["participants"] = (v, reason) => new { version = v, participants = new[] { new { name = "Chou En-lai", role = "Premier" } }, reason },
        ["original-languages"] = (v, reason) => new { version = v, languages = new[] { new { code = "zh", name = "Chinese" } }, reason },
        ["dates"] = (v, reason) => new { version = v, role = "created", asWritten = "11 November 1949", edtf = "1949-11-11", reason },
        ["full-texts"] = (v, reason) => new { version = v, text = "Из дневника Н. В. Рощина (исправлено)", language = "ru", kind = "original", reason },
    };

    public static TheoryData<string> Commands => [.. Replacements.Keys];

    [Theory, MemberData(nameof(Commands))]
    public async Task it_is_refused_as_a_correction_without_one_and_appends_nothing(string command)
    {
        var id = await ARecordWithEverythingDescribed();
        var version = await Api.CurrentVersion(id);

        foreach (var blank in new[] { "", "   ", "\t\n" })
        {
            var refused = (await Api.Post($"/api/records/{id}/{command}", Replacements[command](version, blank))).ShouldBe(HttpStatusCode.UnprocessableEntity);
            Assert.Equal("A reason is required", refused.Json["title"]!.GetValue<string>());
            Assert.Equal(["reason"], refused.ErrorFields);
        }

        Assert.Equal(version, await Api.CurrentVersion(id));
        var corrected = (await Api.Post($"/api/records/{id}/{command}", Replacements[command](version, "Checked against the scan"))).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(version + 1, corrected.Version);
        var last = (await Api.Get($"/api/records/{id}/history")).Json["events"]!.AsArray()[^1]!;
        Assert.Equal("Checked against the scan", last["reason"]!.GetValue<string>());
    }

    private async Task<Guid> ARecordWithEverythingDescribed()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        object[] described =
        [
            new { summary = "A conversation about the Chinese Changchun Railway." },
            new { marks = "Top Secret" },
            new { citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85." },
            new { creators = new[] { new { name = "N.V. Roshchin", role = "author" } } },
            new { participants = new[] { new { name = "Zhou Enlai", role = "Prime Minister" } } },
            new { languages = new[] { new { code = "ru", name = "Russian" } } },
            new { role = "created", asWritten = "10 November 1949", edtf = "1949-11-10" },
            new { text = "Из дневника Н.В. Рощина", language = "ru", kind = "original" },
        ];
        string[] paths = ["summary", "classification", "source-citation", "creators", "participants", "original-languages", "dates", "full-texts"];
        for (var i = 0; i < paths.Length; i++)
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(described[i]))!.AsObject();
            body["version"] = i + 1;
            (await Api.Post($"/api/records/{id}/{paths[i]}", body)).ShouldBe(HttpStatusCode.OK);
        }

        return id;
    }
}

using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Validation;

/// <summary>
/// A rebuild, a re-parse, a checkpoint and a key's revocation need nothing beyond their address. Sent a body anyway,
/// they read it as every command reads one: nothing or <c>{}</c> is the command; text, <c>null</c>, an array, a string
/// or an object with fields (a reason they would not record) is refused with a problem, and nothing is done — a script that posts the wrong thing learns so instead of
/// seeing it ignored.
/// </summary>
public sealed class when_a_command_that_needs_no_body_is_sent_one(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly string[] NeedNoBody =
    [
        "/api/admin/projections/rebuild",
        "/api/admin/projections/RecordListing/rebuild",
        "/api/admin/reparse",
        "/api/audit/checkpoints",
        "/api/keys/{key}/revoke",
    ];

    public static TheoryData<string> Routes => [.. NeedNoBody];

    private static readonly (string Body, string ContentType, HttpStatusCode Status)[] Refused =
    [
        ("rebuild everything", "text/plain", HttpStatusCode.UnsupportedMediaType),
        ("verb=rebuild", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType),
        ("null", "application/json", HttpStatusCode.BadRequest),
        ("[]", "application/json", HttpStatusCode.BadRequest),
        ("\"now\"", "application/json", HttpStatusCode.BadRequest),
        ("{", "application/json", HttpStatusCode.BadRequest),
    ];

    [Fact]
    public async Task a_body_that_is_not_a_json_object_is_refused_everywhere_and_nothing_is_done()
    {
        var (name, script) = await AKeyOfANightlyScript();
        var checkpoints = await CheckpointCount();
        var failures = new List<string>();

        foreach (var route in NeedNoBody)
        foreach (var (body, contentType, status) in Refused)
        {
            var reply = await Api.PostRaw(route.Replace("{key}", name), body, contentType);
            if (reply.Status != status || reply.ContentHeaders?.ContentType?.MediaType != "application/problem+json")
                failures.Add($"POST {route} with {contentType} {body}: {reply.Described}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} refusals are not as every command's:\n" + string.Join("\n", failures));
        Assert.Equal(checkpoints, await CheckpointCount());
        (await script.Get("/api/records")).ShouldBe(HttpStatusCode.OK);
    }

    [Theory, MemberData(nameof(Routes))]
    public async Task no_body_or_a_json_object_is_the_command(string route)
    {
        var withoutBody = await Api.Send(HttpMethod.Post, route.Replace("{key}", (await AKeyOfANightlyScript()).Name));
        Assert.True(withoutBody.Status is >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous, withoutBody.Described);

        var withObject = await Api.PostRaw(route.Replace("{key}", (await AKeyOfANightlyScript()).Name), "{ }", "application/json");
        Assert.True(withObject.Status is >= HttpStatusCode.OK and < HttpStatusCode.Ambiguous, withObject.Described);
    }

    [Theory, MemberData(nameof(Routes))]
    public async Task a_reason_it_would_not_record_is_refused_rather_than_dropped(string route)
    {
        var checkpoints = await CheckpointCount();

        var withReason = await Api.PostRaw(route.Replace("{key}", (await AKeyOfANightlyScript()).Name),
            """{ "reason": "asked for by the archive's administrator" }""", "application/json");

        withReason.ShouldBe(HttpStatusCode.BadRequest);
        Assert.Contains("takes none", withReason.Json["errors"]!["reason"]![0]!.GetValue<string>());
        Assert.Equal(checkpoints, await CheckpointCount());
    }

    private async Task<(string Name, Support.Api Script)> AKeyOfANightlyScript()
    {
        var name = $"nightly-script-{Guid.NewGuid():N}";
        var created = await Api.Post("/api/keys", new { name, role = "reader" });
        return (name, new Support.Api(Service.Host.Server.CreateClient(), created.ShouldBe(HttpStatusCode.Created).Json["key"]!.GetValue<string>()));
    }

    private async Task<int> CheckpointCount() =>
        (await Api.Get("/api/audit/checkpoints")).ShouldBe(HttpStatusCode.OK).Json.AsArray().Count;
}

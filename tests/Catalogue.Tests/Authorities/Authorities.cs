using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Authorities;

/// <summary>Steps archivists take with names on records and with the authorities, for the authorities' stories.</summary>
public static class Authorities
{
    private static int accessions;

    /// <summary>A draft record whose creators, participants, places and translators are as given; its id and version.</summary>
    public static async Task<(Guid Id, long Version)> ARecordNaming(
        this Support.Api api, string title, string[]? creators = null, string[]? participants = null, string[]? places = null, string[]? translators = null)
    {
        var id = (await api.Post("/api/records", new { title, accessionNumber = $"AUTH-{Interlocked.Increment(ref accessions):D5}" })).ShouldBe(HttpStatusCode.Created).Id;
        long version = 1;
        if (creators is not null) version = (await api.Post($"/api/records/{id}/creators", new { version, creators = creators.Select(n => new { name = n }) })).ShouldBe(HttpStatusCode.OK).Version;
        if (participants is not null) version = (await api.Post($"/api/records/{id}/participants", new { version, participants = participants.Select(n => new { name = n }) })).ShouldBe(HttpStatusCode.OK).Version;
        if (places is not null) version = (await api.Post($"/api/records/{id}/places", new { version, places })).ShouldBe(HttpStatusCode.OK).Version;
        if (translators is not null)
            version = (await api.Post($"/api/records/{id}/translations", new { version, language = "en", translators, credit = "Translated by " + string.Join(" and ", translators) })).ShouldBe(HttpStatusCode.OK).Version;
        return (id, version);
    }

    /// <summary>Gives the record a provenance reference and publishes it; the version it is then at.</summary>
    public static async Task<long> Publish(this Support.Api api, Guid id, long version)
    {
        version = (await api.Post($"/api/records/{id}/provenance", new { version, citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85" })).ShouldBe(HttpStatusCode.OK).Version;
        return (await api.Post($"/api/records/{id}/publish", new { version })).ShouldBe(HttpStatusCode.OK).Version;
    }

    /// <summary>The people suggested for what was typed, once the authorities hold every change so far.</summary>
    public static async Task<JsonArray> PeopleFor(this CatalogueService service, string typed, Support.Api? client = null)
    {
        await service.ProjectionsCaughtUp();
        return (await (client ?? service.Api).Get($"/api/people?q={Uri.EscapeDataString(typed)}")).ShouldBe(HttpStatusCode.OK).Json["items"]!.AsArray();
    }

    /// <summary>The one person suggested for what was typed.</summary>
    public static async Task<JsonNode> ThePersonFor(this CatalogueService service, string typed) =>
        Assert.Single(await service.PeopleFor(typed))!;

    public static string Name(this JsonNode? entry) => entry!["name"]!.GetValue<string>();

    public static int Records(this JsonNode? entry) => entry!["records"]!.GetValue<int>();

    public static Guid Id(this JsonNode? entry) => entry!["id"]!.GetValue<Guid>();

    public static long Version(this JsonNode? entry) => entry!["version"]!.GetValue<long>();

    public static IReadOnlyList<string> Strings(this JsonNode? list) => [.. list!.AsArray().Select(s => s!.GetValue<string>())];
}

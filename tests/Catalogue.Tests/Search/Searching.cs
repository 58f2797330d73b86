using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Search;

/// <summary>A record described the way an archivist describes one, command after command, each against the version the last one answered.</summary>
public sealed class Describing(Support.Api api, Guid id, long version)
{
    public Guid Id { get; } = id;

    public long Version { get; private set; } = version;

    public static async Task<Describing> Accession(Support.Api api, string title, string? accessionNumber = null)
    {
        var reply = (await api.Post("/api/records", new { title, accessionNumber })).ShouldBe(HttpStatusCode.Created);
        return new Describing(api, reply.Id, reply.Version);
    }

    /// <summary>Sends a command to the record: <paramref name="body"/> is given the version to send.</summary>
    public async Task<Describing> With(string command, Func<long, object> body)
    {
        Version = (await api.Post($"/api/records/{Id}/{command}", body(Version))).ShouldBe(HttpStatusCode.OK).Version;
        return this;
    }

    public Task<Describing> Summary(string summary) => With("summary", v => new { version = v, summary });

    public Task<Describing> FullText(string text, string language = "en", string kind = "translation") => With("full-texts", v => new { version = v, text, language, kind });

    public Task<Describing> Creators(params string[] names) => With("creators", v => new { version = v, creators = names.Select(n => new { name = n }) });

    public Task<Describing> Participants(params string[] names) => With("participants", v => new { version = v, participants = names.Select(n => new { name = n }) });

    public Task<Describing> Subjects(params string[] subjects) => With("subjects", v => new { version = v, subjects });

    public Task<Describing> Classification(string marks) => With("classification", v => new { version = v, marks });

    public Task<Describing> OriginalLanguage(string code, string name) => With("original-languages", v => new { version = v, languages = new[] { new { code, name } } });

    public Task<Describing> Translation(string language, string credit, params string[] translators) => With("translations", v => new { version = v, language, translators, credit });

    public Task<Describing> Funding(string funder, string note) => With("funding-notes", v => new { version = v, funder, note });

    public Task<Describing> Date(string asWritten, string edtf, string role = "created") => With("dates", v => new { version = v, role, asWritten, edtf });

    public Task<Describing> Provenance(string repository, string fond, string opis, string delo = "1", string folios = "1-2") =>
        With("provenance", v => new { version = v, repository, fond, opis, delo, folios, citation = $"{repository}, f. {fond}, op. {opis}, d. {delo}, ll. {folios}" });

    public Task<Describing> Publish() => With("publish", v => new { version = v });

    public Task<Describing> Withdraw(string reason = "Catalogued twice") => With("withdraw", v => new { version = v, reason });
}

/// <summary>Searching as a client does, and reading what the answer says.</summary>
public static class Searching
{
    /// <summary>The answer to <c>GET /api/search?{query}</c>, once search holds every change made so far.</summary>
    public static async Task<JsonNode> Search(this CatalogueService service, string query, Support.Api? client = null)
    {
        await service.ProjectionsCaughtUp();
        return (await (client ?? service.Api).Get($"/api/search?{query}")).ShouldBe(HttpStatusCode.OK).Json;
    }

    public static IReadOnlyList<Guid> Hits(this JsonNode page) => [.. page["items"]!.AsArray().Select(h => h!["id"]!.GetValue<Guid>())];

    public static long Total(this JsonNode page) => page["total"]!.GetValue<long>();

    /// <summary>One facet's values with their counts.</summary>
    public static IReadOnlyDictionary<string, long> Facet(this JsonNode page, string name) =>
        page["facets"]![name]!.AsArray().ToDictionary(v => v!["value"]!.GetValue<string>(), v => v!["count"]!.GetValue<long>());

    public static string Words(string q) => "q=" + Uri.EscapeDataString(q);

    /// <summary>Every hit of a search, page after page, following each answer's cursor.</summary>
    public static async Task<IReadOnlyList<Guid>> EveryPage(this CatalogueService service, string query, Support.Api? client = null, Func<Task>? betweenPages = null)
    {
        var page = await service.Search(query, client);
        var ids = new List<Guid>(page.Hits());
        while (page["next"] is { } next)
        {
            if (betweenPages is not null) await betweenPages();
            page = (await (client ?? service.Api).Get($"/api/search?{query}&after={Uri.EscapeDataString(next.GetValue<string>())}")).ShouldBe(HttpStatusCode.OK).Json;
            ids.AddRange(page.Hits());
        }

        return ids;
    }
}

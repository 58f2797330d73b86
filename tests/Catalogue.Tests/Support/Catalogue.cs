using System.Net;
using System.Text.Json.Nodes;

namespace Catalogue.Tests.Support;

/// <summary>Steps archivists take, in their words, for tests to build on.</summary>
public static class Catalogue
{
    public static object SeedAccession(string? accessionNumber = null) => new
    {
        title = "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949",
        accessionNumber,
        externalIds = new[] { new { scheme = "wilson-center", value = "117886" } },
        sourceUrl = "https://wilson-center-digital-archive.dvincitest.com/document/117886",
        documentType = "Memorandum of Conversation",
    };

    public static async Task<Reply> AccessionTheSeed(this Api api, string? accessionNumber = null) =>
        (await api.Post("/api/records", SeedAccession(accessionNumber))).ShouldBe(HttpStatusCode.Created);

    /// <summary>
    /// A record accessioned under <paramref name="title"/> with one provenance reference read from
    /// <paramref name="citation"/>, published unless asked not to (at version 3 once published).
    /// </summary>
    public static async Task<Guid> CatalogueAsync(this Api api, string title, string citation, bool published = true)
    {
        var id = (await api.Post("/api/records", new { title })).ShouldBe(System.Net.HttpStatusCode.Created).Id;
        (await api.Post($"/api/records/{id}/provenance", new { version = 1, citation })).ShouldBe(System.Net.HttpStatusCode.OK);
        if (published) (await api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(System.Net.HttpStatusCode.OK);
        return id;
    }

    public static async Task<long> CurrentVersion(this Api api, Guid id) =>
        (await api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Version;

    public static async Task<int> EventCount(this Api api, Guid id)
    {
        var history = await api.Get($"/api/records/{id}/history");
        return history.Status == HttpStatusCode.NotFound ? 0 : history.Json["events"]!.AsArray().Count;
    }

    /// <summary>
    /// Every line of the record list as <paramref name="client"/> (admin by default) reads it, page after page, once the
    /// list holds every change made so far (it is an async read model).
    /// </summary>
    public static async Task<IReadOnlyList<JsonNode>> ListedRecords(this CatalogueService service, Api? client = null)
    {
        await service.ProjectionsCaughtUp();
        return await AllPagesOf(client ?? service.Api);
    }

    /// <summary>How many records the list shows <paramref name="client"/> (admin by default), once it holds every change.</summary>
    public static async Task<long> ListedRecordCount(this CatalogueService service, Api? client = null) => (await service.ListedRecords(client)).Count;

    /// <summary>
    /// The same for a service in a process of its own, whose progress <paramref name="staff"/> (an auditor or an admin)
    /// reads at <c>GET /api/projections</c>.
    /// </summary>
    public static async Task<IReadOnlyList<JsonNode>> ListedRecords(Api staff)
    {
        await Eventually.Until(
            () => staff.Get("/api/projections"),
            reply => reply.Status == HttpStatusCode.OK
                     && reply.Json["projections"]!.AsArray().Where(p => p!["lifecycle"]!.GetValue<string>() == "async" && p["kind"]!.GetValue<string>() == "projection")
                         .All(p => p!["caughtUp"]!.GetValue<bool>()),
            "the async read models to hold every change", describe: reply => reply.Described);
        return await AllPagesOf(staff);
    }

    /// <summary>Every line the record list shows now, whether or not it holds the latest changes yet.</summary>
    public static async Task<IReadOnlyList<JsonNode>> AllPagesOf(Api client)
    {
        var lines = new List<JsonNode>();
        string? after = null;
        do
        {
            var page = (await client.Get($"/api/records?pageSize=100{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}")).ShouldBe(HttpStatusCode.OK).Json;
            lines.AddRange(page["items"]!.AsArray().Select(item => item!));
            after = page["next"]?.GetValue<string>();
        }
        while (after is not null);

        return lines;
    }

    public static object SeedProvenance(long version) => new
    {
        version,
        repository = "AVPRF",
        fond = "0100",
        opis = "42",
        poryadok = "19",
        papka = "288",
        folios = "81-85",
        citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85",
    };
}

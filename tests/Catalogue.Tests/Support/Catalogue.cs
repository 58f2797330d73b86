using System.Net;

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

    public static async Task<long> CurrentVersion(this Api api, Guid id) =>
        (await api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Version;

    public static async Task<int> EventCount(this Api api, Guid id)
    {
        var history = await api.Get($"/api/records/{id}/history");
        return history.Status == HttpStatusCode.NotFound ? 0 : history.Json["events"]!.AsArray().Count;
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

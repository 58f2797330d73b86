using System.IO.Compression;
using System.Net;
using System.Text;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// A harvester or another catalogue that takes the catalogue in bulk asks for it compressed: the export's JSON lines,
/// the OAI-PMH pages and the CSV reports come gzip or br for a client that sends Accept-Encoding, and read the same
/// once decoded; the API's JSON is answered as it is stored.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_long_answer_is_asked_for_compressed(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<(HttpResponseMessage Response, byte[] Body)> GetAsync(string url, string? acceptEncoding)
    {
        var client = Service.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", CatalogueService.KeysByRole["admin"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null) request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Decoded(byte[] body, string coding)
    {
        using Stream decoder = coding == "br"
            ? new BrotliStream(new MemoryStream(body), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var reader = new StreamReader(decoder, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("/api/exports/records", "gzip", "Telegram from Beijing")]
    [InlineData("/oai?verb=ListRecords&metadataPrefix=oai_dc", "br", "<OAI-PMH")]
    [InlineData("/api/reports/repositories?format=csv", "gzip", "AVPRF")]
    public async Task it_comes_compressed_and_reads_the_same_decoded(string url, string coding, string holding)
    {
        await Api.CatalogueAsync("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");
        await Api.CatalogueAsync("Letter to Stalin", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 34-35");
        // A harvest answers up to the second before it was asked, so the records must be stamped in an earlier one.
        await new Harvester(Service).EverythingHarvestable();

        var (plain, plainBody) = await GetAsync(url, acceptEncoding: null);
        var (coded, codedBody) = await GetAsync(url, acceptEncoding: $"{coding}, identity;q=0.5");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (plain.StatusCode, coded.StatusCode));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal([coding], coded.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", coded.Headers.Vary);
        var text = Encoding.UTF8.GetString(plainBody);
        Assert.Contains(holding, text);
        if (url.StartsWith("/oai", StringComparison.Ordinal))
        {
            // Each page says when it was answered; the rest is the same.
            Assert.Equal(WithoutResponseDate(text), WithoutResponseDate(Decoded(codedBody, coding)));
        }
        else
        {
            Assert.Equal(text, Decoded(codedBody, coding));
        }
    }

    [Fact]
    public async Task the_api_s_json_is_answered_as_it_is_stored()
    {
        var id = await Api.CatalogueAsync("Telegram from Beijing", "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 32-33");

        var (record, _) = await GetAsync($"/api/records/{id}", acceptEncoding: "gzip, br");
        var (ead, _) = await GetAsync($"/api/records/{id}/ead", acceptEncoding: "gzip, br");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (record.StatusCode, ead.StatusCode));
        Assert.Empty(record.Content.Headers.ContentEncoding);
        Assert.Empty(ead.Content.Headers.ContentEncoding);
    }

    private static string WithoutResponseDate(string xml) =>
        System.Text.RegularExpressions.Regex.Replace(xml, "<responseDate>[^<]*</responseDate>", "");
}

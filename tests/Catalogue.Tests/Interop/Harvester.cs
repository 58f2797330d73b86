using System.Net;
using System.Xml.Linq;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// An OAI-PMH harvester, without credentials as harvesters come: every response is checked to be HTTP 200 and valid
/// OAI-PMH (metadata included) before a test reads it.
/// </summary>
public sealed class Harvester(CatalogueService service)
{
    public static readonly XNamespace Oai = ArchiveSchemas.OaiPmh;

    /// <summary>
    /// Once the harvest index holds every change made so far, and the clock has moved past the second they were
    /// stamped in: a harvest answers up to the second before its response date, so one started now sees them all.
    /// </summary>
    public async Task EverythingHarvestable()
    {
        await service.ProjectionsCaughtUp();
        var now = DateTime.UtcNow;
        await Task.Delay(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - now.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.FromMilliseconds(20));
    }

    public async Task<XDocument> Ask(params (string Name, string Value)[] arguments)
    {
        var query = string.Join("&", arguments.Select(a => $"{Uri.EscapeDataString(a.Name)}={Uri.EscapeDataString(a.Value)}"));
        using var http = service.Host.Server.CreateClient();
        using var response = await http.GetAsync($"/oai?{query}");
        return await Checked(response);
    }

    public async Task<XDocument> AskByPost(params (string Name, string Value)[] arguments)
    {
        using var http = service.Host.Server.CreateClient();
        using var response = await http.PostAsync("/oai", new FormUrlEncodedContent(arguments.Select(a => new KeyValuePair<string, string>(a.Name, a.Value))));
        return await Checked(response);
    }

    public static async Task<XDocument> Checked(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return ArchiveSchemas.ValidOaiPmh(bytes);
    }

    /// <summary>The error codes of a response (none when it answered).</summary>
    public static IReadOnlyList<string> Errors(XDocument response) =>
        [.. response.Root!.Elements(Oai + "error").Select(e => e.Attribute("code")!.Value)];

    public static string ResponseDate(XDocument response) => response.Root!.Element(Oai + "responseDate")!.Value;

    public static XElement Request(XDocument response) => response.Root!.Element(Oai + "request")!;

    /// <summary>Every page of a list, following its resumption tokens, as a harvester does.</summary>
    public async Task<IReadOnlyList<XDocument>> Pages(string verb, params (string Name, string Value)[] arguments)
    {
        var pages = new List<XDocument> { await Ask([("verb", verb), .. arguments]) };
        while (Errors(pages[^1]).Count == 0 && pages[^1].Root!.Element(Oai + verb)!.Element(Oai + "resumptionToken") is { Value.Length: > 0 } token)
        {
            Assert.True(pages.Count < 1000, "the harvest does not end");
            pages.Add(await Ask(("verb", verb), ("resumptionToken", token.Value)));
        }

        return pages;
    }

    /// <summary>The headers of every page of a list.</summary>
    public static IReadOnlyList<XElement> Headers(IEnumerable<XDocument> pages) =>
        [.. pages.SelectMany(p => p.Root!.Descendants(Oai + "header"))];

    public static Guid IdOf(XElement header) => Guid.Parse(header.Element(Oai + "identifier")!.Value.Split(':')[^1]);

    public static bool IsDeleted(XElement header) => header.Attribute("status")?.Value == "deleted";
}

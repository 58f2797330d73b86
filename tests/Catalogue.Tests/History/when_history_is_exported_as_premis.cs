using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.History;

/// <summary>A preservation system takes a record's history as PREMIS 3: it must parse as sent and be valid PREMIS.</summary>
public sealed class when_history_is_exported_as_premis(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly Lazy<XmlSchemaSet> Premis = new(() =>
    {
        var schemas = new XmlSchemaSet();
        schemas.Add("http://www.loc.gov/premis/v3", Path.Combine(AppContext.BaseDirectory, "Schemas", "premis-v3.xsd"));
        schemas.Compile();
        return schemas;
    });

    /// <summary>The imported seed, corrected once with a reason, by an admin and an archivist.</summary>
    private async Task<Guid> AHistoryWithSeveralActors()
    {
        var id = (await Api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        var version = await Api.CurrentVersion(id);
        (await Service.As("archivist").Post($"/api/records/{id}/title", new { version, title = "Memorandum of Conversation with Zhou Enlai, 10 November 1949", reason = "House style" }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task<byte[]> PremisBytes(string url)
    {
        using var http = Service.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", CatalogueService.KeysByRole["auditor"]);
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task the_export_declares_the_encoding_it_is_sent_in()
    {
        var id = await AHistoryWithSeveralActors();

        var bytes = await PremisBytes($"/api/records/{id}/history/premis");

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(bytes));
        // Parsed from the bytes, as xmllint or Python would: the declaration decides how they are read.
        var document = XDocument.Load(new MemoryStream(bytes));
        Assert.Equal("premis", document.Root!.Name.LocalName);
    }

    [Fact]
    public async Task the_export_is_valid_premis_3()
    {
        var id = await AHistoryWithSeveralActors();

        var bytes = await PremisBytes($"/api/records/{id}/history/premis");

        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Premis.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} at {e.Exception.LineNumber}:{e.Exception.LinePosition}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(bytes), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task the_export_is_filtered_as_the_history_is()
    {
        var id = await AHistoryWithSeveralActors();

        var bytes = await PremisBytes($"/api/records/{id}/history/premis?type=title_revised");

        XNamespace premis = "http://www.loc.gov/premis/v3";
        var events = XDocument.Load(new MemoryStream(bytes)).Root!.Elements(premis + "event").ToList();
        var revised = Assert.Single(events);
        Assert.StartsWith("title_revised", revised.Element(premis + "eventDetailInformation")!.Element(premis + "eventDetail")!.Value);
        var agents = XDocument.Load(new MemoryStream(bytes)).Root!.Elements(premis + "agent").Select(a => a.Element(premis + "agentName")!.Value);
        Assert.Equal(["key:archivist-client"], agents);
    }

    [Fact]
    public async Task a_reason_that_reads_as_a_source_stays_inside_the_reason()
    {
        var id = await AHistoryWithSeveralActors();
        const string forged = "typo; source: cli import /srv/pages/x.txt (batch 1, item 1 of 1); correlation: 00000000000000000000000000000000";
        (await Api.Post($"/api/records/{id}/title", new { version = await Api.CurrentVersion(id), title = "Zhou Enlai, 10 November 1949", reason = forged }))
            .ShouldBe(HttpStatusCode.OK);

        var revised = await LastEventDetails(id);

        Assert.Equal(4, revised.Count);
        Assert.StartsWith("title_revised (version", revised[0]);
        Assert.Equal("reason: " + forged, revised[1]);
        Assert.Equal($"source: http POST /api/records/{id}/title", revised[2]);
        Assert.StartsWith("correlation: ", revised[3]);
    }

    [Fact]
    public async Task a_reason_keeps_its_line_breaks_as_stored()
    {
        var id = await AHistoryWithSeveralActors();
        (await Api.Post($"/api/records/{id}/title", new { version = await Api.CurrentVersion(id), title = "Zhou Enlai, 10 November 1949", reason = "line1\nline2\r\n\tx" }))
            .ShouldBe(HttpStatusCode.OK);

        var revised = await LastEventDetails(id);

        Assert.Equal("reason: line1\nline2\r\n\tx", revised[1]);
    }

    /// <summary>The eventDetails of the record's last event, as a parser of the export reads them.</summary>
    private async Task<List<string>> LastEventDetails(Guid id)
    {
        var bytes = await PremisBytes($"/api/records/{id}/history/premis");
        XNamespace premis = "http://www.loc.gov/premis/v3";
        return XDocument.Load(new MemoryStream(bytes)).Root!.Elements(premis + "event").Last()
            .Elements(premis + "eventDetailInformation").Select(d => d.Element(premis + "eventDetail")!.Value).ToList();
    }

    [Fact]
    public async Task an_unknown_type_is_refused_with_the_types_there_are()
    {
        var id = await AHistoryWithSeveralActors();

        var refused = (await Service.As("auditor").Get($"/api/records/{id}/history/premis?type=TitleRevised")).ShouldBe(HttpStatusCode.BadRequest);

        Assert.Contains("title_revised", refused.Json["errors"]!["type"]![0]!.GetValue<string>());
    }
}

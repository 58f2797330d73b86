using System.Xml.Linq;
using Catalogue.Api.Interop;
using Catalogue.Api.Interop.Ead;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// Whatever a record holds, its EAD3 export is valid EAD3: every real entry of the corpus, a record with every kind of
/// event in its life, a record with nothing but a title, and one whose text holds characters XML cannot carry.
/// </summary>
public sealed class an_ead_finding_aid_is_valid_ead3
{
    private static readonly XNamespace Ead = ArchiveSchemas.Ead3;
    private static readonly InteropOptions Agency = new() { AgencyName = "Wilson Center Digital Archive", AgencyCode = "US-DcWC" };

    private static string Link(string path) => "https://catalogue.archive.test" + path;

    private static readonly MaintenanceEvent Accessioned =
        new("created", RecordLives.AccessionedAt, "human", "ekaterina", "record_accessioned (version 1)");

    private static XDocument Exported(CatalogueRecord record) =>
        ArchiveSchemas.ValidEad(EadDocument.OfRecord(record, [Accessioned], Agency, Link));

    [Theory]
    [MemberData(nameof(CorpusRecords.Numbers), MemberType = typeof(CorpusRecords))]
    public void every_entry_of_the_corpus_exports_as_valid_ead3(int number)
    {
        var record = CorpusRecords.Record(number);

        var ead = Exported(record);

        var did = ead.Root!.Element(Ead + "archdesc")!.Element(Ead + "did")!;
        Assert.Equal(record.Title, did.Element(Ead + "unittitle")!.Value);
        Assert.Equal(
            record.Provenance.Select(p => p.Repository).OfType<string>().Distinct().Count(),
            did.Elements(Ead + "repository").Count());
        Assert.Equal(record.Provenance.Count(p => p.Folios is not null), did.Elements(Ead + "physloc").Count());
    }

    [Fact]
    public void a_record_with_every_kind_of_event_in_its_life_exports_as_valid_ead3()
    {
        var record = RecordEvolution.Fold(null, RecordLives.EveryKindOfEvent(RecordLives.Id))!;

        Exported(record);
    }

    [Fact]
    public void a_record_with_nothing_but_its_title_exports_as_valid_ead3()
    {
        var record = RecordEvolution.Fold(null, [RecordLives.Accessioned() with { ExternalIds = [], SourceUrl = null, DocumentType = null }])!;

        var ead = Exported(record);

        var archdesc = ead.Root!.Element(Ead + "archdesc")!;
        Assert.Equal("item", archdesc.Attribute("level")!.Value);
        Assert.Equal(["unittitle", "unitid"], archdesc.Element(Ead + "did")!.Elements().Select(e => e.Name.LocalName));
        Assert.Single(archdesc.Elements());
    }

    [Fact]
    public void characters_xml_cannot_carry_are_replaced_and_the_export_still_parses()
    {
        var record = RecordLives.ARecord(new SummaryRevised("Before\u0001after \uD800 and \u0000 end"), new SubjectsTagged(["Korea\u000B"]));

        var ead = Exported(record);

        var scope = ead.Descendants(Ead + "scopecontent").Single().Value;
        Assert.Equal("Before\uFFFDafter \uFFFD and \uFFFD end", scope);
        Assert.Equal("Korea\uFFFD", ead.Descendants(Ead + "subject").Single().Value);
    }

    [Fact]
    public void the_seed_reads_as_an_archivist_expects_in_ead3()
    {
        var record = RecordEvolution.Fold(null, RecordLives.EveryKindOfEvent(RecordLives.Id).Take(12))!
            with
        { Provenance = [new ProvenanceEntry(1, RecordLives.Avprf)] };

        var ead = Exported(record);

        var did = ead.Root!.Element(Ead + "archdesc")!.Element(Ead + "did")!;
        var unitids = did.Elements(Ead + "unitid").ToDictionary(u => u.Attribute("localtype")!.Value, u => u.Value);
        Assert.Equal("CAT-2026-000001", unitids["accession-number"]);
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288", unitids["archival-reference"]);
        Assert.Equal("ll. 81-85", did.Element(Ead + "physloc")!.Value);
        Assert.Equal("Foreign Policy Archive of the Russian Federation", did.Element(Ead + "repository")!.Value);
        Assert.Equal("AVPRF", did.Element(Ead + "repository")!.Element(Ead + "corpname")!.Attribute("identifier")!.Value);
        var language = did.Element(Ead + "langmaterial")!.Element(Ead + "language")!;
        Assert.Equal(("rus", "Russian"), (language.Attribute("langcode")!.Value, language.Value));
        Assert.Equal("10 November 1949", did.Element(Ead + "unitdate")!.Value);
        Assert.Equal("1949-11-10", did.Element(Ead + "unitdatestructured")!.Element(Ead + "datesingle")!.Attribute("standarddate")!.Value);
        Assert.Equal("N.V. Roshchin", did.Element(Ead + "origination")!.Value);
        Assert.Equal("Top Secret, Copy 4", ead.Descendants(Ead + "odd").Single(o => o.Attribute("localtype")?.Value == "classification").Value);
        var access = ead.Descendants(Ead + "controlaccess").Single();
        Assert.Contains(access.Elements(Ead + "persname"), p => p.Value == "Zhou Enlai" && p.Attribute("relator")!.Value == "Prime Minister and Foreign Minister");
        Assert.Equal(["Sino-Soviet relations"], access.Elements(Ead + "subject").Select(s => s.Value));
        Assert.Equal("Memorandum of Conversation", access.Element(Ead + "genreform")!.Value);
        Assert.Equal("AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", ead.Descendants(Ead + "custodhist").Single().Value);
        Assert.StartsWith("\"From the Diary of N.V. Roshchin\", November 10, 1949", ead.Descendants(Ead + "prefercite").Single().Value);
        var control = ead.Root!.Element(Ead + "control")!;
        Assert.Equal("CAT-2026-000001", control.Element(Ead + "recordid")!.Value);
        Assert.Equal("US-DcWC", control.Element(Ead + "maintenanceagency")!.Element(Ead + "agencycode")!.Value);
    }

    [Theory]
    [InlineData("1949?", "uncertain", "1949-01-01", "1949-12-31")]
    [InlineData("1950~", "approximate", "1950-01-01", "1950-12-31")]
    [InlineData("1950%", "uncertain-approximate", "1950-01-01", "1950-12-31")]
    [InlineData("195X", null, "1950-01-01", "1959-12-31")]
    [InlineData("1949-11", null, "1949-11-01", "1949-11-30")]
    public void an_uncertain_or_partial_date_gives_the_days_it_can_fall_on(string edtf, string? certainty, string notBefore, string notAfter)
    {
        var record = RecordLives.ARecord(new DateRecorded(DateRoles.Created, $"written as {edtf}", edtf));

        var structured = Exported(record).Descendants(Ead + "unitdatestructured").Single();

        Assert.Equal(certainty, structured.Attribute("certainty")?.Value);
        var single = structured.Element(Ead + "datesingle")!;
        Assert.Equal(edtf, single.Attribute("standarddate")!.Value);
        Assert.Equal((notBefore, notAfter), (single.Attribute("notbefore")!.Value, single.Attribute("notafter")!.Value));
    }

    [Theory]
    [InlineData("1949-10/1949-12", "1949-10", "1949-12")]
    [InlineData("../1950", null, "1950")]
    [InlineData("1949/", "1949", null)]
    public void an_interval_is_a_date_range_with_its_open_end_left_out(string edtf, string? from, string? to)
    {
        var record = RecordLives.ARecord(new DateRecorded(DateRoles.Described, edtf, edtf));

        var range = Exported(record).Descendants(Ead + "daterange").Single();

        Assert.Equal(from, range.Element(Ead + "fromdate")?.Attribute("standarddate")!.Value);
        Assert.Equal(to, range.Element(Ead + "todate")?.Attribute("standarddate")!.Value);
    }

    [Theory]
    [InlineData("ru", "rus")]
    [InlineData("zh", "chi")]
    [InlineData("de", "ger")]
    [InlineData("ro", "rum")]
    [InlineData("hu", "hun")]
    [InlineData("fra", "fre")]
    [InlineData("rus", "rus")]
    [InlineData("und", "und")]
    [InlineData("cmn", "chi")]
    [InlineData("yue", "chi")]
    [InlineData("arz", "ara")]
    [InlineData("prs", "per")]
    public void languages_are_given_in_iso_639_2b(string recorded, string bibliographic) =>
        Assert.Equal(bibliographic, LanguageCodes.Iso639_2B(recorded));
}

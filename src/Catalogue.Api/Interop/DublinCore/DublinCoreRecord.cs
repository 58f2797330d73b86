using System.Xml;
using Catalogue.Api.Records;

namespace Catalogue.Api.Interop.DublinCore;

/// <summary>
/// A record as the fifteen elements of unqualified Dublin Core (https://www.dublincore.org/specifications/dublin-core/dces/),
/// each a list, in the order of the element set: what harvesters and library catalogues read when they know nothing of
/// fonds and folios.
/// </summary>
public sealed record DublinCoreRecord(
    IReadOnlyList<string> Title,
    IReadOnlyList<string> Creator,
    IReadOnlyList<string> Subject,
    IReadOnlyList<string> Description,
    IReadOnlyList<string> Publisher,
    IReadOnlyList<string> Contributor,
    IReadOnlyList<string> Date,
    IReadOnlyList<string> Type,
    IReadOnlyList<string> Format,
    IReadOnlyList<string> Identifier,
    IReadOnlyList<string> Source,
    IReadOnlyList<string> Language,
    IReadOnlyList<string> Relation,
    IReadOnlyList<string> Coverage,
    IReadOnlyList<string> Rights)
{
    public const string OaiDcNamespace = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public const string ElementsNamespace = "http://purl.org/dc/elements/1.1/";
    public const string OaiDcSchema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <param name="permalink">The record's URL in this catalogue.</param>
    /// <param name="sameFile">The URLs of the other records in the same delo or papka that the caller may read.</param>
    public static DublinCoreRecord Of(CatalogueRecord record, string permalink, IReadOnlyList<string> sameFile, InteropOptions agency)
    {
        var citations = record.SourceCitation is not null ? [record.SourceCitation] : record.Provenance.Select(p => p.Citation).OfType<string>().Distinct().ToList();
        return new DublinCoreRecord(
            Title: [record.Title],
            Creator: [.. record.Creators.Select(c => c.Name).Distinct()],
            Subject: record.Subjects,
            Description: record.Summary is null ? [] : [record.Summary],
            Publisher: [agency.AgencyName],
            Contributor: [.. record.Translations.SelectMany(t => t.Translators).Distinct()],
            // The date the document was written comes first: it is the one Dublin Core's date means.
            Date: [.. record.Dates.OrderBy(d => DateRoles.All.ToList().IndexOf(d.Role)).Select(d => d.Edtf).Where(e => e.Length > 0).Distinct()],
            Type: ["Text", .. record.DocumentType is null ? Array.Empty<string>() : [record.DocumentType]],
            // The folios, and the extent they give when it is certain: dimensions, which Dublin Core's format holds.
            Format:
            [
                .. record.Provenance.Select(p => p.Folios).OfType<string>().Distinct().Select(ArchivalReference.FoliosText),
                .. ArchivalReference.ExtentIn(record.Provenance) is { } leaves ? [ArchivalReference.LeavesText(leaves)] : Array.Empty<string>(),
            ],
            Identifier: [record.AccessionNumber, permalink, .. record.SourceUrl is null ? Array.Empty<string>() : [record.SourceUrl], .. record.ExternalIds.Select(x => $"{x.Scheme}:{x.Value}")],
            Source: citations,
            Language: [.. record.OriginalLanguages.Select(l => l.Code).Distinct()],
            Relation: sameFile,
            Coverage: record.Places,
            Rights: string.IsNullOrWhiteSpace(agency.Rights) ? [] : [agency.Rights]);
    }

    /// <summary>The elements by their Dublin Core names, in the element set's order.</summary>
    public IEnumerable<(string Element, IReadOnlyList<string> Values)> Elements() =>
    [
        ("title", Title), ("creator", Creator), ("subject", Subject), ("description", Description), ("publisher", Publisher),
        ("contributor", Contributor), ("date", Date), ("type", Type), ("format", Format), ("identifier", Identifier),
        ("source", Source), ("language", Language), ("relation", Relation), ("coverage", Coverage), ("rights", Rights),
    ];

    /// <summary>The <c>oai_dc:dc</c> element as OAI-PMH carries it, written into a document being written.</summary>
    public void WriteOaiDc(XmlWriter xml)
    {
        xml.WriteStartElement("oai_dc", "dc", OaiDcNamespace);
        xml.WriteAttributeString("xmlns", "dc", null, ElementsNamespace);
        xml.WriteAttributeString("xmlns", "xsi", null, Xsi);
        xml.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{OaiDcNamespace} {OaiDcSchema}");
        foreach (var (element, values) in Elements())
        {
            foreach (var value in values) xml.WriteElementString("dc", element, ElementsNamespace, XmlText.Clean(value));
        }

        xml.WriteEndElement();
    }

    /// <summary>The <c>oai_dc:dc</c> element as a document of its own.</summary>
    public byte[] ToOaiDc()
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, XmlText.Settings)) WriteOaiDc(xml);
        return output.ToArray();
    }
}

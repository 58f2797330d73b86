using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Catalogue.Tests.Interop;

/// <summary>
/// The official schemas of the archive world's formats (copies of <c>../shared/schemas</c>, so a clean clone has them),
/// and validation against them that reports every error with its line, as a harvester's validator would.
/// </summary>
public static class ArchiveSchemas
{
    public const string Ead3 = "http://ead3.archivists.org/schema/";
    public const string OaiDc = "http://www.openarchives.org/OAI/2.0/oai_dc/";
    public const string DublinCore = "http://purl.org/dc/elements/1.1/";

    private static readonly Lazy<XmlSchemaSet> EadSchemas = new(() => Compile((Ead3, "ead3.xsd")));

    public const string OaiPmh = "http://www.openarchives.org/OAI/2.0/";

    private static readonly Lazy<XmlSchemaSet> OaiDcSchemas = new(() => Compile((OaiDc, "oai_dc.xsd")));

    /// <summary>OAI-PMH with both metadata formats: a response's metadata is validated strictly, by its own schema.</summary>
    private static readonly Lazy<XmlSchemaSet> OaiPmhSchemas = new(() => Compile((OaiPmh, "OAI-PMH.xsd"), (OaiDc, "oai_dc.xsd"), (Ead3, "ead3.xsd")));

    private static XmlSchemaSet Compile(params (string Namespace, string File)[] schemas)
    {
        // The imports name local files; nothing is fetched from the network.
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        foreach (var (ns, file) in schemas) set.Add(ns, Path.Combine(AppContext.BaseDirectory, "Schemas", file));
        set.Compile();
        return set;
    }

    /// <summary>Parses the bytes exactly as sent and validates them against EAD3; fails with every error it finds.</summary>
    public static XDocument ValidEad(byte[] document) => Valid(document, EadSchemas.Value, "EAD3");

    /// <summary>Parses the bytes exactly as sent and validates them against oai_dc (with the Dublin Core elements).</summary>
    public static XDocument ValidOaiDc(byte[] document) => Valid(document, OaiDcSchemas.Value, "oai_dc");

    /// <summary>Parses an OAI-PMH response exactly as sent and validates it, metadata included.</summary>
    public static XDocument ValidOaiPmh(byte[] document) => Valid(document, OaiPmhSchemas.Value, "OAI-PMH");

    private static XDocument Valid(byte[] document, XmlSchemaSet schemas, string name)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas, DtdProcessing = DtdProcessing.Prohibit };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"line {e.Exception.LineNumber}: {e.Severity}: {e.Message}");
        using (var reader = XmlReader.Create(new MemoryStream(document), settings))
        {
            while (reader.Read())
            {
            }
        }

        Assert.True(errors.Count == 0, $"not valid {name}:\n{string.Join("\n", errors.Take(10))}\n\n{System.Text.Encoding.UTF8.GetString(document)}");
        return XDocument.Load(new MemoryStream(document));
    }
}

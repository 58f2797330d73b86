using System.Globalization;
using System.Xml;

namespace Catalogue.Api.History;

/// <summary>
/// Writes a record's history as PREMIS 3 (https://www.loc.gov/standards/premis/): one intellectual entity for the
/// record, one event per catalogue event, one agent per actor.
/// </summary>
public static class PremisEvents
{
    public const string Namespace = "http://www.loc.gov/premis/v3";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <returns>The document as UTF-8 bytes, declared so (a writer over a string declares UTF-16, whatever it is sent as).</returns>
    public static byte[] Write(Guid recordId, IReadOnlyList<HistoryEntry> history)
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, Interop.XmlText.Settings))
        {
            xml.WriteStartElement("premis", "premis", Namespace);
            xml.WriteAttributeString("xmlns", "xsi", null, Xsi);
            xml.WriteAttributeString("version", "3.0");

            xml.WriteStartElement("premis", "object", Namespace);
            xml.WriteAttributeString("xsi", "type", Xsi, "premis:intellectualEntity");
            Identifier(xml, "objectIdentifier", "catalogue-record", recordId.ToString());
            xml.WriteEndElement();

            foreach (var e in history)
            {
                xml.WriteStartElement("premis", "event", Namespace);
                Identifier(xml, "eventIdentifier", "catalogue-event", $"{recordId}/{e.Version}");
                xml.WriteElementString("premis", "eventType", Namespace, e.Type == "record_accessioned" ? "creation" : "metadata modification");
                xml.WriteElementString("premis", "eventDateTime", Namespace, e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                foreach (var detail in Details(e))
                {
                    xml.WriteStartElement("premis", "eventDetailInformation", Namespace);
                    xml.WriteElementString("premis", "eventDetail", Namespace, detail);
                    xml.WriteEndElement();
                }

                xml.WriteStartElement("premis", "linkingAgentIdentifier", Namespace);
                xml.WriteElementString("premis", "linkingAgentIdentifierType", Namespace, "catalogue-actor");
                xml.WriteElementString("premis", "linkingAgentIdentifierValue", Namespace, e.Actor);
                xml.WriteElementString("premis", "linkingAgentRole", Namespace, "implementer");
                xml.WriteEndElement();
                xml.WriteStartElement("premis", "linkingObjectIdentifier", Namespace);
                xml.WriteElementString("premis", "linkingObjectIdentifierType", Namespace, "catalogue-record");
                xml.WriteElementString("premis", "linkingObjectIdentifierValue", Namespace, recordId.ToString());
                xml.WriteElementString("premis", "linkingObjectRole", Namespace, "outcome");
                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            foreach (var actor in history.Select(e => e.Actor).Distinct())
            {
                xml.WriteStartElement("premis", "agent", Namespace);
                Identifier(xml, "agentIdentifier", "catalogue-actor", actor);
                xml.WriteElementString("premis", "agentName", Namespace, actor);
                xml.WriteElementString("premis", "agentType", Namespace, actor.StartsWith("cli:", StringComparison.Ordinal) || actor.StartsWith("key:", StringComparison.Ordinal) || actor == "anonymous" ? "software" : "person");
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    /// <summary>
    /// "title_revised (version 4, sequence 87)", then "reason: …", "source: …", "correlation: …", each in an element of
    /// its own: a reason is typed by the client, and run together with the others it could be written to read as a
    /// source or correlation the service never recorded.
    /// </summary>
    private static IEnumerable<string> Details(HistoryEntry e)
    {
        yield return $"{e.Type} (version {e.Version}, sequence {e.Sequence})";
        if (e.Reason is not null) yield return "reason: " + e.Reason;
        if (e.Source is not null) yield return "source: " + e.Source;
        if (e.CorrelationId is not null) yield return "correlation: " + e.CorrelationId;
    }

    private static void Identifier(XmlWriter xml, string element, string type, string value)
    {
        xml.WriteStartElement("premis", element, Namespace);
        xml.WriteElementString("premis", element + "Type", Namespace, type);
        xml.WriteElementString("premis", element + "Value", Namespace, value);
        xml.WriteEndElement();
    }
}

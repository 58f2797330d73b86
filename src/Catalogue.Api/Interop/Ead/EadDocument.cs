using System.Globalization;
using System.Xml;
using Catalogue.Api.Provenance;
using Catalogue.Api.Records;
using Catalogue.Citations;

namespace Catalogue.Api.Interop.Ead;

/// <summary>A record in a finding aid, under the provenance reference that places it there.</summary>
public sealed record FindingAidItem(ProvenancePlacement Placement, CatalogueRecord Record);

/// <summary>What a finding aid describes: a whole fond, or one file (delo or papka) of it.</summary>
/// <param name="At">When the finding aid was derived from the catalogue.</param>
public sealed record FindingAid(string Repository, string Fond, string? Opis, string? File, string? FileKind, DateTimeOffset At)
{
    public bool IsFile => File is not null;
}

/// <summary>
/// What the head of a finding aid says of all its records — how many, their funders, the years they span, their
/// languages — gathered as the records are read, so that none of them need be held to write it.
/// </summary>
public sealed class FindingAidSummary
{
    private readonly HashSet<Guid> _records = [];
    private readonly List<string> _sponsors = [];
    private readonly List<Language> _languages = [];

    public int Records => _records.Count;

    /// <summary>The funders of the records, each once, in the order the records are listed.</summary>
    public IReadOnlyList<string> Sponsors => _sponsors;

    /// <summary>The records' original languages, each once, in the order the records are listed.</summary>
    public IReadOnlyList<Language> Languages => _languages;

    public int? FirstYear { get; private set; }

    public int? LastYear { get; private set; }

    public void Add(CatalogueRecord record)
    {
        if (!_records.Add(record.Id)) return;
        foreach (var funder in record.FundingNotes.Select(f => f.Funder))
        {
            if (!_sponsors.Contains(funder)) _sponsors.Add(funder);
        }

        foreach (var language in record.OriginalLanguages)
        {
            if (!_languages.Any(l => l.Code == language.Code)) _languages.Add(language);
        }

        foreach (var (from, to) in record.Dates.Select(d => EdtfDate.YearRange(d.Edtf)))
        {
            if (from is not null && (FirstYear is null || from < FirstYear)) FirstYear = from;
            if (to is not null && (LastYear is null || to > LastYear)) LastYear = to;
        }
    }
}

/// <summary>
/// Writes EAD3 (https://www.loc.gov/ead/): one record as a finding aid of one item, with its history as the maintenance
/// history; a fond or a file as a finding aid whose <c>dsc</c> lists its opisi, files and records in folio order.
/// </summary>
public static class EadDocument
{
    public const string Namespace = "http://ead3.archivists.org/schema/";
    public const string ContentType = "application/xml; charset=utf-8";

    /// <summary>Where the Library of Congress publishes the schema, as harvesters and validators look it up.</summary>
    public const string SchemaLocation = "https://www.loc.gov/ead/ead3.xsd";

    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <param name="links">Makes a path of this catalogue ("/api/records/…") into an absolute URL.</param>
    public static byte[] OfRecord(CatalogueRecord record, IReadOnlyList<MaintenanceEvent> history, InteropOptions agency, Func<string, string> links)
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, XmlText.Settings)) WriteRecord(xml, record, history, agency, links);
        return output.ToArray();
    }

    /// <summary>The record's <c>ead</c> element, written into a document being written (an OAI-PMH response's metadata).</summary>
    public static void WriteRecord(XmlWriter xml, CatalogueRecord record, IReadOnlyList<MaintenanceEvent> history, InteropOptions agency, Func<string, string> links)
    {
        {
            xml.WriteStartElement("ead", Namespace);
            xml.WriteAttributeString("xmlns", "xsi", null, Xsi);
            xml.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{Namespace} {SchemaLocation}");
            xml.WriteStartElement("control");
            Text(xml, "recordid", record.AccessionNumber, ("instanceurl", links($"/api/records/{record.Id}/ead")));
            Text(xml, "otherrecordid", record.Id.ToString(), ("localtype", "catalogue-id"));
            foreach (var external in record.ExternalIds) Text(xml, "otherrecordid", external.Value, ("localtype", external.Scheme));
            Text(xml, "representation", "The record as JSON", ("href", links($"/api/records/{record.Id}")), ("localtype", "application/json"));
            FileDescription(xml, record.Title, record.FundingNotes.Select(f => f.Funder));
            Empty(xml, "maintenancestatus", ("value", MaintenanceEvent.StatusOf(record)));
            Empty(xml, "publicationstatus", ("value", record.Status == RecordStatus.Published ? "published" : "inprocess"));
            Agency(xml, agency);
            LanguageDeclaration(xml);
            xml.WriteStartElement("maintenancehistory");
            foreach (var e in history) Maintenance(xml, e);
            xml.WriteEndElement();
            xml.WriteEndElement();

            xml.WriteStartElement("archdesc");
            xml.WriteAttributeString("level", "item");
            Describe(xml, record, inFocus: null, links);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
    }

    /// <summary>
    /// The order a finding aid lists its records in: a fond's by opis, then file (each in natural order, unnumbered
    /// ones first), then folio; a file's by folio. The components are written in it, opening and closing each opis and file as it changes.
    /// </summary>
    public static IReadOnlyList<ProvenancePlacement> ListingOrder(FindingAid aid, IEnumerable<ProvenancePlacement> placements) => aid.IsFile
        ? ProvenanceQueries.FolioOrder(placements)
        : [.. placements
            .GroupBy(p => p.Opis).OrderBy(g => g.Key is not null).ThenBy(g => g.Key ?? "", NaturalOrder.Instance)
            .SelectMany(series => series
                .GroupBy(p => (p.File, p.FileKind)).OrderBy(g => g.Key.File is not null).ThenBy(g => g.Key.File ?? "", NaturalOrder.Instance)
                .SelectMany(ProvenanceQueries.FolioOrder))];

    /// <summary>
    /// Writes the finding aid to <paramref name="body"/> as its records arrive (<paramref name="items"/>, in
    /// <see cref="ListingOrder"/>), a few dozen kilobytes at a time: a fond of any size costs the memory of one read
    /// of records, not of the whole document.
    /// </summary>
    public static async Task WriteFindingAidAsync(
        Stream body, FindingAid aid, FindingAidSummary summary, IAsyncEnumerable<FindingAidItem> items, InteropOptions agency, Func<string, string> links, CancellationToken ct)
    {
        var authority = RepositoryAuthorities.Resolve(aid.Repository);
        var repositoryName = authority?.NameEnglish ?? aid.Repository;
        var title = aid.IsFile
            ? $"{repositoryName}, fond {aid.Fond}{(aid.Opis is null ? "" : $", opis {aid.Opis}")}, {FileWord(aid.FileKind)} {aid.File}"
            : $"{repositoryName}, fond {aid.Fond}";
        var path = $"/api/repositories/{Uri.EscapeDataString(aid.Repository)}/fonds/{Uri.EscapeDataString(aid.Fond)}"
            + (aid.IsFile ? $"/opisi/{Uri.EscapeDataString(aid.Opis ?? "")}/files/{Uri.EscapeDataString(aid.File!)}" : "") + "/ead";

        using var buffer = new MemoryStream();
        using var xml = XmlWriter.Create(buffer, XmlText.Settings);
        xml.WriteStartElement("ead", Namespace);
        xml.WriteStartElement("control");
        Text(xml, "recordid", string.Join(".", new[] { aid.Repository, aid.Fond, aid.Opis, aid.File }.Where(p => p is not null)), ("instanceurl", links(path)));
        FileDescription(xml, $"Finding aid: {title}", summary.Sponsors);
        Empty(xml, "maintenancestatus", ("value", "derived"));
        Agency(xml, agency);
        LanguageDeclaration(xml);
        xml.WriteStartElement("maintenancehistory");
        Maintenance(xml, new MaintenanceEvent(
            "derived", aid.At, "machine", agency.AgencyName,
            $"Derived from {summary.Records} published or catalogued record{(summary.Records == 1 ? "" : "s")} of the catalogue."));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("archdesc");
        xml.WriteAttributeString("level", aid.IsFile ? "file" : "fonds");
        xml.WriteStartElement("did");
        Text(xml, "unittitle", title);
        var reference = string.Join(", ", new[]
        {
            aid.Repository, $"f. {aid.Fond}", aid.Opis is null ? null : $"op. {aid.Opis}", aid.File is null ? null : $"{FileAbbreviation(aid.FileKind)} {aid.File}",
        }.Where(p => p is not null));
        Text(xml, "unitid", reference, ("localtype", "archival-reference"), ("repositorycode", aid.Repository));
        Repository(xml, aid.Repository);
        Span(xml, summary.FirstYear, summary.LastYear);
        Languages(xml, summary.Languages);
        xml.WriteEndElement();

        xml.WriteStartElement("dsc");
        // A fond's components are grouped by opis and file, each opened where the listing reaches it and closed where it
        // leaves it (an opis or file it lists no records under has no component); a file's finding aid lists its records alone.
        ProvenancePlacement? previous = null;
        await foreach (var item in items.WithCancellation(ct))
        {
            var placement = item.Placement;
            if (!aid.IsFile)
            {
                var newSeries = previous is null || previous.Opis != placement.Opis;
                var newFile = newSeries || previous!.File != placement.File || previous.FileKind != placement.FileKind;
                if (newFile && previous?.File is not null) xml.WriteEndElement();
                if (newSeries && previous?.Opis is not null) xml.WriteEndElement();
                if (newSeries && placement.Opis is not null) Series(xml, placement.Opis);
                if (newFile && placement.File is not null) File(xml, placement.File, placement.FileKind);
            }

            Component(xml, item, links);
            previous = placement;
            if (buffer.Length >= SentEveryBytes) await SendAsync(xml, buffer, body, ct);
        }

        if (!aid.IsFile && previous?.File is not null) xml.WriteEndElement();
        if (!aid.IsFile && previous?.Opis is not null) xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
        await SendAsync(xml, buffer, body, ct);
    }

    /// <summary>How much of a finding aid is written before it is sent on: large enough for few writes, small enough to hold.</summary>
    private const int SentEveryBytes = 64 * 1024;

    private static async Task SendAsync(XmlWriter xml, MemoryStream buffer, Stream body, CancellationToken ct)
    {
        xml.Flush();
        await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        buffer.SetLength(0);
    }

    private static void Series(XmlWriter xml, string opis)
    {
        xml.WriteStartElement("c");
        xml.WriteAttributeString("level", "series");
        xml.WriteStartElement("did");
        Text(xml, "unittitle", $"Opis {opis}");
        Text(xml, "unitid", $"op. {opis}", ("localtype", "opis"));
        xml.WriteEndElement();
    }

    private static void File(XmlWriter xml, string file, string? kind)
    {
        xml.WriteStartElement("c");
        xml.WriteAttributeString("level", "file");
        xml.WriteStartElement("did");
        Text(xml, "unittitle", $"{Capitalised(FileWord(kind))} {file}");
        Text(xml, "unitid", $"{FileAbbreviation(kind)} {file}", ("localtype", kind ?? "file"));
        xml.WriteEndElement();
    }

    private static void Component(XmlWriter xml, FindingAidItem item, Func<string, string> links)
    {
        xml.WriteStartElement("c");
        xml.WriteAttributeString("level", "item");
        xml.WriteAttributeString("id", $"r{item.Record.Id:N}-{item.Placement.Number}");
        Describe(xml, item.Record, item.Record.Provenance.FirstOrDefault(p => p.Number == item.Placement.Number), links);
        xml.WriteEndElement();
    }

    /// <summary>
    /// The description of one record: its <c>did</c> and its notes and access points. In a finding aid the record is
    /// described under the one reference that places it there (<paramref name="inFocus"/>); alone, under all of them.
    /// </summary>
    private static void Describe(XmlWriter xml, CatalogueRecord record, ProvenanceEntry? inFocus, Func<string, string> links)
    {
        var references = inFocus is null ? record.Provenance : [inFocus];

        xml.WriteStartElement("did");
        Text(xml, "unittitle", record.Title);
        Text(xml, "unitid", record.AccessionNumber, ("localtype", "accession-number"));
        foreach (var reference in references)
        {
            var locator = ReferenceWithoutFolios(reference);
            if (locator.Length > 0) Text(xml, "unitid", locator, ("localtype", "archival-reference"), ("repositorycode", reference.Repository));
        }

        foreach (var date in record.Dates)
        {
            Text(xml, "unitdate", date.AsWritten, ("datechar", date.Role));
            Structured(xml, date);
        }

        Languages(xml, record.OriginalLanguages);
        if (record.Creators.Count > 0)
        {
            xml.WriteStartElement("origination");
            foreach (var creator in record.Creators) Name(xml, "persname", creator.Name, creator.Role ?? "creator");
            xml.WriteEndElement();
        }

        foreach (var repository in references.Select(r => r.Repository).OfType<string>().Distinct()) Repository(xml, repository);
        foreach (var reference in references.Where(r => r.Folios is not null))
            Text(xml, "physloc", ArchivalReference.FoliosText(reference.Folios!), ("localtype", "folios"));
        // The extent ISAD(G) asks for, when the folios give it for certain.
        if (ArchivalReference.ExtentIn(references) is { } leaves)
        {
            xml.WriteStartElement("physdescstructured");
            xml.WriteAttributeString("coverage", "whole");
            // The leaves are what the text is written on: EAD3's carrier, as boxes or reels would be.
            xml.WriteAttributeString("physdescstructuredtype", "carrier");
            Text(xml, "quantity", leaves.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Text(xml, "unittype", ArchivalReference.LeavesUnit(leaves));
            xml.WriteEndElement();
        }
        if (record.SourceUrl is not null) Empty(xml, "dao", ("daotype", "derived"), ("href", record.SourceUrl), ("linktitle", "The document at its source"));
        foreach (var text in record.FullTexts)
            Empty(xml, "dao", ("daotype", "otherdaotype"), ("otherdaotype", "fulltext"), ("href", links(text.Href)), ("linktitle", $"Full text, {text.Language}, {text.Kind}"));
        xml.WriteEndElement();

        if (record.Classification is not null) Note(xml, "odd", "classification", [record.Classification]);
        if (record.Summary is not null) Note(xml, "scopecontent", null, Paragraphs(record.Summary));
        var citations = references.Select(r => r.Citation).OfType<string>().Distinct().ToList();
        if (citations.Count > 0) Note(xml, "custodhist", null, citations);
        // How the source (a digital archive, an edition) asks for the document to be cited.
        if (record.SourceCitation is not null) Note(xml, "prefercite", null, [record.SourceCitation]);
        if (record.AcquisitionCredits.Count > 0) Note(xml, "acqinfo", null, record.AcquisitionCredits.Select(a => a.Credit));
        if (record.Translations.Count > 0) Note(xml, "odd", "translation-credit", record.Translations.Select(t => t.Credit));
        if (record.FundingNotes.Count > 0) Note(xml, "odd", "funding-note", record.FundingNotes.Select(f => f.Note));

        if (record.Participants.Count + record.Creators.Count + record.Places.Count + record.Subjects.Count > 0 || record.DocumentType is not null)
        {
            xml.WriteStartElement("controlaccess");
            foreach (var creator in record.Creators) Name(xml, "persname", creator.Name, "creator");
            foreach (var participant in record.Participants) Name(xml, "persname", participant.Name, participant.Role ?? "participant");
            foreach (var place in record.Places) Name(xml, "geogname", place, null);
            foreach (var subject in record.Subjects) Name(xml, "subject", subject, null);
            if (record.DocumentType is not null) Name(xml, "genreform", record.DocumentType, null);
            xml.WriteEndElement();
        }
    }

    private static void FileDescription(XmlWriter xml, string title, IEnumerable<string> sponsors)
    {
        xml.WriteStartElement("filedesc");
        xml.WriteStartElement("titlestmt");
        Text(xml, "titleproper", title);
        foreach (var sponsor in sponsors.Distinct()) Text(xml, "sponsor", sponsor);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Agency(XmlWriter xml, InteropOptions agency)
    {
        xml.WriteStartElement("maintenanceagency");
        if (!string.IsNullOrWhiteSpace(agency.AgencyCode)) Text(xml, "agencycode", agency.AgencyCode);
        Text(xml, "agencyname", agency.AgencyName);
        xml.WriteEndElement();
    }

    /// <summary>The descriptions are written in English, in the Latin script.</summary>
    private static void LanguageDeclaration(XmlWriter xml)
    {
        xml.WriteStartElement("languagedeclaration");
        Text(xml, "language", "English", ("langcode", "eng"));
        Text(xml, "script", "Latin", ("scriptcode", "Latn"));
        xml.WriteEndElement();
    }

    private static void Maintenance(XmlWriter xml, MaintenanceEvent e)
    {
        xml.WriteStartElement("maintenanceevent");
        Empty(xml, "eventtype", ("value", e.EventType));
        var at = e.At.ToUniversalTime();
        Text(xml, "eventdatetime", at.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
            ("standarddatetime", at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        Empty(xml, "agenttype", ("value", e.AgentType));
        Text(xml, "agent", e.Agent);
        Text(xml, "eventdescription", e.Description);
        xml.WriteEndElement();
    }

    private static void Repository(XmlWriter xml, string code)
    {
        var authority = RepositoryAuthorities.Resolve(code);
        xml.WriteStartElement("repository");
        xml.WriteStartElement("corpname");
        if (authority is not null) xml.WriteAttributeString("identifier", authority.Code);
        Text(xml, "part", authority?.NameEnglish ?? code);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Languages(XmlWriter xml, IEnumerable<Language> languages)
    {
        var distinct = languages.DistinctBy(l => l.Code).ToList();
        if (distinct.Count == 0) return;
        xml.WriteStartElement("langmaterial");
        foreach (var language in distinct)
        {
            if (LanguageCodes.Iso639_2B(language.Code) is { } code) Text(xml, "language", language.Name, ("langcode", code));
            else Text(xml, "language", language.Name);
        }

        xml.WriteEndElement();
    }

    /// <summary>
    /// The EDTF date as EAD3's structured date: a single date or a range, its <c>standarddate</c> the ISO 8601(-2) form,
    /// with the first and last day it can fall on for a date that is uncertain, approximate or not given to the day.
    /// </summary>
    private static void Structured(XmlWriter xml, DocumentDate date)
    {
        if (!EdtfDate.IsValid(date.Edtf)) return;
        xml.WriteStartElement("unitdatestructured");
        xml.WriteAttributeString("datechar", date.Role);
        if (Certainty(date.Edtf) is { } certainty) xml.WriteAttributeString("certainty", certainty);
        var slash = date.Edtf.IndexOf('/');
        if (slash < 0)
        {
            Single(xml, "datesingle", date.Edtf, date.AsWritten);
        }
        else
        {
            xml.WriteStartElement("daterange");
            var (from, to) = (date.Edtf[..slash], date.Edtf[(slash + 1)..]);
            if (from is not ("" or "..")) Single(xml, "fromdate", from, from);
            if (to is not ("" or "..")) Single(xml, "todate", to, to);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Single(XmlWriter xml, string element, string edtf, string text)
    {
        xml.WriteStartElement(element);
        xml.WriteAttributeString("standarddate", edtf);
        var (first, last) = EdtfDate.DayRange(edtf);
        if (first is { } f && last is { } l && f != l)
        {
            xml.WriteAttributeString("notbefore", IsoDay(f));
            xml.WriteAttributeString("notafter", IsoDay(l));
        }

        xml.WriteString(XmlText.Clean(text));
        xml.WriteEndElement();
    }

    /// <summary>The years the records' dates span, as the fond's or file's date.</summary>
    private static void Span(XmlWriter xml, int? first, int? last)
    {
        if (first is null || last is null) return;
        var span = first == last ? $"{first}" : $"{first}–{last}";
        Text(xml, "unitdate", span, ("unitdatetype", "inclusive"));
        xml.WriteStartElement("unitdatestructured");
        xml.WriteAttributeString("unitdatetype", "inclusive");
        xml.WriteStartElement("daterange");
        Single(xml, "fromdate", $"{first:D4}", $"{first}");
        Single(xml, "todate", $"{last:D4}", $"{last}");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string? Certainty(string edtf) =>
        edtf.Contains('%') ? "uncertain-approximate" : edtf.Contains('?') ? "uncertain" : edtf.Contains('~') ? "approximate" : null;

    private static string IsoDay(int yyyymmdd) =>
        $"{yyyymmdd / 10000:D4}-{yyyymmdd / 100 % 100:D2}-{yyyymmdd % 100:D2}";

    private static string ReferenceWithoutFolios(ArchivalReference reference) =>
        (reference with { Folios = null }).LocatorText() is { Length: > 0 } locator ? locator : reference.Citation ?? "";

    private static string FileWord(string? kind) => kind switch { "delo" => "delo", "papka" => "papka", _ => "file" };

    private static string FileAbbreviation(string? kind) => kind switch { "delo" => "d.", "papka" => "pap.", _ => "file" };

    private static string Capitalised(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static IEnumerable<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Note(XmlWriter xml, string element, string? localtype, IEnumerable<string> paragraphs)
    {
        xml.WriteStartElement(element);
        if (localtype is not null) xml.WriteAttributeString("localtype", localtype);
        foreach (var paragraph in paragraphs) Text(xml, "p", paragraph);
        xml.WriteEndElement();
    }

    private static void Name(XmlWriter xml, string element, string name, string? relator)
    {
        xml.WriteStartElement(element);
        if (relator is not null) xml.WriteAttributeString("relator", XmlText.Clean(relator));
        Text(xml, "part", name);
        xml.WriteEndElement();
    }

    private static void Text(XmlWriter xml, string element, string text, params (string Name, string? Value)[] attributes)
    {
        xml.WriteStartElement(element);
        foreach (var (name, value) in attributes)
        {
            if (value is not null) xml.WriteAttributeString(name, XmlText.Clean(value));
        }

        xml.WriteString(XmlText.Clean(text));
        xml.WriteEndElement();
    }

    private static void Empty(XmlWriter xml, string element, params (string Name, string? Value)[] attributes) => Text(xml, element, "", attributes);
}

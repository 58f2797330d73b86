using System.Globalization;
using System.Xml;
using Catalogue.Api.Hosting;
using Catalogue.Api.Interop.DublinCore;
using Catalogue.Api.Interop.Ead;
using Catalogue.Api.Records;
using Catalogue.Citations;
using Marten;
using Npgsql;

namespace Catalogue.Api.Interop.Oai;

/// <summary>A record as a harvest lists it: its row of the harvest index.</summary>
public sealed record HarvestedRecord(Guid Id, DateTimeOffset Datestamp, bool Published, IReadOnlyList<string> Sets);

/// <summary>
/// An OAI-PMH 2.0 data provider (https://www.openarchives.org/OAI/openarchivesprotocol.html) over the catalogue's
/// published records: the six verbs, <c>oai_dc</c> and <c>ead3</c>, sets by repository and fond, datestamps to the
/// second from the harvest index, deleted records kept for good, and stateless resumption tokens.
/// </summary>
public sealed class OaiProvider(CatalogueReads reads, InteropOptions options, Audit.Chain.CheckpointSigningKey signingKey)
{
    private readonly byte[] _tokenSecret = signingKey.DerivedSecret(ResumptionToken.SecretPurpose);

    public const string Namespace = "http://www.openarchives.org/OAI/2.0/";
    public const string Schema = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd";
    private const string Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>The OAI-PMH response to a request's arguments, always XML and always HTTP 200, errors included.</summary>
    public async Task<byte[]> AnswerAsync(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> arguments, HttpContext http)
    {
        var ct = http.RequestAborted;
        var (request, error) = OaiRequest.Read(arguments);
        if (request is null) return await RefuseAsync(error!, http);

        var baseUrl = ExportEadEndpoints.Links(http)(HarvestEndpoint.Route);
        var repository = options.OaiRepositoryIdentifier ?? RepositoryOf(ExportEadEndpoints.HostOf(http));
        // A response's date is the moment the harvest saw everything up to (see HarvestIndex), to the second.
        var (seen, source) = await HarvestIndex.HarvestBoundaryAsync(reads, ct);
        var boundary = Truncated(seen);

        var answer = request.Verb switch
        {
            OaiRequest.Identify => await IdentifyAsync(source, request, baseUrl, boundary, ct),
            OaiRequest.ListMetadataFormats => await ListMetadataFormatsAsync(source, request, repository, ct),
            OaiRequest.ListSets => await ListSetsAsync(source, request, ct),
            OaiRequest.GetRecord => await GetRecordAsync(source, request, repository, http, ct),
            _ => await ListAsync(source, request, repository, boundary, http, ct),
        };
        return Respond(answer.ResponseDate ?? boundary, baseUrl, request, answer.Write, answer.Errors);
    }

    /// <summary>A request refused before any verb ran (badVerb, badArgument), echoed as the base URL alone.</summary>
    public Task<byte[]> RefuseAsync(OaiError error, HttpContext http) =>
        Task.FromResult(Respond(Truncated(DateTimeOffset.UtcNow), ExportEadEndpoints.Links(http)(HarvestEndpoint.Route), null, xml => WriteErrors(xml, [error]), [error]));

    /// <summary>What a verb answers: its element, or the errors; and the date to answer with when it is not now.</summary>
    private sealed record Answer(Action<XmlWriter> Write, IReadOnlyList<OaiError>? Errors = null, DateTimeOffset? ResponseDate = null)
    {
        public static Answer Failed(params OaiError[] errors) => new(xml => WriteErrors(xml, errors), errors);
    }

    private async Task<Answer> IdentifyAsync(ReadSource source, OaiRequest request, string baseUrl, DateTimeOffset boundary, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand($"SELECT min(datestamp) FROM {HarvestIndex.Table}");
        var earliest = await command.ExecuteScalarAsync(ct) is DateTime first ? Truncated(new DateTimeOffset(first, TimeSpan.Zero)) : boundary;
        return new Answer(xml =>
        {
            xml.WriteStartElement(request.Verb, Namespace);
            xml.WriteElementString("repositoryName", Namespace, XmlText.Clean(options.AgencyName));
            xml.WriteElementString("baseURL", Namespace, XmlText.Clean(baseUrl));
            xml.WriteElementString("protocolVersion", Namespace, "2.0");
            xml.WriteElementString("adminEmail", Namespace, XmlText.Clean(options.AdminEmail));
            xml.WriteElementString("earliestDatestamp", Namespace, Stamp(earliest));
            xml.WriteElementString("deletedRecord", Namespace, "persistent");
            xml.WriteElementString("granularity", Namespace, "YYYY-MM-DDThh:mm:ssZ");
            xml.WriteEndElement();
        });
    }

    private async Task<Answer> ListMetadataFormatsAsync(ReadSource source, OaiRequest request, string repository, CancellationToken ct)
    {
        if (request.Identifier is not null && await FindAsync(source, request.Identifier, repository, ct) is null) return Answer.Failed(NoSuchIdentifier(request.Identifier));
        return new Answer(xml =>
        {
            xml.WriteStartElement(request.Verb, Namespace);
            foreach (var format in OaiFormats.All)
            {
                xml.WriteStartElement("metadataFormat", Namespace);
                xml.WriteElementString("metadataPrefix", Namespace, format.Prefix);
                xml.WriteElementString("schema", Namespace, format.Schema);
                xml.WriteElementString("metadataNamespace", Namespace, format.Namespace);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        });
    }

    /// <summary>Every repository and every fond of them that a record ever published is placed in.</summary>
    private async Task<Answer> ListSetsAsync(ReadSource source, OaiRequest request, CancellationToken ct)
    {
        // The sets are few (a repository and its fonds), so the list comes whole and a token is never given.
        if (request.ResumptionToken is not null) return Answer.Failed(new OaiError("badResumptionToken", "The list of sets comes whole; there is no token to resume it with."));
        // Read off the harvest index, whose sets are exactly those a harvest can select.
        await using var command = source.DataSource.CreateCommand($"SELECT DISTINCT spec FROM {HarvestIndex.Table}, unnest(sets) spec");
        var sets = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var spec = reader.GetString(0);
                var (code, fond) = SetSpec.Read(spec);
                sets[spec] = fond is not null ? $"{code}, fond {fond}"
                    : RepositoryAuthorities.Resolve(code)?.NameEnglish is { } english ? $"{english} ({code})" : code;
            }
        }

        if (sets.Count == 0) return Answer.Failed(new OaiError("noSetHierarchy", "No published record is placed in a repository yet, so there are no sets."));
        return new Answer(xml =>
        {
            xml.WriteStartElement(request.Verb, Namespace);
            foreach (var (spec, name) in sets)
            {
                xml.WriteStartElement("set", Namespace);
                xml.WriteElementString("setSpec", Namespace, spec);
                xml.WriteElementString("setName", Namespace, XmlText.Clean(name));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        });
    }

    private async Task<Answer> GetRecordAsync(ReadSource source, OaiRequest request, string repository, HttpContext http, CancellationToken ct)
    {
        if (OaiFormats.Find(request.MetadataPrefix!) is not { } format) return Answer.Failed(CannotDisseminate(request.MetadataPrefix!));
        if (await FindAsync(source, request.Identifier!, repository, ct) is not { } found) return Answer.Failed(NoSuchIdentifier(request.Identifier!));

        var metadata = await MetadataAsync(source, [found], format, http, ct);
        return new Answer(xml =>
        {
            xml.WriteStartElement(request.Verb, Namespace);
            Record(xml, found, repository, metadata);
            xml.WriteEndElement();
        });
    }

    /// <summary>
    /// ListIdentifiers and ListRecords: the records whose datestamp falls in the harvest, oldest change first, a page at
    /// a time. The harvest ends where its first page saw everything (or at <c>until</c>, if earlier), and every page
    /// answers with that moment as its date: a harvester that starts its next harvest from it misses nothing.
    /// </summary>
    private async Task<Answer> ListAsync(ReadSource source, OaiRequest request, string repository, DateTimeOffset boundary, HttpContext http, CancellationToken ct)
    {
        ResumptionToken position;
        if (request.ResumptionToken is not null)
        {
            if (ResumptionToken.Decode(request.ResumptionToken, request.Verb, _tokenSecret) is not { } token)
                return Answer.Failed(new OaiError("badResumptionToken", "The resumptionToken is not one this repository gives for this verb (cut short, or changed): resume with the token the last page gave, or start the list again."));
            position = token;
        }
        else
        {
            if (OaiFormats.Find(request.MetadataPrefix!) is null) return Answer.Failed(CannotDisseminate(request.MetadataPrefix!));
            var until = request.Until is { } given && given.End < boundary ? given.End : boundary;
            var size = await CountAsync(source, request.Set, request.From?.At, until, ct);
            if (size == 0) return Answer.Failed(new OaiError("noRecordsMatch", "No record matches the harvest's format, set and dates."));
            position = new ResumptionToken(request.Verb, request.MetadataPrefix!, request.Set, request.From?.At, until, DateTimeOffset.MinValue, Guid.Empty, 0, size);
        }

        var perPage = request.Verb == OaiRequest.ListRecords ? options.OaiRecordsPerPage : options.OaiIdentifiersPerPage;
        var page = await PageAsync(source, position, perPage + 1, ct);
        // Every record left in the list changed since it began (and so moved past its end): the next harvest has them.
        if (page.Count == 0)
            return Answer.Failed(new OaiError("noRecordsMatch", "The records left in this list have changed since it began; harvest again from its response date to get them."));
        var more = page.Count > perPage;
        if (more) page = page.Take(perPage).ToList();
        var format = OaiFormats.Find(position.MetadataPrefix)!;
        var metadata = request.Verb == OaiRequest.ListRecords ? await MetadataAsync(source, page, format, http, ct) : null;
        var next = more
            ? position with { AfterDatestamp = page[^1].Datestamp, AfterId = page[^1].Id, Cursor = position.Cursor + page.Count, CompleteListSize = Math.Max(position.CompleteListSize, position.Cursor + page.Count + 1) }
            : null;

        return new Answer(
            xml =>
            {
                xml.WriteStartElement(request.Verb, Namespace);
                foreach (var found in page)
                {
                    if (metadata is null) Header(xml, found, repository);
                    else Record(xml, found, repository, metadata);
                }

                // The last page of a list that took a token carries an empty one, as the protocol asks.
                if (next is not null || request.ResumptionToken is not null)
                {
                    xml.WriteStartElement("resumptionToken", Namespace);
                    xml.WriteAttributeString("completeListSize", Math.Max(position.CompleteListSize, position.Cursor + page.Count).ToString(CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("cursor", position.Cursor.ToString(CultureInfo.InvariantCulture));
                    if (next is not null) xml.WriteString(next.Encode(_tokenSecret));
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            },
            ResponseDate: Truncated(position.Until));
    }

    private static string Where(string? set, bool after) =>
        "datestamp >= @from AND datestamp < @until"
        // A set's harvests take the records that left it too, answered as deleted (PublishedIn).
        + (set is null ? "" : " AND (sets @> ARRAY[@set]::text[] OR former_sets @> ARRAY[@set]::text[])")
        + (after ? " AND (datestamp, id) > (@afterDatestamp, @afterId)" : "");

    /// <summary>Whether a row is a live record of the list: published, and in its set when it asks for one.</summary>
    private static string PublishedIn(string? set) => set is null ? "published" : "published AND sets @> ARRAY[@set]::text[]";

    private async Task<int> CountAsync(ReadSource source, string? set, DateTimeOffset? from, DateTimeOffset until, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand($"SELECT count(*) FROM {HarvestIndex.Table} WHERE {Where(set, after: false)}");
        command.Parameters.AddWithValue("from", from ?? DateTimeOffset.UnixEpoch);
        command.Parameters.AddWithValue("until", until);
        if (set is not null) command.Parameters.AddWithValue("set", set);
        return (int)(long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<IReadOnlyList<HarvestedRecord>> PageAsync(ReadSource source, ResumptionToken position, int limit, CancellationToken ct)
    {
        var after = position.Cursor > 0;
        await using var command = source.DataSource.CreateCommand(
            $"SELECT id, datestamp, {PublishedIn(position.Set)}, sets FROM {HarvestIndex.Table} WHERE {Where(position.Set, after)} ORDER BY datestamp, id LIMIT @limit");
        command.Parameters.AddWithValue("from", position.From ?? DateTimeOffset.UnixEpoch);
        command.Parameters.AddWithValue("until", position.Until);
        if (position.Set is not null) command.Parameters.AddWithValue("set", position.Set);
        if (after)
        {
            command.Parameters.AddWithValue("afterDatestamp", position.AfterDatestamp);
            command.Parameters.AddWithValue("afterId", position.AfterId);
        }

        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, ct);
    }

    private async Task<HarvestedRecord?> FindAsync(ReadSource source, string identifier, string repository, CancellationToken ct)
    {
        var prefix = $"oai:{repository}:";
        if (!identifier.StartsWith(prefix, StringComparison.Ordinal) || !Guid.TryParseExact(identifier[prefix.Length..], "D", out var id)) return null;
        await using var command = source.DataSource.CreateCommand($"SELECT id, datestamp, published, sets FROM {HarvestIndex.Table} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, ct)).SingleOrDefault();
    }

    private static async Task<IReadOnlyList<HarvestedRecord>> ReadAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var found = new List<HarvestedRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new HarvestedRecord(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.GetFieldValue<string[]>(3)));
        return found;
    }

    /// <summary>
    /// The metadata of the published records among <paramref name="found"/>, written as the format asks, by id. A record
    /// whose read model was withdrawn after the harvest index last saw it is answered as deleted: the index follows
    /// within a moment, and the next harvest has it deleted too.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, Action<XmlWriter>>> MetadataAsync(ReadSource source, IReadOnlyList<HarvestedRecord> found, OaiFormat format, HttpContext http, CancellationToken ct)
    {
        var ids = found.Where(f => f.Published).Select(f => f.Id).ToArray();
        if (ids.Length == 0) return new Dictionary<Guid, Action<XmlWriter>>();
        await using var session = source.OpenSession();
        var records = (await session.LoadManyAsync<CatalogueRecord>(ct, ids)).Where(r => r.Status == RecordStatus.Published).ToList();
        var links = ExportEadEndpoints.Links(http);
        if (format == OaiFormats.OaiDc)
        {
            var sameFile = await SameFileAsync(source, records, ct);
            return records.ToDictionary(r => r.Id, r =>
            {
                var dublinCore = DublinCoreRecord.Of(r, links($"/api/records/{r.Id}"), [.. sameFile[r.Id].Select(id => links($"/api/records/{id}"))], options);
                return (Action<XmlWriter>)dublinCore.WriteOaiDc;
            });
        }

        var histories = await HistoriesAsync(source, records, ct);
        return records.ToDictionary(r => r.Id, r => (Action<XmlWriter>)(xml => EadDocument.WriteRecord(xml, r, histories[r.Id], options, links)));
    }

    /// <summary>Dublin Core's relation for each record: the other published records of its delo or papka, in one query for the page.</summary>
    private async Task<ILookup<Guid, Guid>> SameFileAsync(ReadSource source, IReadOnlyList<CatalogueRecord> records, CancellationToken ct)
    {
        await using var command = source.DataSource.CreateCommand(
            $"""
            SELECT DISTINCT mine.record_id, theirs.record_id
            FROM {Provenance.CatalogueSchemaTables.Placements} mine
            JOIN {Provenance.CatalogueSchemaTables.Placements} theirs
              ON theirs.repository = mine.repository AND theirs.fond = mine.fond AND theirs.opis IS NOT DISTINCT FROM mine.opis AND theirs.file = mine.file
             AND theirs.record_id <> mine.record_id
            JOIN {HarvestIndex.Table} h ON h.id = theirs.record_id AND h.published
            WHERE mine.record_id = ANY(@ids) AND mine.file IS NOT NULL
            ORDER BY 1, 2
            """);
        command.Parameters.AddWithValue("ids", records.Select(r => r.Id).ToArray());
        var pairs = new List<(Guid Record, Guid Related)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetGuid(0), reader.GetGuid(1)));
        return pairs.ToLookup(p => p.Record, p => p.Related);
    }

    /// <summary>
    /// Each record's maintenance history as a harvester may read it (the kind of each change, not who or why), from the
    /// events' columns without their data, for the page in one query.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, IReadOnlyList<MaintenanceEvent>>> HistoriesAsync(ReadSource source, IReadOnlyList<CatalogueRecord> records, CancellationToken ct)
    {
        var versions = records.ToDictionary(r => r.Id, r => r.Version);
        await using var command = source.DataSource.CreateCommand(
            $"SELECT stream_id, version, type, timestamp, user_name FROM {CatalogueSchema.Name}.mt_events WHERE stream_id = ANY(@ids) ORDER BY stream_id, version");
        command.Parameters.AddWithValue("ids", versions.Keys.ToArray());
        var histories = versions.Keys.ToDictionary(id => id, _ => new List<MaintenanceEvent>());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (id, version, type) = (reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2));
            if (version > versions[id]) continue;
            var actor = await reader.IsDBNullAsync(4, ct) ? Records.Writing.ChangeContext.AnonymousActor : reader.GetString(4);
            histories[id].Add(new MaintenanceEvent(
                MaintenanceEvent.TypeOf(type), reader.GetFieldValue<DateTimeOffset>(3), MaintenanceEvent.AgentTypeOf(actor), options.AgencyName, $"{type} (version {version})"));
        }

        return histories.ToDictionary(h => h.Key, h => (IReadOnlyList<MaintenanceEvent>)h.Value);
    }

    private static void Record(XmlWriter xml, HarvestedRecord found, string repository, IReadOnlyDictionary<Guid, Action<XmlWriter>> metadata)
    {
        var writeMetadata = metadata.GetValueOrDefault(found.Id);
        xml.WriteStartElement("record", Namespace);
        Header(xml, found with { Published = writeMetadata is not null }, repository);
        if (writeMetadata is not null)
        {
            xml.WriteStartElement("metadata", Namespace);
            writeMetadata(xml);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Header(XmlWriter xml, HarvestedRecord found, string repository)
    {
        xml.WriteStartElement("header", Namespace);
        if (!found.Published) xml.WriteAttributeString("status", "deleted");
        xml.WriteElementString("identifier", Namespace, IdentifierOf(repository, found.Id));
        xml.WriteElementString("datestamp", Namespace, Stamp(found.Datestamp));
        foreach (var set in found.Sets) xml.WriteElementString("setSpec", Namespace, set);
        xml.WriteEndElement();
    }

    public static string IdentifierOf(string repository, Guid id) => $"oai:{repository}:{id}";

    /// <summary>
    /// The repository part of identifiers when none is configured: the host name requests reach the service by. An
    /// IPv6 literal (<c>[2001:db8::1]</c>) cannot stand there (its brackets make the identifier no URI), so it is
    /// written as a name the way Windows writes such addresses in UNC paths (<c>2001-db8--1.ipv6-literal.net</c>).
    /// </summary>
    public static string RepositoryOf(HostString host)
    {
        var name = host.Host;
        if (!name.StartsWith('[')) return name;
        return name.Trim('[', ']').Replace(':', '-').Replace('%', 's') + ".ipv6-literal.net";
    }

    private static byte[] Respond(DateTimeOffset responseDate, string baseUrl, OaiRequest? request, Action<XmlWriter> body, IReadOnlyList<OaiError>? errors = null)
    {
        var output = new MemoryStream();
        using (var xml = XmlWriter.Create(output, XmlText.Settings))
        {
            xml.WriteStartElement("OAI-PMH", Namespace);
            xml.WriteAttributeString("xmlns", "xsi", null, Xsi);
            xml.WriteAttributeString("xsi", "schemaLocation", Xsi, $"{Namespace} {Schema}");
            xml.WriteElementString("responseDate", Namespace, Stamp(responseDate));
            xml.WriteStartElement("request", Namespace);
            // After badVerb or badArgument the request is echoed as its base URL alone, as the protocol asks.
            var echoes = request is not null && errors?.Any(e => e.Code is "badVerb" or "badArgument") != true;
            if (echoes)
            {
                xml.WriteAttributeString("verb", request!.Verb);
                if (request.Identifier is not null) xml.WriteAttributeString("identifier", XmlText.Clean(request.Identifier));
                if (request.MetadataPrefix is not null) xml.WriteAttributeString("metadataPrefix", XmlText.Clean(request.MetadataPrefix));
                if (request.From is not null) xml.WriteAttributeString("from", request.From.AsGiven);
                if (request.Until is not null) xml.WriteAttributeString("until", request.Until.AsGiven);
                if (request.Set is not null) xml.WriteAttributeString("set", request.Set);
                if (request.ResumptionToken is not null) xml.WriteAttributeString("resumptionToken", XmlText.Clean(request.ResumptionToken));
            }

            xml.WriteString(baseUrl);
            xml.WriteEndElement();
            body(xml);
            xml.WriteEndElement();
        }

        return output.ToArray();
    }

    private static void WriteErrors(XmlWriter xml, IReadOnlyList<OaiError> errors)
    {
        foreach (var error in errors)
        {
            xml.WriteStartElement("error", Namespace);
            xml.WriteAttributeString("code", error.Code);
            xml.WriteString(XmlText.Clean(error.Message));
            xml.WriteEndElement();
        }
    }

    private static OaiError CannotDisseminate(string prefix) =>
        new("cannotDisseminateFormat", $"'{OaiRequest.Printable(prefix)}' is not a format of this repository. The formats are: {string.Join(", ", OaiFormats.All.Select(f => f.Prefix))}.");

    private static OaiError NoSuchIdentifier(string identifier) =>
        new("idDoesNotExist", $"'{OaiRequest.Printable(identifier)}' names no record of this repository.");

    private static DateTimeOffset Truncated(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string Stamp(DateTimeOffset instant) => Truncated(instant).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

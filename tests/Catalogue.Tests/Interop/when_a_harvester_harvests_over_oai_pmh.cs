using System.Net;
using System.Text;
using System.Xml.Linq;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Interop;

/// <summary>
/// An aggregator harvests the catalogue's published records over OAI-PMH 2.0, page after page, and comes back later for
/// what changed: every response valid against the OAI-PMH schema, drafts never seen, withdrawn records deleted for good,
/// and no change made between two harvests missed.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_a_harvester_harvests_over_oai_pmh(CatalogueService service) : CatalogueScenario(service)
{
    private static readonly XNamespace Oai = Harvester.Oai;
    private static readonly XNamespace Dc = ArchiveSchemas.DublinCore;
    private static readonly XNamespace Ead = ArchiveSchemas.Ead3;

    private Harvester Harvester => new(Service);

    private Task<Guid> Catalogued(string title, string citation = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85", bool published = true) =>
        Api.CatalogueAsync(title, citation, published);

    private Task EverythingHarvestable() => Harvester.EverythingHarvestable();

    private async Task<IReadOnlyList<Guid>> TwelvePublishedAndTwoDrafts()
    {
        var published = new List<Guid>();
        for (var i = 1; i <= 12; i++)
            published.Add(await Catalogued($"Memorandum {i:D2}", i % 3 == 0 ? $"RGASPI, f. 558, op. 11, d. {i}, l. {i}" : $"AVPRF, f. 0100, op. 42, por. 19, pap. 288, l. {i}"));
        await Catalogued("A draft nobody may harvest", published: false);
        await Catalogued("Another draft", published: false);
        await EverythingHarvestable();
        return published;
    }

    [Fact]
    public async Task identify_describes_the_repository()
    {
        await Catalogued("Memorandum 01");
        await EverythingHarvestable();

        var response = await Harvester.Ask(("verb", "Identify"));

        var identify = response.Root!.Element(Oai + "Identify")!;
        Assert.Equal("Catalogue", identify.Element(Oai + "repositoryName")!.Value);
        Assert.Equal("http://localhost/oai", identify.Element(Oai + "baseURL")!.Value);
        Assert.Equal("2.0", identify.Element(Oai + "protocolVersion")!.Value);
        Assert.Equal("persistent", identify.Element(Oai + "deletedRecord")!.Value);
        Assert.Equal("YYYY-MM-DDThh:mm:ssZ", identify.Element(Oai + "granularity")!.Value);
        Assert.True(string.CompareOrdinal(identify.Element(Oai + "earliestDatestamp")!.Value, Harvester.ResponseDate(response)) < 0);
        Assert.Equal("Identify", Harvester.Request(response).Attribute("verb")!.Value);
    }

    /// <summary>
    /// A deployment's environment gives a setting it leaves to its default as blank (docker-compose.yml passes
    /// CATALOGUE_OAI_REPOSITORY_IDENTIFIER unset as ""): the service starts, and identifiers carry the host name.
    /// </summary>
    [Fact]
    public async Task a_repository_identifier_given_blank_is_left_unset()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("oai_blank_identifier", new Dictionary<string, string> { ["Catalogue:Interop:OaiRepositoryIdentifier"] = "" });

        var identify = System.Xml.Linq.XDocument.Parse((await catalogue.Anonymous.Get("/oai?verb=Identify")).ShouldBe(System.Net.HttpStatusCode.OK).Text);

        Assert.Equal("http://localhost/oai", identify.Descendants(Oai + "baseURL").Single().Value);
        var unknown = System.Xml.Linq.XDocument.Parse((await catalogue.Anonymous.Get($"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:{Guid.NewGuid()}")).Text);
        Assert.Equal("idDoesNotExist", unknown.Descendants(Oai + "error").Single().Attribute("code")!.Value);
    }

    /// <summary>
    /// Found from outside: a request naming no host (an empty Host header, which HTTP/1.1 allows) was answered with
    /// the base URL "http:///oai" and identifiers "oai::…". It is answered with the address the request reached.
    /// </summary>
    [Fact]
    public async Task a_request_that_names_no_host_is_answered_with_the_address_it_reached()
    {
        var id = await Catalogued("Memorandum 01");
        await EverythingHarvestable();

        var context = await Service.Host.Server.SendAsync(http =>
        {
            http.Request.Method = "GET";
            http.Request.Path = "/oai";
            http.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?verb=ListIdentifiers&metadataPrefix=oai_dc");
            http.Request.Host = new Microsoft.AspNetCore.Http.HostString("");
        });
        using var body = new StreamReader(context.Response.Body);
        var response = System.Xml.Linq.XDocument.Parse(await body.ReadToEndAsync());

        Assert.Equal("http://127.0.0.1/oai", Harvester.Request(response).Value);
        Assert.Equal($"oai:127.0.0.1:{id}", response.Descendants(Oai + "identifier").Single().Value);
    }

    [Fact]
    public async Task a_full_harvest_takes_every_published_record_once_across_pages()
    {
        var published = await TwelvePublishedAndTwoDrafts();

        var pages = await Harvester.Pages("ListRecords", ("metadataPrefix", "oai_dc"));

        Assert.Equal(3, pages.Count);
        var headers = Harvester.Headers(pages);
        Assert.Equal(published.Order(), headers.Select(Harvester.IdOf).Order());
        Assert.Equal(12, headers.Select(Harvester.IdOf).Distinct().Count());
        var tokens = pages.Select(p => p.Root!.Element(Oai + "ListRecords")!.Element(Oai + "resumptionToken")!).ToList();
        Assert.Equal(["0", "5", "10"], tokens.Select(t => t.Attribute("cursor")!.Value));
        Assert.All(tokens, t => Assert.Equal("12", t.Attribute("completeListSize")!.Value));
        Assert.Equal("", tokens[^1].Value);
        // Every page answers with the moment the harvest saw everything up to: the from of the next harvest.
        Assert.Single(pages.Select(Harvester.ResponseDate).Distinct());
        var titles = pages.SelectMany(p => p.Descendants(Dc + "title")).Select(t => t.Value).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"Memorandum {i:D2}"), titles.Order());
    }

    [Fact]
    public async Task identifiers_are_listed_a_page_at_a_time_too()
    {
        var published = await TwelvePublishedAndTwoDrafts();

        var pages = await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "ead3"));

        Assert.Equal(2, pages.Count);
        Assert.Equal(published.Order(), Harvester.Headers(pages).Select(Harvester.IdOf).Order());
        Assert.Empty(pages.SelectMany(p => p.Descendants(Oai + "metadata")));
    }

    [Fact]
    public async Task a_set_is_a_repository_or_one_of_its_fonds()
    {
        var published = await TwelvePublishedAndTwoDrafts();

        var sets = (await Harvester.Ask(("verb", "ListSets"))).Root!.Element(Oai + "ListSets")!.Elements(Oai + "set")
            .ToDictionary(s => s.Element(Oai + "setSpec")!.Value, s => s.Element(Oai + "setName")!.Value);
        var fond = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "AVPRF:0100")));
        var rgaspi = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "RGASPI")));

        Assert.Equal(["AVPRF", "AVPRF:0100", "RGASPI", "RGASPI:558"], sets.Keys);
        Assert.Equal("Foreign Policy Archive of the Russian Federation (AVPRF)", sets["AVPRF"]);
        Assert.Equal("AVPRF, fond 0100", sets["AVPRF:0100"]);
        Assert.Equal(8, fond.Count);
        Assert.Equal(4, rgaspi.Count);
        Assert.All(rgaspi, h => Assert.Equal(["RGASPI", "RGASPI:558"], h.Elements(Oai + "setSpec").Select(s => s.Value)));
        Assert.Equal(published.Order(), fond.Concat(rgaspi).Select(Harvester.IdOf).Order());
    }

    [Fact]
    public async Task a_set_is_named_as_its_repository_and_fond_are_written_whatever_its_spec_escapes()
    {
        var id = (await Api.Post("/api/records", new { title = "Telegram from the Department" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository = "Archive of the Dept. №2", fond = "5а" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        await EverythingHarvestable();

        var sets = (await Harvester.Ask(("verb", "ListSets"))).Root!.Element(Oai + "ListSets")!.Elements(Oai + "set")
            .ToDictionary(s => s.Element(Oai + "setSpec")!.Value, s => s.Element(Oai + "setName")!.Value);

        Assert.Equal("Archive of the Dept. №2", sets["Archive~20of~20the~20Dept.~20~E2~84~962"]);
        Assert.Equal("Archive of the Dept. №2, fond 5а", sets["Archive~20of~20the~20Dept.~20~E2~84~962:5~D0~B0"]);
        var listed = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "Archive~20of~20the~20Dept.~20~E2~84~962:5~D0~B0")));
        Assert.Equal([id], listed.Select(Harvester.IdOf));
    }

    /// <summary>Found from outside: a Cyrillic archive's name is written six characters a letter, past the bound sets were asked by.</summary>
    [Fact]
    public async Task every_set_listed_can_be_harvested_however_long_its_spec_is_written()
    {
        var repository = string.Concat(Enumerable.Repeat("Государственный архив ", 10))[..200].Trim();
        var id = (await Api.Post("/api/records", new { title = "Справка о беседе" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post($"/api/records/{id}/provenance", new { version = 1, repository, fond = "Р-" + new string('Ж', 48) })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        await EverythingHarvestable();

        var specs = (await Harvester.Ask(("verb", "ListSets"))).Descendants(Oai + "setSpec").Select(s => s.Value).ToList();
        var harvested = new List<Guid>();
        foreach (var spec in specs) harvested.AddRange(Harvester.Headers([await Harvester.AskByPost(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", spec))]).Select(Harvester.IdOf));
        var tooLong = await Harvester.AskByPost(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", new string('A', 48_002)));

        Assert.Equal(2, specs.Count);
        Assert.True(specs[1].Length > 1_000, specs[1]);
        Assert.Equal([id, id], harvested);
        Assert.Equal(["badArgument"], Harvester.Errors(tooLong));
        Assert.Contains("is longer than any set spec of this repository (at most 48,001 characters)", tooLong.Descendants(Oai + "error").Single().Value);
    }

    /// <summary>
    /// Found from outside: a record whose fond was corrected left its set unseen — the set's next harvest did not name it,
    /// and its harvester kept it. A set's harvests answer a record that left it as deleted, for good, as the protocol
    /// answers a record withdrawn; the record lives on in its new set, and without a set.
    /// </summary>
    [Fact]
    public async Task a_record_that_leaves_a_set_is_deleted_from_that_sets_harvests()
    {
        var moved = await Catalogued("Memorandum 01");
        var stays = await Catalogued("Memorandum 02");
        var draft = await Catalogued("A draft moved before anyone could harvest it", published: false);
        await EverythingHarvestable();
        var first = await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "AVPRF:0100"));

        (await Api.Post($"/api/records/{moved}/provenance/2/corrections", new { version = 3, reason = "Fond misread", fond = "0101" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{draft}/provenance/2/corrections", new { version = 2, reason = "Fond misread", fond = "0101" })).ShouldBe(HttpStatusCode.OK);
        await EverythingHarvestable();
        var left = Harvester.Headers(await Harvester.Pages("ListRecords", ("metadataPrefix", "oai_dc"), ("set", "AVPRF:0100"), ("from", Harvester.ResponseDate(first[0]))));
        var arrived = Harvester.Headers(await Harvester.Pages("ListRecords", ("metadataPrefix", "oai_dc"), ("set", "AVPRF:0101")));
        var wholeSet = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "AVPRF:0100")));
        var everywhere = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("set", "AVPRF")));

        Assert.Equal(new[] { moved, stays }.Order(), Harvester.Headers(first).Select(Harvester.IdOf).Order());
        var gone = Assert.Single(left);
        Assert.Equal((moved, "deleted"), (Harvester.IdOf(gone), gone.Attribute("status")?.Value));
        Assert.Empty(left.Select(h => h.Parent!).Elements(Oai + "metadata"));
        var now = Assert.Single(arrived);
        Assert.Equal((moved, null), (Harvester.IdOf(now), now.Attribute("status")?.Value));
        Assert.Equal(["AVPRF", "AVPRF:0101"], now.Elements(Oai + "setSpec").Select(s => s.Value));
        Assert.Equal([(stays, null), (moved, "deleted")], wholeSet.Select(h => (Harvester.IdOf(h), h.Attribute("status")?.Value)));
        Assert.All(everywhere, h => Assert.Null(h.Attribute("status")));
        // The sets left are folded event by event: a rebuild from the events, which folds them together, agrees.
        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
    }

    [Fact]
    public async Task an_incremental_harvest_sees_exactly_the_changes_made_since_the_last()
    {
        var published = await TwelvePublishedAndTwoDrafts();
        var first = await Harvester.Pages("ListRecords", ("metadataPrefix", "oai_dc"));
        var from = Harvester.ResponseDate(first[0]);

        (await Api.Post($"/api/records/{published[0]}/title", new { version = 3, title = "Memorandum 01, corrected", reason = "Typo" })).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{published[1]}/withdraw", new { version = 3, reason = "Duplicate" })).ShouldBe(HttpStatusCode.OK);
        var added = await Catalogued("Memorandum 13");
        await Catalogued("A third draft", published: false);
        await EverythingHarvestable();
        var second = await Harvester.Pages("ListRecords", ("metadataPrefix", "oai_dc"), ("from", from));

        var headers = Harvester.Headers(second);
        Assert.Equal(new[] { published[0], published[1], added }.Order(), headers.Select(Harvester.IdOf).Order());
        var withdrawn = Assert.Single(headers, h => Harvester.IsDeleted(h));
        Assert.Equal(published[1], Harvester.IdOf(withdrawn));
        Assert.Contains("Memorandum 01, corrected", second.SelectMany(p => p.Descendants(Dc + "title")).Select(t => t.Value));
        Assert.All(headers, h => Assert.True(string.CompareOrdinal(h.Element(Oai + "datestamp")!.Value, from) >= 0));
        Assert.Equal(2, second.SelectMany(p => p.Descendants(Oai + "metadata")).Count());

        // And nothing changed since the second harvest: the third from its date finds no record.
        await EverythingHarvestable();
        var third = await Harvester.Ask(("verb", "ListRecords"), ("metadataPrefix", "oai_dc"), ("from", Harvester.ResponseDate(second[0])));
        Assert.Equal(["noRecordsMatch"], Harvester.Errors(third));
    }

    [Fact]
    public async Task a_record_changed_during_a_harvest_is_in_the_next_one_and_records_added_meanwhile_disturb_no_page()
    {
        var published = await TwelvePublishedAndTwoDrafts();
        var firstPage = await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"));
        var given = Harvester.Headers([firstPage]).Select(Harvester.IdOf).ToList();
        var notYetGiven = published.Except(given).First();

        (await Api.Post($"/api/records/{notYetGiven}/title", new { version = 3, title = "Changed during the harvest", reason = "Correction" })).ShouldBe(HttpStatusCode.OK);
        var added = new[] { await Catalogued("Added during the harvest 1"), await Catalogued("Added during the harvest 2") };
        await EverythingHarvestable();
        var rest = new List<XDocument>();
        var token = firstPage.Root!.Element(Oai + "ListIdentifiers")!.Element(Oai + "resumptionToken")!.Value;
        while (token.Length > 0)
        {
            rest.Add(await Harvester.Ask(("verb", "ListIdentifiers"), ("resumptionToken", token)));
            token = rest[^1].Root!.Element(Oai + "ListIdentifiers")!.Element(Oai + "resumptionToken")!.Value;
        }

        var harvested = given.Concat(Harvester.Headers(rest).Select(Harvester.IdOf)).ToList();
        Assert.Equal(harvested.Distinct().Count(), harvested.Count);
        Assert.Equal(published.Except([notYetGiven]).Order(), harvested.Order());
        var next = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("from", Harvester.ResponseDate(firstPage))));
        Assert.Equal(added.Append(notYetGiven).Order(), next.Select(Harvester.IdOf).Order());
    }

    [Fact]
    public async Task harvests_chained_by_their_response_dates_miss_no_change_made_while_archivists_write()
    {
        var records = new List<Guid>();
        for (var i = 1; i <= 6; i++) records.Add(await Catalogued($"Memorandum {i:D2}, version 0"));
        await EverythingHarvestable();
        var latest = new Dictionary<Guid, string>();
        var from = (string?)null;

        async Task HarvestSince()
        {
            var pages = await Harvester.Pages("ListRecords", [("metadataPrefix", "oai_dc"), .. from is null ? Array.Empty<(string, string)>() : [("from", from)]]);
            foreach (var record in pages.SelectMany(p => p.Descendants(Oai + "record")))
                latest[Harvester.IdOf(record.Element(Oai + "header")!)] = record.Descendants(Dc + "title").Single().Value;
            from = Harvester.ResponseDate(pages[0]);
        }

        // Archivists retitle the records over and over while the aggregator harvests, each harvest from the last one's date.
        var writing = Task.Run(async () =>
        {
            for (var round = 1; round <= 8; round++)
            {
                foreach (var (id, i) in records.Select((id, i) => (id, i)))
                {
                    var version = await Api.CurrentVersion(id);
                    (await Api.Post($"/api/records/{id}/title", new { version, title = $"Memorandum {i + 1:D2}, version {round}", reason = "Revision" })).ShouldBe(HttpStatusCode.OK);
                }
            }
        });
        while (!writing.IsCompleted) await HarvestSince();
        await writing;
        await EverythingHarvestable();
        await HarvestSince();

        Assert.Equal(records.Select((id, i) => (id, $"Memorandum {i + 1:D2}, version 8")).OrderBy(r => r.id), latest.Select(r => (r.Key, r.Value)).OrderBy(r => r.Key));
    }

    [Fact]
    public async Task a_list_whose_remaining_records_all_changed_ends_with_no_records_match_and_the_next_harvest_has_them()
    {
        var published = await TwelvePublishedAndTwoDrafts();
        var firstPage = await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"));
        var remaining = published.Except(Harvester.Headers([firstPage]).Select(Harvester.IdOf)).ToList();
        foreach (var id in remaining)
            (await Api.Post($"/api/records/{id}/title", new { version = 3, title = "Changed during the harvest", reason = "Correction" })).ShouldBe(HttpStatusCode.OK);
        await EverythingHarvestable();

        var rest = await Harvester.Ask(("verb", "ListIdentifiers"), ("resumptionToken", firstPage.Descendants(Oai + "resumptionToken").Single().Value));
        var next = Harvester.Headers(await Harvester.Pages("ListIdentifiers", ("metadataPrefix", "oai_dc"), ("from", Harvester.ResponseDate(firstPage))));

        Assert.Equal(["noRecordsMatch"], Harvester.Errors(rest));
        Assert.Equal(remaining.Order(), next.Select(Harvester.IdOf).Order());
    }

    /// <summary>
    /// The case the harvest lock is for: a change stamped, then not committed for over a second, while a harvest runs.
    /// Had the harvest read past the stamp without waiting for the commit, it would not have seen the change, and the
    /// next harvest, from its later date, would not either.
    /// </summary>
    [Fact]
    public async Task a_change_committed_after_a_harvest_began_reading_is_in_that_harvest_or_the_next()
    {
        var id = await Catalogued("Memorandum 01");
        await EverythingHarvestable();
        var from = Harvester.ResponseDate(await Harvester.Ask(("verb", "Identify")));

        await using var writer = new Npgsql.NpgsqlConnection(Service.Cluster.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var change = new Npgsql.NpgsqlCommand(
            "UPDATE catalogue.mt_doc_oaientry SET data = jsonb_set(data, '{Version}', to_jsonb((data ->> 'Version')::bigint + 100)) WHERE id = @id", writer, transaction))
        {
            change.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await change.ExecuteNonQueryAsync());
        }

        await EverythingHarvestable();
        var harvest = Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", from));
        await Task.Delay(200);
        await transaction.CommitAsync();
        var during = await harvest;
        await EverythingHarvestable();
        var after = await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", Harvester.ResponseDate(during)));

        Assert.Contains(id, Harvester.Headers([during, after]).Select(Harvester.IdOf));
    }

    [Fact]
    public async Task a_harvest_index_row_lost_is_found_by_the_check_and_put_back_by_a_rebuild_for_the_next_harvest()
    {
        var id = await Catalogued("Memorandum 01");
        await EverythingHarvestable();
        var from = Harvester.ResponseDate(await Harvester.Ask(("verb", "Identify")));
        await using (var forge = new Npgsql.NpgsqlConnection(Service.Cluster.ConnectionString))
        {
            await forge.OpenAsync();
            await using var lose = new Npgsql.NpgsqlCommand("DELETE FROM catalogue.oai_harvest", forge);
            Assert.Equal(1, await lose.ExecuteNonQueryAsync());
        }

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json;
        await EverythingHarvestable();
        var next = await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("from", from));

        var difference = Assert.Single(check["differences"]!.AsArray());
        Assert.Equal("OaiEntry", difference!["readModel"]!.GetValue<string>());
        Assert.Equal(id.ToString(), difference["documentId"]!.GetValue<string>());
        Assert.Equal(1, rebuilt["rebuilt"]!.AsArray().Single(r => r!["readModel"]!.GetValue<string>() == "OaiEntry")!["changed"]!.GetValue<int>());
        Assert.Equal([id], Harvester.Headers([next]).Select(Harvester.IdOf));
    }

    [Fact]
    public async Task get_record_gives_one_record_in_either_format_and_a_withdrawn_one_as_deleted()
    {
        var id = await Catalogued("Memorandum of conversation with Zhou Enlai");
        var withdrawn = await Catalogued("Withdrawn memorandum");
        (await Api.Post($"/api/records/{withdrawn}/withdraw", new { version = 3, reason = "Duplicate" })).ShouldBe(HttpStatusCode.OK);
        await EverythingHarvestable();

        var dc = await Harvester.Ask(("verb", "GetRecord"), ("identifier", $"oai:localhost:{id}"), ("metadataPrefix", "oai_dc"));
        var ead = await Harvester.Ask(("verb", "GetRecord"), ("identifier", $"oai:localhost:{id}"), ("metadataPrefix", "ead3"));
        var deleted = await Harvester.Ask(("verb", "GetRecord"), ("identifier", $"oai:localhost:{withdrawn}"), ("metadataPrefix", "oai_dc"));

        Assert.Equal("Memorandum of conversation with Zhou Enlai", dc.Descendants(Dc + "title").Single().Value);
        Assert.Equal("Memorandum of conversation with Zhou Enlai", ead.Descendants(Ead + "unittitle").Single().Value);
        Assert.All(ead.Descendants(Ead + "agent"), a => Assert.Equal("Catalogue", a.Value));
        Assert.Equal(3, ead.Descendants(Ead + "maintenanceevent").Count());
        var header = deleted.Descendants(Oai + "header").Single();
        Assert.True(Harvester.IsDeleted(header));
        Assert.Empty(deleted.Descendants(Oai + "metadata"));
    }

    /// <summary>Found from outside: reached by an IPv6 address, the provider gave identifiers (<c>oai:[::1]:…</c>) that are no URI.</summary>
    [Fact]
    public async Task a_harvester_reaching_the_service_by_an_ipv6_address_gets_identifiers_it_can_ask_for_again()
    {
        var id = await Catalogued("Memorandum 01");
        await EverythingHarvestable();
        using var http = Service.Host.Server.CreateClient();
        http.DefaultRequestHeaders.Host = "[2001:db8::1]:5080";

        var listed = await Harvester.Checked(await http.GetAsync("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"));
        var identifier = listed.Descendants(Oai + "identifier").Single().Value;
        var again = await Harvester.Checked(await http.GetAsync($"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier={Uri.EscapeDataString(identifier)}"));

        Assert.Equal($"oai:2001-db8--1.ipv6-literal.net:{id}", identifier);
        Assert.Empty(Harvester.Errors(again));
        Assert.Equal(identifier, again.Descendants(Oai + "identifier").Single().Value);
    }

    [Fact]
    public async Task a_post_is_answered_as_the_same_get()
    {
        await TwelvePublishedAndTwoDrafts();

        var byGet = await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", "RGASPI"));
        var byPost = await Harvester.AskByPost(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"), ("set", "RGASPI"));

        Assert.Equal(
            Harvester.Headers([byGet]).Select(h => h.ToString()),
            Harvester.Headers([byPost]).Select(h => h.ToString()));
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "", "badVerb" },
        { "verb=Harvest", "badVerb" },
        { "verb=Identify&verb=Identify", "badVerb" },
        { "verb=Identify&metadataPrefix=oai_dc", "badArgument" },
        { "verb=ListRecords", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=ead3", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=2026-13-01", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-01T09:30:00", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-02&until=2026-12-01", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-01&until=2026-12-02T00:00:00Z", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&set=AVPRF:", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&set=%00", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai%20dc", "badArgument" },
        { "verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc", "badArgument" },
        { "verb=GetRecord&identifier=oai:localhost:1", "badArgument" },
        { "verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat" },
        { "verb=GetRecord&identifier=oai:localhost:00000000-0000-0000-0000-000000000000&metadataPrefix=oai_dc", "idDoesNotExist" },
        { "verb=GetRecord&identifier=nonsense&metadataPrefix=oai_dc", "idDoesNotExist" },
        { "verb=ListMetadataFormats&identifier=oai:elsewhere.org:0f6d1c52-7a43-4a8e-9a43-000000117886", "idDoesNotExist" },
        { "verb=ListRecords&resumptionToken=abc", "badResumptionToken" },
        { "verb=ListRecords&resumptionToken=eyJ2ZXJiIjoiTGlzdFJlY29yZHMifQ", "badResumptionToken" },
        { "verb=ListSets&resumptionToken=abc", "badResumptionToken" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch" },
        { "verb=ListRecords&metadataPrefix=oai_dc&set=NARA", "noRecordsMatch" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=9999-12-31&until=9999-12-31", "noRecordsMatch" },
        { "verb=ListRecords&metadataPrefix=oai_dc&from=9999-12-31T23:59:59Z", "noRecordsMatch" },
        { "verb=ListRecords&metadataPrefix=oai_dc&until=0001-01-01", "noRecordsMatch" },
    };

    /// <remarks>One catalogue for every refusal: each asks the same harvestable record, and making it again per case cost a second each.</remarks>
    [Fact]
    public async Task every_error_the_protocol_defines_is_answered_with_http_200_and_its_code()
    {
        await Catalogued("Memorandum 01");
        await EverythingHarvestable();
        using var http = Service.Host.Server.CreateClient();
        var wrong = new List<string>();

        foreach (var refusal in Refusals)
        {
            var (query, code) = ((string)refusal[0], (string)refusal[1]);
            var response = await Harvester.Checked(await http.GetAsync($"/oai?{query}"));
            var request = Harvester.Request(response);
            if (!Harvester.Errors(response).SequenceEqual([code]) || request.Value != "http://localhost/oai"
                || (code is "badVerb" or "badArgument" && request.Attributes().Any()))
                wrong.Add($"?{query}: expected {code} with the request echoed, got {response.Root}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(Refusals.Count() > 15, "every error code the protocol defines is tried");
    }

    /// <summary>Found from outside: a seal with padding added, the same bytes written otherwise, was taken; a token is one string.</summary>
    [Fact]
    public async Task a_token_written_otherwise_than_it_was_given_is_refused()
    {
        await TwelvePublishedAndTwoDrafts();
        var token = (await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"))).Descendants(Oai + "resumptionToken").Single().Value;

        Assert.Equal(["badResumptionToken"], Harvester.Errors(await Harvester.Ask(("verb", "ListIdentifiers"), ("resumptionToken", token + "=="))));
        Assert.Empty(Harvester.Errors(await Harvester.Ask(("verb", "ListIdentifiers"), ("resumptionToken", token))));
    }

    [Fact]
    public async Task a_token_for_another_verb_or_a_changed_one_is_refused()
    {
        await TwelvePublishedAndTwoDrafts();
        var token = (await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"))).Descendants(Oai + "resumptionToken").Single().Value;

        var otherVerb = await Harvester.Ask(("verb", "ListRecords"), ("resumptionToken", token));
        var changed = await Harvester.Ask(("verb", "ListIdentifiers"), ("resumptionToken", token[..^2] + (token[^1] == 'A' ? "BB" : "AA")));

        Assert.Equal(["badResumptionToken"], Harvester.Errors(otherVerb));
        Assert.Equal(["badResumptionToken"], Harvester.Errors(changed));
    }

    /// <summary>
    /// Found from outside: a token whose times were edited to another offset than UTC was answered with a 500; one whose
    /// set was edited was answered with a page of that set under the first set's count, one whose end was moved past
    /// the harvest's with records the harvest had not seen. The token's state is sealed: an edited one is refused.
    /// </summary>
    [Theory]
    [InlineData("until", "2026-12-07T21:15:35+03:00")]
    [InlineData("afterDatestamp", "2026-12-07T10:15:30.871403-08:00")]
    [InlineData("from", "2026-12-07T00:00:00+03:00")]
    [InlineData("from", "2999-01-01T00:00:00+00:00")]
    [InlineData("until", "9999-12-31T23:59:59+00:00")]
    [InlineData("set", "AVPRF")]
    [InlineData("cursor", "5")]
    [InlineData("completeListSize", "100000")]
    public async Task a_token_whose_state_was_edited_is_refused(string field, string value)
    {
        await TwelvePublishedAndTwoDrafts();
        var token = (await Harvester.Ask(("verb", "ListRecords"), ("metadataPrefix", "oai_dc"))).Descendants(Oai + "resumptionToken").Single().Value;
        var (state, seal) = (token[..token.LastIndexOf('.')], token[(token.LastIndexOf('.') + 1)..]);
        var fields = System.Text.Json.Nodes.JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(state))!;
        fields[field] = int.TryParse(value, out var number) ? number : value;
        var edited = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(fields.ToJsonString())) + "." + seal;

        var answer = await Harvester.Ask(("verb", "ListRecords"), ("resumptionToken", edited));

        Assert.Equal(["badResumptionToken"], Harvester.Errors(answer));
        // The token as given still resumes the list.
        Assert.Empty(Harvester.Errors(await Harvester.Ask(("verb", "ListRecords"), ("resumptionToken", token))));
    }

    [Fact]
    public async Task an_empty_catalogue_has_no_sets_and_no_records_and_drafts_are_never_harvested()
    {
        await Catalogued("A draft nobody may harvest", published: false);
        await EverythingHarvestable();

        Assert.Equal(["noSetHierarchy"], Harvester.Errors(await Harvester.Ask(("verb", "ListSets"))));
        Assert.Equal(["noRecordsMatch"], Harvester.Errors(await Harvester.Ask(("verb", "ListIdentifiers"), ("metadataPrefix", "oai_dc"))));
    }

    [Fact]
    public async Task a_post_that_is_not_a_form_is_a_bad_argument()
    {
        using var http = Service.Host.Server.CreateClient();

        var response = await Harvester.Checked(await http.PostAsync("/oai", new StringContent("{\"verb\":\"Identify\"}", System.Text.Encoding.UTF8, "application/json")));

        Assert.Equal(["badArgument"], Harvester.Errors(response));
    }

    /// <summary>Found from outside: a POST to <c>/oai?verb=ListSets</c> with <c>verb=Identify</c> in its body answered Identify, the URL's verb passed over.</summary>
    [Theory]
    [InlineData("/oai?verb=ListSets", "verb=Identify")]
    [InlineData("/oai?foo=bar", "verb=Identify")]
    [InlineData("/oai?verb=Identify", "")]
    public async Task a_post_with_arguments_in_its_url_is_a_bad_argument_that_says_where_they_go(string url, string body)
    {
        using var http = Service.Host.Server.CreateClient();

        var response = await Harvester.Checked(await http.PostAsync(url, new StringContent(body, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded")));

        Assert.Equal(["badArgument"], Harvester.Errors(response));
        Assert.StartsWith("A POST carries its arguments in its body only", response.Root!.Element(Harvester.Oai + "error")!.Value);
    }

    /// <summary>Found from outside: a form holding %00 was told "The form is past this server's limits."</summary>
    [Fact]
    public async Task a_form_holding_a_nul_is_a_bad_argument_that_says_so()
    {
        using var http = Service.Host.Server.CreateClient();
        var form = new StringContent("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:catalogue:%00", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        var response = await Harvester.Checked(await http.PostAsync("/oai", form));

        Assert.Equal(["badArgument"], Harvester.Errors(response));
        Assert.Equal("The form holds %00, a NUL character, which no OAI-PMH argument can hold.", response.Root!.Element(Harvester.Oai + "error")!.Value);
    }

    /// <summary>Found from outside: a form sent as UTF-32 was decoded as such, and answered that it named no verb.</summary>
    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=utf-32", "A POST's arguments are UTF-8; its charset 'utf-32' is not taken.")]
    [InlineData("application/x-www-form-urlencoded; charset=\"ebcdic\"", "A POST's arguments are UTF-8; its charset 'ebcdic' is not taken.")]
    [InlineData("application/x-www-form-urlencoded; charset", "A POST's arguments are UTF-8; its charset '' is not taken.")]
    [InlineData("application/x-www-form-urlencoded; charset=utf-8; charset=utf-16", "A POST's Content-Type names its charset more than once.")]
    [InlineData("application/x-www-form-urlencodedx", "A POST carries its arguments as application/x-www-form-urlencoded.")]
    public async Task a_form_in_another_charset_is_a_bad_argument_that_names_it(string contentType, string error)
    {
        using var http = Service.Host.Server.CreateClient();
        var form = new ByteArrayContent("verb=Identify"u8.ToArray());
        form.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Harvester.Checked(await http.PostAsync("/oai", form));

        Assert.Equal(["badArgument"], Harvester.Errors(response));
        Assert.Equal(error, response.Root!.Element(Harvester.Oai + "error")!.Value);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8")]
    [InlineData("application/x-www-form-urlencoded; charset=\"utf-8\"")]
    [InlineData("Application/X-WWW-Form-Urlencoded")]
    [InlineData("application/x-www-form-urlencoded; charset=ascii")]
    public async Task a_form_in_utf8_is_answered_however_it_is_named(string contentType)
    {
        using var http = Service.Host.Server.CreateClient();
        var form = new ByteArrayContent("verb=Identify"u8.ToArray());
        form.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await Harvester.Checked(await http.PostAsync("/oai", form));

        Assert.Empty(Harvester.Errors(response));
    }
}

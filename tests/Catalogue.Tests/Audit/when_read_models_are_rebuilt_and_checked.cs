using System.Net;
using Catalogue.Api.Audit;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Imports;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>The read models are folds of the events: a rebuild must give them back exactly, and a forged one must show.</summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_read_models_are_rebuilt_and_checked(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>A realistic mix: an import, hand-made records with corrections, withdrawals and a publication.</summary>
    private Task<Guid> ARealisticCatalogue() => ARealisticCatalogue(Api, Service.Host.Services);

    private static async Task<Guid> ARealisticCatalogue(Support.Api api, IServiceProvider services)
    {
        var seed = (await api.PostRaw("/api/imports", when_the_seed_page_is_imported.SeedPage, "text/plain")).ShouldBe(HttpStatusCode.Created).Id;
        var other = (await api.AccessionTheSeed("ACC-7")).Id;
        await api.Post($"/api/records/{other}/provenance", new { version = 1, citation = "APRF, Fond 45, Opis 1, Delo 336, List 122 and AVPRF, Fond 059a, Opis 5a, Delo 5, Papka 11, List 13" });
        await api.Post($"/api/records/{other}/provenance/2/corrections", new { version = 3, reason = "Folio checked", repository = "APRF", fond = "45", opis = "1", delo = "336", folios = "122-123" });
        await api.Post($"/api/records/{other}/translations", new { version = 4, language = "en", translators = new[] { "Gary Goldberg" }, credit = "Translated by Gary Goldberg" });
        await api.Post($"/api/records/{other}/translations/5/withdrawal", new { version = 5, reason = "Wrong document" });
        await api.Post($"/api/records/{other}/publish", new { version = 6 });
        // Tampering with an async read model before the daemon has written it would be undone by the daemon.
        await Projections.CaughtUpAsync(services);
        return seed;
    }

    private Task Sql(string sql) => Sql(Service.Cluster.ConnectionString, sql);

    private static async Task Sql(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task a_rebuild_into_a_scratch_schema_matches_the_live_read_models()
    {
        await ARealisticCatalogue();

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        Assert.True(check["changesHeldSeconds"]!.GetValue<double>() >= 0, check.ToJsonString());
        var models = check["readModels"]!.AsArray().ToDictionary(m => m!["readModel"]!.GetValue<string>());
        Assert.Equal(2, models["CatalogueRecord"]!["liveDocuments"]!.GetValue<long>());
        Assert.Equal(2, models["CatalogueRecord"]!["rebuiltDocuments"]!.GetValue<long>());
        Assert.Equal(1, models["RecordFullText"]!["liveDocuments"]!.GetValue<long>());
        Assert.Equal(2, models["RecordListing"]!["liveDocuments"]!.GetValue<long>());
        Assert.Equal("async", models["RecordListing"]!["lifecycle"]!.GetValue<string>());
        Assert.Equal(3, models["ProvenancePlacement"]!["liveDocuments"]!.GetValue<long>());
    }

    /// <summary>
    /// Found from outside: a check whose process was killed before its end (SIGTERM through <c>dotnet run</c>) left its
    /// scratch schema, and no later check or rebuild dropped it. The next one does.
    /// </summary>
    [Fact]
    public async Task a_scratch_schema_left_by_a_killed_check_is_dropped_by_the_next()
    {
        await ARealisticCatalogue();
        await Sql("create schema catalogue_verify_0123456789abc; create table catalogue_verify_0123456789abc.mt_doc_cataloguerecord (id uuid)");

        (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK);

        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var left = new NpgsqlCommand("select count(*) from pg_namespace where nspname like 'catalogue\\_verify\\_%'", connection);
        Assert.Equal(0L, (long)(await left.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task a_forged_read_model_is_reported_document_by_document()
    {
        var seed = await ARealisticCatalogue();
        await Sql($"update catalogue.mt_doc_cataloguerecord set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{seed}'");

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        Assert.False(check["identical"]!.GetValue<bool>());
        var difference = Assert.Single(check["differences"]!.AsArray())!;
        Assert.Equal("CatalogueRecord", difference["readModel"]!.GetValue<string>());
        Assert.Equal(seed.ToString(), difference["documentId"]!.GetValue<string>());
        Assert.Equal("differs from the rebuild", difference["difference"]!.GetValue<string>());
        Assert.Contains("A forged title", difference["live"]!.GetValue<string>());
        Assert.DoesNotContain("A forged title", difference["rebuilt"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_deleted_read_model_document_is_reported_missing()
    {
        var seed = await ARealisticCatalogue();
        await Sql($"delete from catalogue.mt_doc_provenanceplacement where record_id = '{seed}'");

        var check = (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;

        var difference = Assert.Single(check["differences"]!.AsArray())!;
        Assert.Equal("ProvenancePlacement", difference["readModel"]!.GetValue<string>());
        Assert.Equal("missing from the live read model", difference["difference"]!.GetValue<string>());
    }

    [Fact]
    public async Task a_rebuild_repairs_a_forged_read_model()
    {
        var seed = await ARealisticCatalogue();
        var before = (await Api.Get($"/api/records/{seed}")).Text;
        await Sql($"update catalogue.mt_doc_cataloguerecord set data = jsonb_set(data, '{{Title}}', '\"A forged title\"') where id = '{seed}'");

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json;

        Assert.Equal(["CatalogueRecord", "RecordFullText", "RecordListing", "ProvenancePlacement", "RecordSearch", "RecordAccessPoints", "AuthorityName", "PersonAuthority", "OaiEntry", "ReportTally", "RecordSnapshot"], rebuilt["rebuilt"]!.AsArray().Select(r => r!["readModel"]!.GetValue<string>()));
        Assert.Equal(before, (await Api.Get($"/api/records/{seed}")).Text);
        Assert.True((await Api.Get("/api/audit/verify-projections")).Json["identical"]!.GetValue<bool>());
    }

    /// <summary>
    /// The read models that fold each stream on its own, the reports' counts and the directory of names are rebuilt in
    /// one pass over the events, a hundred streams at a time (<see cref="StreamFolds"/>), beside the daemon's rebuild of
    /// the others: a generated catalogue of more
    /// streams than one step reads must come back exactly as the daemon built it, document for document.
    /// </summary>
    [Fact]
    public async Task a_catalogue_of_more_streams_than_one_step_of_the_pass_reads_is_rebuilt_as_the_daemon_built_it()
    {
        const int records = 150;
        Assert.True(records > StreamFolds.StreamsAtATime);
        var (exit, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, ["generate", "--records", $"{records}", "--seed", "11"]);
        Assert.True(exit == 0, output);
        await Service.ProjectionsCaughtUp();

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray()
            .ToDictionary(r => r!["readModel"]!.GetValue<string>());

        Assert.All(rebuilt.Values, r => Assert.Equal(0, r!["changed"]!.GetValue<long>()));
        Assert.Equal(records, rebuilt["CatalogueRecord"]!["documents"]!.GetValue<long>());
        Assert.Equal(records, rebuilt["RecordSearch"]!["documents"]!.GetValue<long>());
    }

    /// <summary>
    /// The directory of names keeps a name as it was first written. The one pass of a rebuild meets the records in the
    /// order of their ids, not of their events: here it meets the later spelling first, and must still keep the first.
    /// </summary>
    [Fact]
    public async Task a_name_written_two_ways_keeps_its_first_spelling_through_a_rebuild()
    {
        var (a, b) = (await Api.AccessionTheSeed("ACC-1"), await Api.AccessionTheSeed("ACC-2"));
        // PostgreSQL orders uuids by their bytes, as their text sorts.
        var (metFirstByThePass, other) = string.CompareOrdinal(a.Id.ToString(), b.Id.ToString()) < 0 ? (a, b) : (b, a);
        (await Api.Post($"/api/records/{other.Id}/subjects", new { subjects = new[] { "Korean War" }, version = other.Json["version"]!.GetValue<long>() }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{metFirstByThePass.Id}/subjects", new { subjects = new[] { "KOREAN WAR" }, version = metFirstByThePass.Json["version"]!.GetValue<long>() }))
            .ShouldBe(HttpStatusCode.OK);
        await Service.ProjectionsCaughtUp();

        var rebuilt = (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK).Json["rebuilt"]!.AsArray()
            .Single(r => r!["readModel"]!.GetValue<string>() == "AuthorityName")!;

        Assert.Equal(0, rebuilt["changed"]!.GetValue<long>());
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var name = new NpgsqlCommand("select data ->> 'Name' from catalogue.mt_doc_authorityname where kind = 'subject' and key like 'korean%'", connection);
        Assert.Equal("Korean War", (string?)await name.ExecuteScalarAsync());
    }

    /// <summary>
    /// An event no projection can read (written behind the service's back, as a damaged restore might leave one) fails
    /// the one pass over the events while the daemon's builds run beside it: both stop, the scratch schema goes, the
    /// live read models stay as they were, and the answer names the event that could not be read. An auditor who reads
    /// the record's history, its PREMIS, blame, a past version or a diff across that event hears the same.
    /// </summary>
    [Fact]
    public async Task a_rebuild_that_meets_an_unreadable_event_fails_whole_and_leaves_the_live_read_models_alone()
    {
        // A catalogue of its own: the live read models stop at such an event and try it again (see
        // when_the_read_models_meet_an_event_they_cannot_read), which the shared store's next test must not meet.
        await using var catalogue = await Service.StartOwnCatalogueAsync("unreadable_rebuild");
        var api = catalogue.Admin;
        var seed = await ARealisticCatalogue(api, catalogue.Services);
        var before = (await api.Get($"/api/records/{seed}")).Text;
        await Sql(
            catalogue.ConnectionString,
            $$$"""
            insert into catalogue.mt_events (seq_id, id, stream_id, version, data, type, timestamp)
            select nextval('catalogue.mt_events_sequence'), gen_random_uuid(), '{{{seed}}}', max(version) + 1, '{"Title": {"not": "a title"}}', 'title_revised', now()
            from catalogue.mt_events where stream_id = '{{{seed}}}';
            update catalogue.mt_streams set version = version + 1 where id = '{{{seed}}}';
            """);

        var failed = await api.Post("/api/admin/projections/rebuild", new { });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("An event in the store cannot be read", failed.Json["title"]!.GetValue<string>());
        Assert.Contains("title_revised", failed.Json["detail"]!.GetValue<string>());
        Assert.Equal(before, (await api.Get($"/api/records/{seed}")).Text);
        Assert.Null((await api.Get("/api/projections")).ShouldBe(HttpStatusCode.OK).Json["maintenance"]);
        var damaged = System.Text.Json.Nodes.JsonNode.Parse(before)!["version"]!.GetValue<long>() + 1;
        foreach (var auditorsRead in new[] { "/history", "/history/premis", "/blame", $"?version={damaged}", $"/diff?from=1&to={damaged}" })
        {
            var unreadable = await api.Get($"/api/records/{seed}{auditorsRead}");
            Assert.True(unreadable.Status == HttpStatusCode.InternalServerError, $"{auditorsRead}: {unreadable.Described}");
            Assert.Equal("An event in the store cannot be read", unreadable.Json["title"]!.GetValue<string>());
            Assert.Contains("title_revised", unreadable.Json["detail"]!.GetValue<string>());
        }

        await using var connection = new NpgsqlConnection(catalogue.ConnectionString);
        await connection.OpenAsync();
        await using var leftovers = new NpgsqlCommand(
            $"select (select count(*) from pg_namespace where nspname like 'catalogue_verify_%') + (select count(*) from catalogue.mt_event_progression where name like '{ReadModel.ScratchPrefix}%')",
            connection);
        Assert.Equal(0L, (long)(await leftovers.ExecuteScalarAsync())!);
    }

    /// <summary>Both run a projection daemon of their own beside the service's; the sealer must not notice.</summary>
    [Fact]
    public async Task the_event_chain_keeps_sealing_after_a_check_and_a_rebuild()
    {
        await ARealisticCatalogue();
        await EventChain.WaitUntilSealedAsync(Service.Host.Services, TimeSpan.FromSeconds(30));

        (await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK);
        (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
        var after = (await Api.AccessionTheSeed("AFTER-MAINTENANCE")).Id;
        await Api.Post($"/api/records/{after}/subjects", new { version = 1, subjects = new[] { "Korea" } });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await EventChain.WaitUntilSealedAsync(Service.Host.Services, TimeSpan.FromSeconds(30));
        Console.WriteLine($"sealed {clock.Elapsed.TotalSeconds:F1} s after the check and the rebuild");
        var verify = (await Api.Get("/api/audit/verify")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal("intact", verify["status"]!.GetValue<string>());
        Assert.Equal(0, verify["unsealedBacklog"]!.GetValue<long>());
    }

    [Fact]
    public async Task the_scratch_schema_is_dropped_afterwards()
    {
        await ARealisticCatalogue();
        await Api.Get("/api/audit/verify-projections");

        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_namespace where nspname like 'catalogue_verify_%'", connection);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }
}

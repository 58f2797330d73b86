using System.Net;
using Catalogue.Api.Search;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Catalogue.Tests.Search.Searching;

namespace Catalogue.Tests.Search;

/// <summary>
/// A catalogue upgraded from a version that kept the search index in another shape starts with rows whose new columns
/// are empty — no head to rank by, no facet values to filter and count by — or whose values an older function gave (no
/// coarse sample's word). The service writes them again once it has started, so search finds, filters and counts those
/// records as it does new ones, without a rebuild; a later start of the same version finds the shape noted and walks nothing.
/// </summary>
[Collection(FindingAndExchangeCollection.Name)]
public sealed class when_an_earlier_version_wrote_the_search_index(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_service_writes_its_rows_again_when_it_starts()
    {
        var (connectionString, letter) = await LetterCataloguedAsync("search_upgraded");

        // The rows as an earlier version left them after this version's columns were added.
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var older = new NpgsqlCommand(
                "update catalogue.record_search_index set head = ''::tsvector, facet_values = '{}'; comment on table catalogue.record_search_index is null", connection);
            Assert.Equal(1, await older.ExecuteNonQueryAsync());
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        var found = await Eventually.Until(
            async () => (await after.Admin.Get("/api/search?" + Words("stalin") + "&subject=Korean%20War")).ShouldBe(HttpStatusCode.OK).Json,
            // The count and the page are read side by side, each in its own snapshot: the row written again between the
            // two is counted before it is listed, or listed before it is counted, for that one answer.
            page => page.Total() == 1 && page.Hits().Count == 1, "the upgraded row to be written again");

        Assert.Equal([letter], found.Hits());
        Assert.Equal(1, found.Facet("repository")["APRF"]);
        Assert.True(found["items"]![0]!["highlights"]!["title"]!.GetValue<string>().Contains("<mark>Stalin</mark>", StringComparison.Ordinal));
    }

    /// <summary>
    /// The version before this one counted the facets' values as texts (a name's key and spelling), where this one counts
    /// them as numbers it gives each value once: its rows have none, and no value is numbered yet. They are numbered and
    /// written again when this one starts, and the texts' column goes.
    /// </summary>
    [Fact]
    public async Task rows_that_counted_texts_are_numbered_and_their_texts_dropped()
    {
        var (connectionString, letter) = await LetterCataloguedAsync("search_numbered");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var older = new NpgsqlCommand(
                $$"""
                 alter table catalogue.record_search_index add column {{SearchIndex.FormerFacetNames}} text[] not null default '{}';
                 update catalogue.record_search_index set {{SearchIndex.FacetTerms}} = '{}', {{SearchIndex.FormerFacetNames}} = array['subject' || chr(31) || 'korean war' || chr(31) || 'Korean War'];
                 delete from {{SearchIndex.TermsTable}};
                 comment on table catalogue.record_search_index is 'row shape 0000000000000000'
                 """, connection);
            await older.ExecuteNonQueryAsync();
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        var found = await Eventually.Until(
            async () => (await after.Admin.Get("/api/search?" + Words("stalin"))).ShouldBe(HttpStatusCode.OK).Json,
            page => page.Facet("subject").Count > 0, "the upgraded row to be numbered");

        Assert.Equal([letter], found.Hits());
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 1 }, found.Facet("subject"));
        Assert.Equal(new Dictionary<string, long> { ["APRF"] = 1 }, found.Facet("repository"));
        Assert.Equal(new Dictionary<string, long> { ["draft"] = 1 }, found.Facet("status"));
        await using var upgraded = new NpgsqlConnection(connectionString);
        await upgraded.OpenAsync();
        await Eventually.Until(
            () => upgraded.ScalarAsync($"select count(*) from information_schema.columns where table_schema = 'catalogue' and table_name = 'record_search_index' and column_name = '{SearchIndex.FormerFacetNames}'"),
            columns => columns == 0, "the texts' column to be dropped");
    }

    /// <summary>
    /// Writing an earlier version's rows numbers their values while others may number new ones too — the daemon writing a
    /// record changed meanwhile. Two transactions numbering two values in opposite orders deadlock, and PostgreSQL rolls
    /// one back: here the upgrade, which waited first. It writes the rows again rather than leave them uncounted until
    /// the next start.
    /// </summary>
    [Fact]
    public async Task an_upgrade_rolled_back_by_a_deadlock_while_numbering_writes_its_rows_again()
    {
        var (connectionString, _) = await LetterCataloguedAsync("search_numbering_deadlock");

        await using var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        await using (var older = new NpgsqlCommand(
            $"update catalogue.record_search_index set {SearchIndex.FacetTerms} = '{{}}'; delete from {SearchIndex.TermsTable}; comment on table catalogue.record_search_index is 'row shape 0000000000000000'",
            watcher))
        {
            await older.ExecuteNonQueryAsync();
        }

        // Another writer numbers the record's last value first (the upgrade numbers them in order) and holds it.
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using var numbering = await other.BeginTransactionAsync();
        async Task Number(string term)
        {
            await using var insert = new NpgsqlCommand($"insert into {SearchIndex.TermsTable} (term) values (@term)", other, numbering);
            insert.Parameters.AddWithValue("term", term);
            await insert.ExecuteNonQueryAsync();
        }

        await Number("subject\u001fkorean war\u001fKorean War");
        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await Eventually.Until(
            () => watcher.ScalarAsync("select count(*) from pg_stat_activity where wait_event = 'transactionid' and query like '%SET data = d.data%'"),
            waiting => waiting == 1, "the upgrade to wait for the value numbered by the other writer");

        // Then the other writer numbers the first value, which the upgrade numbered: each waits for the other.
        await Number("fond\u001f45");
        await numbering.RollbackAsync();

        var found = await Eventually.Until(
            async () => (await after.Admin.Get("/api/search?" + Words("stalin"))).ShouldBe(HttpStatusCode.OK).Json,
            page => page.Facet("subject").Count > 0, "the rows to be written again");
        Assert.Equal(new Dictionary<string, long> { ["Korean War"] = 1 }, found.Facet("subject"));
        Assert.Equal(new Dictionary<string, long> { ["45"] = 1 }, found.Facet("fond"));
    }

    /// <summary>
    /// The version before this one kept each name as written and no key, and a date's years as the record list gives
    /// them: its documents are made again from the record they hold when this one starts, so a name is matched folded
    /// and an interval open at its start is found by its known year, without a rebuild.
    /// </summary>
    [Fact]
    public async Task documents_an_earlier_version_made_are_made_again_from_their_records_when_it_starts()
    {
        string connectionString;
        Guid report;
        await using (var before = await Service.StartOwnCatalogueAsync("search_older_documents"))
        {
            connectionString = before.ConnectionString;
            var described = await Describing.Accession(before.Admin, "Hungarian report on the armistice talks");
            await described.Participants("Kovács István");
            await described.Date("before 1967", "../1967");
            report = described.Id;
            await Projections.CaughtUpAsync(before.Services);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // The document as the earlier version made it (its trigger writing the row from it), and the table as it left it.
            await using var older = new NpgsqlCommand(
                """
                update catalogue.mt_doc_recordsearch set data = data - 'Shape' - 'TranslatorKeys' - 'FunderKeys' - 'SubjectKeys' - 'PersonKeys' - 'Years' || '{"SortDay": 19671231}';
                comment on table catalogue.record_search_index is null
                """, connection);
            await older.ExecuteNonQueryAsync();
            Assert.Equal(0, await connection.ScalarAsync("select count(*) from catalogue.record_search_index where from_year is not null or facet_values <> '{}'"));
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        await after.Services.GetRequiredService<SearchIndexUpgrade>().ExecuteTask!;

        var found = (await after.Admin.Get("/api/search?person=kovacs%20istvan&yearFrom=1967&yearTo=1967")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal([report], found.Hits());
        Assert.Equal(1, found.Facet("person")["Kovács István"]);
        Assert.Empty((await after.Admin.Get("/api/search?yearFrom=1950&yearTo=1966")).ShouldBe(HttpStatusCode.OK).Json.Hits());
        var check = (await after.Admin.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.True(check["identical"]!.GetValue<bool>(), check.ToJsonString());
        Assert.Null(await after.Services.GetRequiredService<SearchIndexUpgrade>().UpgradeAsync(CancellationToken.None));
    }

    [Fact]
    public async Task rows_of_an_older_shape_are_compared_and_written_again_once()
    {
        await using var catalogue = await Service.StartOwnCatalogueAsync("search_upgraded_shape");
        for (var i = 0; i < 40; i++) await Describing.Accession(catalogue.Admin, $"Telegram {i} from Roshchin to Moscow");
        await Projections.CaughtUpAsync(catalogue.Services);
        var upgrade = catalogue.Services.GetRequiredService<SearchIndexUpgrade>();
        await upgrade.ExecuteTask!;

        await using var connection = new NpgsqlConnection(catalogue.ConnectionString);
        await connection.OpenAsync();
        // As a version before the head and the samples wrote them.
        await using (var older = new NpgsqlCommand(
            $"update catalogue.record_search_index set head = ''::tsvector, vector = ts_delete(vector, array['{SearchIndex.SampleWord}', '{SearchIndex.CoarseSampleWord}'])",
            connection))
        {
            Assert.Equal(40, await older.ExecuteNonQueryAsync());
        }

        // The same version starting again trusts the shape it noted and reads no row.
        Assert.Null(await upgrade.UpgradeAsync(CancellationToken.None));
        Assert.Equal(40, await CountAsync(connection, "head = ''::tsvector"));

        // Another version's start compares every row and writes again those that differ.
        await using (var another = new NpgsqlCommand("comment on table catalogue.record_search_index is 'row shape 0000000000000000'", connection))
        {
            await another.ExecuteNonQueryAsync();
        }

        Assert.Equal(40, await upgrade.UpgradeAsync(CancellationToken.None));
        Assert.Equal(0, await CountAsync(connection, "head = ''::tsvector"));
        Assert.Equal(
            await CountAsync(connection, $"get_byte(uuid_send(id), 15) % {SearchIndex.SampleRate} = 0"),
            await CountAsync(connection, $"vector @@ '''{SearchIndex.SampleWord}'''::tsquery"));
        Assert.Equal(
            await CountAsync(connection, "get_byte(uuid_send(id), 15) = 0"),
            await CountAsync(connection, $"vector @@ '''{SearchIndex.CoarseSampleWord}'''::tsquery"));
        Assert.Empty(await catalogue.Services.GetServices<Catalogue.Api.Audit.IDerivedTable>().OfType<SearchIndexTable>().Single().DifferingAsync(connection, Catalogue.Api.Audit.TableShare.Whole, CancellationToken.None));
        Assert.Null(await upgrade.UpgradeAsync(CancellationToken.None));
    }

    /// <summary>
    /// The version before this one computed each row's text vector by a function that made the head again
    /// (<c>record_search_vector</c>); this one makes the head once. The rows are the same: upgraded, the catalogue keeps
    /// every row its documents' former functions wrote, and the former function is gone.
    /// </summary>
    [Fact]
    public async Task rows_the_former_vector_function_wrote_are_kept_and_the_function_dropped()
    {
        string connectionString;
        string rowVersions;
        await using (var before = await Service.StartOwnCatalogueAsync("search_former_vector"))
        {
            connectionString = before.ConnectionString;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            // The former function as it was written, and the trigger calling it in place of the head made once.
            await using (var former = new NpgsqlCommand(
                $$"""
                CREATE FUNCTION catalogue.record_search_vector(data jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
                $function$
                SELECT catalogue.record_search_head(data)
                    || setweight(to_tsvector('pg_catalog.russian', catalogue.search_fold(left(coalesce(
                           (SELECT string_agg(t ->> 'Text', E'\n') FROM jsonb_array_elements(data -> 'Texts') t), ''), 250000))), 'D')
                $function$;
                DO $do$
                BEGIN
                    EXECUTE replace(replace(pg_get_functiondef('catalogue.record_search_index_follows'::regproc),
                        'row_head || catalogue.record_search_texts(NEW.data)', 'catalogue.record_search_vector(NEW.data)'),
                        'row_head,', 'catalogue.record_search_head(NEW.data),');
                END
                $do$;
                """, connection))
            {
                await former.ExecuteNonQueryAsync();
            }

            Assert.Equal(1, await connection.ScalarAsync("select count(*) from pg_proc where prosrc like '%record_search_vector(NEW.data)%'"));
            for (var i = 0; i < 12; i++)
            {
                var described = await Describing.Accession(before.Admin, $"Memorandum {i} of a conversation with Zhou Enlai");
                await described.Subjects("Sino-Soviet relations");
                await described.FullText($"Запись беседы {i} с Чжоу Эньлаем о советских специалистах и займе", "ru");
            }

            await Projections.CaughtUpAsync(before.Services);
            rowVersions = await RowVersionsAsync(connection);
            await using var older = new NpgsqlCommand("drop table catalogue.schema_history; comment on schema catalogue is 'model of an earlier release'; comment on table catalogue.record_search_index is 'row shape 0000000000000000'", connection);
            await older.ExecuteNonQueryAsync();
        }

        await using var after = await Service.StartOwnCatalogueOnAsync(connectionString);
        var upgrade = after.Services.GetRequiredService<SearchIndexUpgrade>();
        await upgrade.ExecuteTask!;
        await using var upgraded = new NpgsqlConnection(connectionString);
        await upgraded.OpenAsync();
        Assert.Equal(0, await upgraded.ScalarAsync("select count(*) from pg_proc where proname = 'record_search_vector'"));
        Assert.Equal(0, await upgraded.ScalarAsync("select count(*) from pg_proc where prosrc like '%record_search_vector(NEW.data)%'"));
        // Every row as this version computes it, and none written again: a row written again gets a new row version.
        Assert.Empty(await after.Services.GetServices<Catalogue.Api.Audit.IDerivedTable>().OfType<SearchIndexTable>().Single().DifferingAsync(upgraded, Catalogue.Api.Audit.TableShare.Whole, CancellationToken.None));
        Assert.Equal(rowVersions, await RowVersionsAsync(upgraded));
        var found = (await after.Admin.Get("/api/search?" + Words("специалистах") + "&subject=Sino-Soviet%20relations")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(12, found.Total());
    }

    /// <summary>A catalogue of its own holding a letter with a provenance and a subject, its read models caught up; stopped.</summary>
    private async Task<(string ConnectionString, Guid Letter)> LetterCataloguedAsync(string databasePrefix)
    {
        await using var before = await Service.StartOwnCatalogueAsync(databasePrefix);
        var described = await Describing.Accession(before.Admin, "Letter from Stalin to Mao Zedong");
        await described.Provenance("APRF", "45", "1");
        await described.Subjects("Korean War");
        await Projections.CaughtUpAsync(before.Services);
        return (before.ConnectionString, described.Id);
    }

    private static async Task<string> RowVersionsAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select string_agg(id::text || ':' || xmin::text, ',' order by id) from catalogue.record_search_index", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static Task<long> CountAsync(NpgsqlConnection connection, string condition) =>
        connection.ScalarAsync($"select count(*) from catalogue.record_search_index where {condition}");
}

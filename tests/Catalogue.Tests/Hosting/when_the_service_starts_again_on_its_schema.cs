using Alba;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A start, or a command-line verb, on a database whose schema is already up to date changes nothing in it: the triggers
/// that keep history from being rewritten are not dropped and re-created each time.
/// </summary>
public sealed class when_the_service_starts_again_on_its_schema(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task no_trigger_or_function_is_dropped_or_replaced()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_restart"))
        {
            connectionString = first.ConnectionString;
        }

        var before = await TriggersAndFunctions(connectionString);
        Assert.Contains(before, o => o.StartsWith("trigger mt_events_are_immutable ", StringComparison.Ordinal));

        var logs = new CapturedLogs();
        await using (await AlbaHost.For<Program>(web =>
                     {
                         web.UseSetting("ConnectionStrings:Catalogue", connectionString);
                         web.UseSetting("Catalogue:ApiKeys:admin:Key", OwnCatalogue.AdminKey);
                         web.UseSetting("Catalogue:ApiKeys:admin:Role", "admin");
                         web.UseEnvironment("Testing");
                         web.ConfigureServices(services => services.AddLogging(b => b.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Debug)));
                     }))
        {
            Assert.Equal(before, await TriggersAndFunctions(connectionString));
        }

        var (exit, output) = await CatalogueCli.RunAsync(connectionString, "keys", "list");
        Assert.True(exit == 0, output);

        Assert.Equal(before, await TriggersAndFunctions(connectionString));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("schema update", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task a_function_an_upgrade_changes_is_replaced_and_every_trigger_calling_it_stays()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_upgrade"))
        {
            connectionString = first.ConnectionString;
        }

        var triggers = await Triggers(connectionString);
        Assert.Contains("record_search_index_follows_rows", triggers);
        Assert.Contains("mt_events_are_immutable", triggers);

        // The functions the triggers call, as an earlier release wrote them.
        await Execute(connectionString,
            """
            DO $$
            DECLARE f oid;
            BEGIN
                FOR f IN SELECT DISTINCT t.tgfoid FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'catalogue' AND NOT t.tgisinternal LOOP
                    EXECUTE regexp_replace(pg_get_functiondef(f), 'BEGIN', E'BEGIN\n    PERFORM \'as an earlier release wrote it\';');
                END LOOP;
            END $$;
            DROP TABLE catalogue.schema_history;
            COMMENT ON SCHEMA catalogue IS 'model of an earlier release';
            """);
        Assert.Contains("as an earlier release wrote it", await Definitions(connectionString));

        // The next release's first verb (or start) brings the schema up to date.
        var (exit, output) = await CatalogueCli.RunAsync(connectionString, "keys", "list");
        Assert.True(exit == 0, output);

        Assert.Equal(triggers, await Triggers(connectionString));
        Assert.DoesNotContain("as an earlier release wrote it", await Definitions(connectionString));
    }

    /// <summary>
    /// A start of the version that last brought the schema up to date reads the model its comment names and compares
    /// nothing else; another version's start (another model) compares everything and puts right what differs.
    /// </summary>
    [Fact]
    public async Task a_warm_start_trusts_the_model_the_schema_was_brought_to()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_warm_start"))
        {
            connectionString = first.ConnectionString;
        }

        Assert.StartsWith("model ", (await Strings(connectionString, "select obj_description('catalogue'::regnamespace, 'pg_namespace')")).Single());
        await Execute(connectionString, "drop index catalogue.record_search_index_spanned_years");
        await using (var warm = await Service.StartOwnCatalogueOnAsync(connectionString))
        {
            Assert.Empty(await Strings(connectionString, "select indexname from pg_indexes where indexname = 'record_search_index_spanned_years'"));
            var differs = await Assert.ThrowsAsync<Weasel.Core.Migrations.DatabaseValidationException>(
                () => warm.Services.GetRequiredService<Marten.IDocumentStore>().Storage.Database.AssertDatabaseMatchesConfigurationAsync());
            Assert.Contains("record_search_index_spanned_years", differs.Message);
        }

        await Execute(connectionString, "drop table catalogue.schema_history; comment on schema catalogue is 'model of an earlier release'");
        await using (await Service.StartOwnCatalogueOnAsync(connectionString))
        {
            Assert.Single(await Strings(connectionString, "select indexname from pg_indexes where indexname = 'record_search_index_spanned_years'"));
        }
    }

    /// <summary>
    /// Wolverine's message tables are part of the model the comment names: a warm start compares them no more than the
    /// store's tables (an index dropped by hand stays dropped), and another version's start brings them up to date —
    /// Wolverine no longer does at each start.
    /// </summary>
    [Fact]
    public async Task the_message_tables_are_trusted_on_a_warm_start_and_brought_up_to_date_by_another_version()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_warm_messages"))
        {
            connectionString = first.ConnectionString;
        }

        const string index = "select indexname from pg_indexes where indexname = 'idx_wolverine_incoming_envelopes_owner'";
        await Execute(connectionString, "drop index catalogue.idx_wolverine_incoming_envelopes_owner");
        await using (await Service.StartOwnCatalogueOnAsync(connectionString))
        {
            Assert.Empty(await Strings(connectionString, index));
        }

        await Execute(connectionString, "drop table catalogue.wolverine_dead_letters; drop table catalogue.schema_history; comment on schema catalogue is 'model of an earlier release'");
        await using (var upgraded = await Service.StartOwnCatalogueOnAsync(connectionString))
        {
            Assert.Single(await Strings(connectionString, index));
            Assert.Single(await Strings(connectionString, "select tablename from pg_tables where schemaname = 'catalogue' and tablename = 'wolverine_dead_letters'"));
            (await upgraded.Admin.Post("/api/records", Support.Catalogue.SeedAccession("WCDA-117886"))).ShouldBe(System.Net.HttpStatusCode.Created);
        }
    }

    private static async Task<List<string>> Triggers(string connectionString) =>
        await Strings(connectionString,
            """
            select t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'catalogue' and not t.tgisinternal order by 1
            """);

    private static async Task<string> Definitions(string connectionString) =>
        string.Join("\n", await Strings(connectionString,
            "select pg_get_functiondef(p.oid) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'catalogue' and p.prokind = 'f'"));

    /// <summary>
    /// A catalogue whose record documents had their accession numbers indexed by an expression over the document (as
    /// releases before this one made it) is brought to a column of their own at its next start: the numbers are copied
    /// into it, the old index goes, and a number already used is still refused. No index of the record document then
    /// reads the document itself, so an edit of a record leaves its index entries as they are.
    /// </summary>
    [Fact]
    public async Task accession_numbers_move_to_a_column_of_their_own_and_stay_unique()
    {
        string connectionString;
        await using (var first = await Service.StartOwnCatalogueAsync("catalogue_accession_column"))
        {
            connectionString = first.ConnectionString;
            await first.Admin.AccessionTheSeed("WCDA-117886");
        }

        await Execute(connectionString,
            """
            drop index catalogue.mt_doc_cataloguerecord_idx_accession_number;
            alter table catalogue.mt_doc_cataloguerecord drop column accession_number;
            create unique index mt_doc_cataloguerecord_uidx_accession_number on catalogue.mt_doc_cataloguerecord ((data ->> 'AccessionNumber'));
            drop table catalogue.schema_history; comment on schema catalogue is 'model of an earlier release';
            """);
        await using (var upgraded = await Service.StartOwnCatalogueOnAsync(connectionString))
        {
            Assert.Equal(["WCDA-117886"], await Strings(connectionString, "select accession_number from catalogue.mt_doc_cataloguerecord"));
            Assert.Empty(await Strings(connectionString,
                "select indexrelid::regclass::text from pg_index where indrelid = 'catalogue.mt_doc_cataloguerecord'::regclass and indexprs is not null"));
            var refused = (await upgraded.Admin.Post("/api/records", Support.Catalogue.SeedAccession("WCDA-117886"))).ShouldBe(System.Net.HttpStatusCode.Conflict);
            Assert.Contains("accession number", refused.Json["detail"]!.GetValue<string>());
        }
    }

    private static async Task<List<string>> Strings(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        var values = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Each of the catalogue's triggers and functions with its object id and the transaction that last wrote it.</summary>
    private static async Task<List<string>> TriggersAndFunctions(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            """
            select 'trigger ' || t.tgname || ' ' || t.oid || ' ' || t.xmin
            from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'catalogue' and not t.tgisinternal
            union all
            select 'function ' || p.proname || ' ' || p.oid || ' ' || p.xmin
            from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'catalogue'
            order by 1
            """, connection);
        var objects = new List<string>();
        await using var reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync()) objects.Add(reader.GetString(0));
        return objects;
    }
}

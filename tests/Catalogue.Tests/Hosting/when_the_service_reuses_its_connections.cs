using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// The service's pooled connections are handed on without PostgreSQL's reset, and the statements it repeats are
/// prepared once per connection; each is still planned for the values it is given. Reads repeated well past the point
/// where a statement is prepared answer for their own record, their own words and their own reader.
/// </summary>
public sealed class when_the_service_reuses_its_connections(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>Nor compiled to machine code, which cost a search's counts more than running them.</summary>
    [Fact]
    public async Task every_statement_is_planned_for_its_values()
    {
        var database = Service.Host.Services.GetRequiredService<NpgsqlDataSource>();
        var settings = new NpgsqlConnectionStringBuilder(database.ConnectionString);

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(ConnectionReuse.PreparedStatementsPerConnection, settings.MaxAutoPrepare);
        await using var show = database.CreateCommand("show plan_cache_mode");
        Assert.Equal("force_custom_plan", await show.ExecuteScalarAsync());
        await using var jit = database.CreateCommand("show jit");
        Assert.Equal("off", await jit.ExecuteScalarAsync());
    }

    /// <summary>
    /// Except inside the trigger that writes a record's search row: its INSERT, with the text functions inlined, took
    /// longer to plan than to run, and planned for its values it was planned again at every write.
    /// </summary>
    [Fact]
    public async Task the_search_index_trigger_keeps_its_plans()
    {
        var database = Service.Host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var settings = database.CreateCommand("select proconfig from pg_proc where proname = 'record_search_index_follows'");

        Assert.Equal(["plan_cache_mode=auto"], (string[])(await settings.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task records_read_again_and_again_are_each_answered_as_themselves()
    {
        var archivist = Service.As("archivist");
        var records = new List<(Guid Id, string Title)>();
        for (var i = 1; i <= 4; i++)
        {
            var title = $"Memorandum of conversation number {i}";
            records.Add(((await archivist.Post("/api/records", new { title })).ShouldBe(HttpStatusCode.Created).Id, title));
        }

        var published = records[0].Id;
        await Api.Post($"/api/records/{published}/provenance", Support.Catalogue.SeedProvenance(1));
        (await Api.Post($"/api/records/{published}/publish", new { version = 2 })).ShouldBe(HttpStatusCode.OK);
        var reader = Service.As("reader");

        // Far more reads than Npgsql needs to prepare the statement on each connection the pool holds.
        for (var round = 0; round < 12; round++)
        {
            foreach (var (id, title) in records)
            {
                var read = (await archivist.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);
                Assert.Equal(id, read.Json["id"]!.GetValue<Guid>());
                Assert.Equal(title, read.Json["title"]!.GetValue<string>());
            }

            // However often a reader asks, the published record is there and the drafts do not exist.
            (await reader.Get($"/api/records/{published}")).ShouldBe(HttpStatusCode.OK);
            (await reader.Get($"/api/records/{records[1].Id}")).ShouldBe(HttpStatusCode.NotFound);
        }
    }
}

/// <summary>What the service sets on the connection string it shares with Marten and Wolverine, and what it leaves alone.</summary>
public sealed class ConnectionReuseTests
{
    [Fact]
    public void a_plain_connection_string_gets_reuse_without_reset_and_prepared_statements_planned_per_value_and_never_compiled()
    {
        var applied = new NpgsqlConnectionStringBuilder(ConnectionReuse.ApplyTo("Host=db;Database=catalogue;Username=catalogue"));

        Assert.True(applied.NoResetOnClose);
        Assert.Equal(ConnectionReuse.PreparedStatementsPerConnection, applied.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=force_custom_plan -c jit=off", applied.Options);
        Assert.Equal("db", applied.Host);
    }

    [Fact]
    public void a_connection_string_that_chooses_for_itself_is_kept()
    {
        var applied = new NpgsqlConnectionStringBuilder(
            ConnectionReuse.ApplyTo("Host=db;No Reset On Close=false;Max Auto Prepare=0;Options=-c plan_cache_mode=auto"));

        Assert.False(applied.NoResetOnClose);
        Assert.Equal(0, applied.MaxAutoPrepare);
        Assert.Equal("-c plan_cache_mode=auto", applied.Options);
    }
}

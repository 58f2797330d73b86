using System.Diagnostics;
using System.Net;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Catalogue.Tests.Reliability;

/// <summary>
/// PostgreSQL is up but does not answer: a long-running maintenance job holds a lock on the tables a request needs.
/// The request gives up after the configured command timeout and answers 503 with Retry-After, instead of holding
/// its connection and its client until the job ends; nothing is half-written, and the same request works once the
/// lock goes.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_the_database_is_too_slow_to_answer(CatalogueService service) : CatalogueScenario(service)
{
    private Task<OwnCatalogue> ACatalogueThatWaitsOneSecond() =>
        Service.StartOwnCatalogueAsync("catalogue_slow", new Dictionary<string, string> { [DatabaseTimeouts.CommandTimeoutKey] = "1" });

    /// <summary>A maintenance job's transaction holding a lock on one table until it is disposed.</summary>
    private static async Task<NpgsqlConnection> Lock(string connectionString, string table, string mode)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"begin; lock table catalogue.{table} in {mode} mode;", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    [Fact]
    public async Task a_command_blocked_past_the_timeout_answers_503_and_appends_nothing()
    {
        await using var catalogue = await ACatalogueThatWaitsOneSecond();
        var archivist = catalogue.Admin;
        var id = (await archivist.AccessionTheSeed()).Id;
        var tagging = new { version = 1, subjects = new[] { "Sino-Soviet relations" } };

        Reply refused;
        var clock = Stopwatch.StartNew();
        await using (await Lock(catalogue.ConnectionString, "mt_events", "exclusive"))
        {
            refused = (await archivist.Post($"/api/records/{id}/subjects", tagging)).ShouldBe(HttpStatusCode.ServiceUnavailable);
        }

        Assert.Equal("application/problem+json", refused.ContentHeaders!.ContentType!.MediaType);
        Assert.Equal("The catalogue database did not answer in time", refused.Json["title"]!.GetValue<string>());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.DoesNotContain("lock", refused.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("with the same Idempotency-Key a retry never applies a change twice", refused.Json["detail"]!.GetValue<string>());
        Assert.Equal(1, await archivist.EventCount(id));

        (await archivist.Post($"/api/records/{id}/subjects", tagging)).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, await archivist.EventCount(id));
        Console.WriteLine($"refused after {clock.Elapsed.TotalSeconds:F1} s with a 1 s command timeout");
    }

    [Fact]
    public async Task a_read_blocked_past_the_timeout_answers_503()
    {
        await using var catalogue = await ACatalogueThatWaitsOneSecond();
        var reader = catalogue.Admin;
        var id = (await reader.AccessionTheSeed()).Id;

        await using (await Lock(catalogue.ConnectionString, "mt_doc_cataloguerecord", "access exclusive"))
        {
            var refused = (await reader.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("The catalogue database did not answer in time", refused.Json["title"]!.GetValue<string>());
            // A read sends no Idempotency-Key, and is not told of one.
            Assert.Equal("The database call was cancelled after the configured timeout. Send the request again shortly.", refused.Json["detail"]!.GetValue<string>());
        }

        (await reader.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>How the timeouts reach the connection string every part of the service shares.</summary>
public sealed class DatabaseTimeoutsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static NpgsqlConnectionStringBuilder Applied(string connectionString, IConfiguration settings) =>
        new(DatabaseTimeouts.ApplyTo(connectionString, settings));

    [Fact]
    public void without_settings_the_defaults_apply()
    {
        var applied = Applied("Host=db;Database=catalogue;Username=catalogue", Settings());

        Assert.Equal(DatabaseTimeouts.DefaultCommandTimeoutSeconds, applied.CommandTimeout);
        Assert.Equal(DatabaseTimeouts.DefaultConnectTimeoutSeconds, applied.Timeout);
        Assert.Equal("db", applied.Host);
    }

    [Fact]
    public void a_connection_string_that_names_its_timeouts_keeps_them()
    {
        var applied = Applied("Host=db;Database=catalogue;Command Timeout=120;Timeout=9", Settings());

        Assert.Equal(120, applied.CommandTimeout);
        Assert.Equal(9, applied.Timeout);
    }

    [Fact]
    public void the_catalogue_settings_win_over_the_connection_string()
    {
        var applied = Applied("Host=db;CommandTimeout=120;Timeout=9", Settings((DatabaseTimeouts.CommandTimeoutKey, "10"), (DatabaseTimeouts.ConnectTimeoutKey, "3")));

        Assert.Equal(10, applied.CommandTimeout);
        Assert.Equal(3, applied.Timeout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("thirty")]
    [InlineData("3601")]
    public void a_setting_that_is_not_a_sane_number_of_seconds_stops_the_start(string value)
    {
        var refused = Assert.Throws<Catalogue.Api.Hosting.CatalogueConfigurationException>(() => Applied("Host=db", Settings((DatabaseTimeouts.CommandTimeoutKey, value))));
        Assert.Contains(DatabaseTimeouts.CommandTimeoutKey, refused.Message);
    }
}

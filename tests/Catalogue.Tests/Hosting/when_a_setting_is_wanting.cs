using Alba;
using Catalogue.Api.Hosting;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Catalogue.Tests.Hosting;

/// <summary>
/// A setting the service cannot run with ends its start with one line naming the setting, what it must be and what it
/// is — not with a stack trace, whether it is read as the service is set up or only when a part of it first needs it.
/// </summary>
[Collection(SeparateProcessesCollection.Name)]
public sealed class when_a_setting_is_wanting(SeparateProcessesCluster postgres)
{
    /// <summary>As the console shows it: a few settings of each kind, each start a process of its own.</summary>
    [Theory]
    [InlineData("Catalogue__Search__ExactCountsUpTo", "many", "Catalogue:Search:ExactCountsUpTo must be a whole number, 0 or more (default 4000); it is 'many'.")]
    [InlineData("Catalogue__Audit__SigningKeyFile", "/nonexistent/audit-signing-key.pem", "Catalogue:Audit:SigningKeyFile names /nonexistent/audit-signing-key.pem, which does not exist.")]
    [InlineData("Logging__LogLevel__Default", "Loud", "A Logging:LogLevel setting must be one of Trace, Debug, Information, Warning, Error, Critical, None. Configuration value 'Loud' is not supported.")]
    [InlineData("ConnectionStrings__Catalogue", "the catalogue database", "ConnectionStrings:Catalogue must be a PostgreSQL connection string: ")]
    public async Task the_start_ends_with_one_line_naming_it(string setting, string value, string said)
    {
        var connectionString = await postgres.NewDatabaseAsync("catalogue_setting");
        using var service = CatalogueCli.LaunchService(connectionString, new Dictionary<string, string> { [setting] = value });
        await service.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, service.Process.ExitCode);
        var line = Assert.Single(service.Lines);
        Assert.StartsWith("Catalogue will not start. " + said, line);
    }

    /// <summary>
    /// Every other setting, asked of a host in the tests' own process, which throws what a start at the console says in
    /// its one line (<see cref="Catalogue.Api.Hosting.CatalogueBuilder.RunAsync"/>): the same reading of the settings,
    /// without a process's two seconds each.
    /// </summary>
    [Theory]
    [InlineData("Catalogue__Search__ExactCountsUpTo", "-1", "Catalogue:Search:ExactCountsUpTo must be a whole number, 0 or more (default 4000); it is '-1'.")]
    [InlineData("Catalogue__Search__SortedOnceFoundUpTo", "-5", "Catalogue:Search:SortedOnceFoundUpTo must be a whole number, 0 or more (default 5000); it is '-5'.")]
    [InlineData("Catalogue__Audit__CheckpointInterval", "hourly", "Catalogue:Audit:CheckpointInterval must be a positive length of time, e.g. 01:00:00; it is 'hourly'.")]
    [InlineData("Catalogue__Audit__CheckpointInterval", "-01:00:00", "Catalogue:Audit:CheckpointInterval must be positive, e.g. 01:00:00; it is '-01:00:00'.")]
    [InlineData("Catalogue__Database__CommandTimeoutSeconds", "0", "Catalogue:Database:CommandTimeoutSeconds must be a whole number of seconds from 1 to 3600; it is '0'.")]
    [InlineData("Catalogue__Limits__LargePayloadMiB", "0", "Catalogue:Limits:LargePayloadMiB must be a whole number of MiB, 1 or more (default 8); it is '0'.")]
    [InlineData("Catalogue__Limits__LargePayloadWaitSeconds", "5000000", "Catalogue:Limits:LargePayloadWaitSeconds must be a whole number of seconds from 1 to 3600 (default 30); it is '5000000'.")]
    [InlineData("Catalogue__Security__KeyCacheSeconds", "-1", "Catalogue:Security:KeyCacheSeconds must be a whole number of seconds from 0 (look every key up on every request) to 3600; it is '-1'.")]
    [InlineData("Catalogue__Audit__SigningKeyPem", "not a key", "Catalogue:Audit:SigningKeyPem must hold an ECDSA P-256 private key in PEM form")]
    [InlineData("Catalogue__Imports__MaxGzipExpansion", "5", "Catalogue:Imports:MaxGzipExpansion must be at least 10")]
    [InlineData("Catalogue__Imports__LinesPerTransaction", "0", "Catalogue:Imports:LinesPerTransaction must be 1 to 10,000.")]
    [InlineData("Catalogue__Imports__LinesPerTransaction", "many", "Failed to convert configuration value 'many' at 'Catalogue:Imports:LinesPerTransaction' to type 'System.Int32'.")]
    [InlineData("Catalogue__Imports__MaxBulkImportBytes", "-1", "Catalogue:Imports:MaxBatchBytes and MaxBulkImportBytes must each be at least 1024 bytes.")]
    [InlineData("Catalogue__RateLimit__PermitsPerMinute", "0", "Catalogue:RateLimit:PermitsPerMinute must be a whole number, 1 or more (default 1200); it is '0'.")]
    [InlineData("Catalogue__Security__PublicReads", "maybe", "Failed to convert configuration value 'maybe' at 'Catalogue:Security:PublicReads' to type 'System.Boolean'.")]
    [InlineData("Catalogue__Interop__AdminEmail", "the archivist", "Catalogue:Interop:AdminEmail must be an email address")]
    [InlineData("Catalogue__Interop__OaiRepositoryIdentifier", "wilson center", "Catalogue:Interop:OaiRepositoryIdentifier must be a domain name")]
    [InlineData("Catalogue__Interop__AgencyName", " ", "Catalogue:Interop:AgencyName must name the institution")]
    [InlineData("Catalogue__Jwt__Authority", "the provider", "Catalogue:Jwt:Authority must be the provider's issuer URL (https://…); it is 'the provider'.")]
    [InlineData("Catalogue__Jwt__Authority", "http://sso.archive.example.org/realms/catalogue", "Catalogue:Jwt:Authority must use HTTPS, or Catalogue:Jwt:RequireHttpsMetadata be false")]
    [InlineData("Catalogue__Database__ConnectTimeoutSeconds", "3600", "Catalogue:Database:ConnectTimeoutSeconds must be a whole number of seconds from 1 to 1024; it is '3600'.")]
    [InlineData("ConnectionStrings__Catalogue", "Host=127.0.0.1;Timeout=5000", "ConnectionStrings:Catalogue must be a PostgreSQL connection string: ")]
    [InlineData("Catalogue__Jwt__SigningKey", "short", "Catalogue:Jwt:SigningKey must be at least 32 bytes (256 bits), as HS256 requires; it has 5.")]
    [InlineData("Catalogue__ApiKeys__ci__Role", "archivist", "Catalogue:ApiKeys:ci:Key must be set: the key 'ci' has a role (archivist) but no key.")]
    [InlineData("Catalogue__Interop__OaiRecordsPerPage", "0", "Catalogue:Interop:OaiRecordsPerPage must be 1 to 1000")]
    [InlineData("Catalogue__Idempotency__Retention", "-01:00:00", "Catalogue:Idempotency:Retention must be a positive length of time")]
    [InlineData("Catalogue__Idempotency__SweepInterval", "00:00:00", "Catalogue:Idempotency:SweepInterval must be from one second to 30 days")]
    [InlineData("ConnectionStrings__CatalogueReadOnly", "the replica", "ConnectionStrings:CatalogueReadOnly must be a PostgreSQL connection string: ")]
    // Found from outside: 2147483647 was taken, and no search ever waited.
    [InlineData("Catalogue__Search__AtOnce", "2147483647", "Catalogue:Search:AtOnce must be a whole number from 1 to 50")]
    [InlineData("Catalogue__Search__WaitSeconds", "0", "Catalogue:Search:WaitSeconds must be a whole number of seconds from 1 to 3600 (default 15); it is '0'.")]
    public async Task the_start_is_stopped_by_what_names_it(string setting, string value, string said)
    {
        var connectionString = setting == "ConnectionStrings__Catalogue" ? value : await OneDatabase();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => AlbaHost.For<Program>(web =>
        {
            web.UseSetting("ConnectionStrings:Catalogue", connectionString);
            if (setting != "ConnectionStrings__Catalogue") web.UseSetting(setting.Replace("__", ":", StringComparison.Ordinal), value);
            web.UseEnvironment("Testing");
        }));

        Assert.StartsWith(said, CatalogueConfigurationException.In(refused)?.Message ?? refused.ToString());
    }

    /// <summary>One database for every host of <see cref="the_start_is_stopped_by_what_names_it"/>: none of them starts.</summary>
    private Task<string> OneDatabase() => _database ??= postgres.NewDatabaseAsync("catalogue_settings");

    private static Task<string>? _database;

    [Fact]
    public async Task a_database_that_cannot_be_reached_ends_the_start_with_one_line_and_exit_code_1_for_a_restart_policy_to_try_again()
    {
        var nothingListens = $"Host=127.0.0.1;Port={CatalogueCli.FreeLoopbackPort()};Username=catalogue;Database=catalogue";
        using var service = CatalogueCli.LaunchService(nothingListens, new Dictionary<string, string>());
        await service.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, service.Process.ExitCode);
        var line = Assert.Single(service.Lines);
        Assert.StartsWith("Catalogue will not start: the catalogue database cannot be reached (Failed to connect to 127.0.0.1:", line);
        Assert.EndsWith("Check ConnectionStrings:Catalogue, or start PostgreSQL first.", line);
    }

    /// <summary>
    /// Found from outside: a connection string naming a database that is not there ended the start with an unhandled
    /// exception, 23 lines of stack and exit code 134. The server's refusal is a setting to mend (exit 2), said in a line.
    /// </summary>
    [Theory]
    [InlineData("Database", "no_such_catalogue", "3D000: database \"no_such_catalogue\" does not exist")]
    [InlineData("Username", "no_such_archivist", "28P01: password authentication failed for user \"no_such_archivist\"")]
    [InlineData("Password", "", "No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)")]
    public async Task a_database_or_role_the_server_does_not_have_ends_the_start_with_one_line_naming_it(string part, string value, string said)
    {
        var connectionString = new Npgsql.NpgsqlConnectionStringBuilder(await OneDatabase()) { [part] = value }.ConnectionString;
        using var service = CatalogueCli.LaunchService(connectionString, new Dictionary<string, string>());
        await service.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, service.Process.ExitCode);
        var line = Assert.Single(service.Lines);
        Assert.Equal(
            $"Catalogue will not start: the catalogue database refused the connection ({said}). Check the database, user and password ConnectionStrings:Catalogue names.",
            line);
    }
}

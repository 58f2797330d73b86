using System.Diagnostics;
using System.Net;
using Catalogue.Api.Security;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Security;

/// <summary>An operator on the server creates and revokes keys with the service's own command line.</summary>
public sealed class when_keys_are_managed_from_the_command_line(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>The verb on the shared catalogue, in the tests' process: what it refuses and lists is its own doing, not its process's.</summary>
    private Task<(int ExitCode, string Output)> Cli(params string[] args) => CatalogueCli.RunInProcessAsync(Service.Host.Services, args);

    [Fact]
    public async Task a_key_created_there_works_until_it_is_revoked_there()
    {
        // A running service trusts what it last found for a key for Catalogue:Security:KeyCacheSeconds: a key revoked
        // by another process (this command line, another node) is refused once that has passed.
        const int trustedSeconds = 2;
        await using var catalogue = await Service.StartOwnCatalogueAsync("catalogue_cli_keys", new Dictionary<string, string> { [KeyLookups.SettingKey] = $"{trustedSeconds}" });
        Task<(int ExitCode, string Output)> Cli(params string[] args) => CatalogueCli.RunAsync(catalogue.ConnectionString, args);

        var created = await Cli("keys", "create", "ingest-script", "--role", "archivist");
        Assert.True(created.ExitCode == 0, created.Output);
        var key = created.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("cat_", StringComparison.Ordinal));
        var script = new Support.Api(catalogue.Host.Server.CreateClient(), key);
        (await script.Post("/api/records", new { title = "Accessioned by the ingest script" })).ShouldBe(HttpStatusCode.Created);

        var listed = await Cli("keys", "list");
        Assert.Contains("ingest-script", listed.Output);
        Assert.DoesNotContain(key, listed.Output);

        var revoked = await Cli("keys", "revoke", "ingest-script");
        Assert.True(revoked.ExitCode == 0, revoked.Output);
        Assert.StartsWith("Revoked the key 'ingest-script': services refuse requests sending it (401) within 30 s, once they stop trusting what they last looked up", revoked.Output.Trim());
        var clock = Stopwatch.StartNew();
        await Eventually.Until(() => script.Get("/api/records"), r => r.Status == HttpStatusCode.Unauthorized, "the revoked key to be refused");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(trustedSeconds + 1), $"refused only after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(64, (await Cli("keys", "create", "no-role")).ExitCode);
        // Found from outside: a name holding a control character was written to the terminal as it was, which acts on it.
        var escape = await Cli("keys", "revoke", "\u001b[31mred");
        Assert.Equal((1, "No active key is named 'U+001B[31mred' (in any letter case)."), (escape.ExitCode, escape.Output.Trim()));
    }

    [Theory]
    [InlineData("x y")]
    [InlineData("key:w")]
    [InlineData("-starts-with-a-dash")]
    [InlineData("ключ-импорта")]
    public async Task a_key_name_the_api_would_refuse_is_refused_there_too(string name)
    {
        var refused = await Cli("keys", "create", name, "--role", "reader");

        Assert.True(refused.ExitCode == 64, refused.Output);
        Assert.Contains("may hold Latin letters (A-Z, a-z), digits and . _ - only", refused.Output);
        Assert.DoesNotContain(name, (await Cli("keys", "list")).Output);
    }

    [Fact]
    public async Task a_role_the_catalogue_does_not_have_is_named_with_the_roles_it_has()
    {
        var refused = await Cli("keys", "create", "ingest-script", "--role", "superuser");

        Assert.True(refused.ExitCode == 64, refused.Output);
        Assert.Contains("'role' must be one of: reader, archivist, auditor, admin.", refused.Output);
        Assert.DoesNotContain("ingest-script", (await Cli("keys", "list")).Output);
    }
}

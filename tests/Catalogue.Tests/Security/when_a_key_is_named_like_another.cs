using System.Net;
using Catalogue.Api.Security;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Catalogue.Tests.Security;

/// <summary>
/// The actor on every event is <c>key:NAME</c>, so two keys with one name would be one actor in the history. A stored
/// key may not take the name of a key declared in configuration (the shared service declares <c>admin-client</c>,
/// <c>archivist-client</c>, <c>auditor-client</c> and <c>reader-client</c>).
/// </summary>
public sealed class when_a_stored_key_is_named_like_a_configured_one(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<IReadOnlyList<string>> StoredNames() =>
        [.. (await Api.Get("/api/keys")).ShouldBe(HttpStatusCode.OK).Json.AsArray().Select(k => k!["name"]!.GetValue<string>())];

    [Theory]
    [InlineData("archivist-client")]
    [InlineData("Archivist-Client")]
    public async Task over_http_it_is_refused_with_a_conflict_naming_the_clash_and_nothing_is_stored(string name)
    {
        var refused = (await Api.Post("/api/keys", new { name, role = "admin" })).ShouldBe(HttpStatusCode.Conflict).Json;

        var detail = refused["detail"]!.GetValue<string>();
        Assert.Contains("'archivist-client'", detail);
        Assert.Contains("configuration", detail);
        Assert.Empty(await StoredNames());
    }

    [Fact]
    public async Task on_the_command_line_it_exits_1_with_a_clear_message_and_nothing_is_stored()
    {
        var deployment = new Dictionary<string, string> { ["Catalogue__ApiKeys__w__Key"] = "configured-w-key-5d1e", ["Catalogue__ApiKeys__w__Role"] = "archivist" };

        var (exitCode, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, deployment, "keys", "create", "w", "--role", "reader");

        Assert.True(exitCode == 1, $"exit code {exitCode}: {output}");
        Assert.Contains("'w'", output);
        Assert.Contains("configuration", output);
        Assert.DoesNotContain("cat_", output);
        Assert.Empty(await StoredNames());
    }

    [Fact]
    public async Task one_stored_behind_the_services_back_does_not_act_under_that_name()
    {
        // As a command line run with another configuration than the service's could have stored it.
        const string key = "cat_stored-behind-the-services-back";
        await using (var session = Service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Store(new ApiKey { Id = ApiKeys.Hash(key), Name = "reader-client", Role = "admin", Prefix = key[..10], CreatedAt = DateTimeOffset.UtcNow, CreatedBy = "cli:someone" });
            await session.SaveChangesAsync();
        }

        var impostor = new Support.Api(Service.Host.Server.CreateClient(), key);

        (await impostor.Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);
        (await impostor.Post("/api/records", new { title = "Signed key:reader-client, done by someone else" })).ShouldBe(HttpStatusCode.Unauthorized);
    }
}

/// <summary>
/// A key's name was an actor in the history; given to a new key, <c>key:NAME</c> on old events would seem to be the
/// new key's doing. So a name, once used, stays with the key that had it, even after that key is revoked.
/// </summary>
public sealed class when_a_key_name_was_used_before(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task a_revoked_keys_name_is_not_given_to_a_new_key()
    {
        var old = (await Api.Post("/api/keys", new { name = "nightly-import", role = "archivist" })).ShouldBe(HttpStatusCode.Created).Json["key"]!.GetValue<string>();
        var id = (await new Support.Api(Service.Host.Server.CreateClient(), old).Post("/api/records", new { title = "Accessioned by the nightly import" })).ShouldBe(HttpStatusCode.Created).Id;
        (await Api.Post("/api/keys/nightly-import/revoke", new { })).ShouldBe(HttpStatusCode.NoContent);

        var refused = (await Api.Post("/api/keys", new { name = "nightly-import", role = "admin" })).ShouldBe(HttpStatusCode.Conflict).Json;
        var (exitCode, output) = await CatalogueCli.RunAsync(Service.Cluster.ConnectionString, "keys", "create", "Nightly-Import", "--role", "admin");

        Assert.Contains("revoked", refused["detail"]!.GetValue<string>());
        Assert.True(exitCode == 1, $"exit code {exitCode}: {output}");
        Assert.Contains("'nightly-import'", output);
        var keys = (await Api.Get("/api/keys")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
        Assert.NotNull(Assert.Single(keys)!["revokedAt"]);
        Assert.Equal("key:nightly-import", (await Api.Get($"/api/records/{id}/history")).Json["events"]![0]!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task an_active_keys_name_is_not_given_to_a_second_key_whatever_its_case()
    {
        (await Api.Post("/api/keys", new { name = "ingest-bot", role = "archivist" })).ShouldBe(HttpStatusCode.Created);

        var refused = (await Api.Post("/api/keys", new { name = "Ingest-Bot", role = "admin" })).ShouldBe(HttpStatusCode.Conflict).Json;

        Assert.Contains("'ingest-bot'", refused["detail"]!.GetValue<string>());
        Assert.Single((await Api.Get("/api/keys")).Json.AsArray());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Npgsql;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// Base of the event chain's tests: an empty store and an empty chain, the sealer waited for before reading a
/// verification, and a superuser connection to play an attacker with DBA rights.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public abstract class EventChainScenario(CatalogueService service) : CatalogueScenario(service)
{
    protected static readonly TimeSpan SealingTimeout = TimeSpan.FromSeconds(30);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await EventChain.PurgeAllAsync(Service.Host);
    }

    protected Task AllEventsSealed() => EventChain.WaitUntilSealedAsync(Service.Host.Services, SealingTimeout);

    protected async Task<JsonNode> Verify(string query = "")
    {
        await AllEventsSealed();
        return (await Api.Get($"/api/audit/verify{query}")).ShouldBe(HttpStatusCode.OK).Json;
    }

    /// <summary>Runs SQL as the cluster's superuser with triggers switched off, as someone with DBA rights could.</summary>
    protected Task AsAttacker(string sql) => Sql($"set session_replication_role = replica; {sql}");

    protected async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A record with a few changes: accession, provenance, a title revision, subjects.</summary>
    protected async Task<Guid> ARecordWithHistory(string? accessionNumber = null)
    {
        var id = (await Api.AccessionTheSeed(accessionNumber)).Id;
        (await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1))).ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/title", new { version = 2, title = "Memorandum of Conversation with Zhou Enlai", reason = "House style" }))
            .ShouldBe(HttpStatusCode.OK);
        (await Api.Post($"/api/records/{id}/subjects", new { version = 3, subjects = new[] { "Sino-Soviet relations", "Korea" } }))
            .ShouldBe(HttpStatusCode.OK);
        return id;
    }
}

using System.Net;
using Catalogue.Api.Audit;
using Catalogue.Api.Authorities.People;
using Catalogue.Api.Hosting;
using Catalogue.Api.Records;
using Catalogue.Tests.Authorities;
using Catalogue.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Audit;

/// <summary>
/// The people's authorities were kept by the async daemon, and are written inline now. A catalogue upgraded from the
/// earlier version may hold authorities the daemon had not brought up to date when it stopped: before the new version
/// serves, they are rebuilt from the events, and the daemon's row for them is forgotten.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_a_read_model_the_daemon_kept_is_inline_now(CatalogueService service) : CatalogueScenario(service)
{
    private async Task<long> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(Service.Cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Zhou Enlai, named on a record and given an alias; his id, and the daemon's name for where it kept the authorities.</summary>
    private async Task<(Guid Zhou, string Shard)> ZhouWithAnAlias()
    {
        await Api.ARecordNaming("Memorandum of Conversation", participants: ["Zhou Enlai"]);
        var zhou = (await Service.ThePersonFor("Zhou Enlai")).Id();
        (await Api.Post($"/api/people/{zhou}/aliases", new { alias = "Chou En-lai", version = 0, reason = "Wade-Giles" })).ShouldBe(HttpStatusCode.OK);
        return (zhou, Service.Host.Services.GetRequiredService<CatalogueStoreConfiguration>().Find(nameof(PersonAuthority))!.Shard.Identity);
    }

    [Fact]
    public async Task an_authority_the_daemon_had_not_folded_is_rebuilt_before_the_service_serves()
    {
        var (zhou, shard) = await ZhouWithAnAlias();
        // As the earlier version left it: the daemon stopped before the alias, the authority as it stood then.
        await Scalar($$"""
            update {{PersonAuthority.Table}} set data = jsonb_set(jsonb_set(data, '{Aliases}', '[]'), '{Keys}', '["zhou enlai"]'), keys = '{zhou enlai}' where id = '{{zhou}}';
            insert into {{CatalogueSchema.Name}}.mt_event_progression (name, last_seq_id, last_updated)
            select '{{shard}}', max(seq_id) - 1, now() from {{CatalogueSchema.Name}}.mt_events
            """);
        Assert.Empty((await Api.Get($"/api/people/{zhou}")).ShouldBe(HttpStatusCode.OK).Json["aliases"]!.AsArray());
        var maintenance = Service.Host.Services.GetRequiredService<ReadModelMaintenance>();

        var rebuilt = await maintenance.AdoptFormerlyAsyncReadModelsAsync(CancellationToken.None);

        var authority = Assert.Single(rebuilt);
        Assert.Equal((nameof(PersonAuthority), 1L), (authority.ReadModel, authority.Changed));
        Assert.Equal(["Chou En-lai"], (await Api.Get($"/api/people/{zhou}")).ShouldBe(HttpStatusCode.OK).Json["aliases"].Strings());
        Assert.Equal(0, await Scalar($"select count(*) from {CatalogueSchema.Name}.mt_event_progression where name = '{shard}'"));
        Assert.Empty(await maintenance.AdoptFormerlyAsyncReadModelsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task an_authority_the_daemon_had_brought_up_to_date_is_left_as_it_is_and_its_row_forgotten()
    {
        var (zhou, shard) = await ZhouWithAnAlias();
        await Scalar($"""
            insert into {CatalogueSchema.Name}.mt_event_progression (name, last_seq_id, last_updated)
            select '{shard}', max(seq_id), now() from {CatalogueSchema.Name}.mt_events
            """);

        var rebuilt = await Service.Host.Services.GetRequiredService<ReadModelMaintenance>().AdoptFormerlyAsyncReadModelsAsync(CancellationToken.None);

        Assert.Empty(rebuilt);
        Assert.Equal(0, await Scalar($"select count(*) from {CatalogueSchema.Name}.mt_event_progression where name = '{shard}'"));
        Assert.Equal(["Chou En-lai"], (await Api.Get($"/api/people/{zhou}")).ShouldBe(HttpStatusCode.OK).Json["aliases"].Strings());
    }
}

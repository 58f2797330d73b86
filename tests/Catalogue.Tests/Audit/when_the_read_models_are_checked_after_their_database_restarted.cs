using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Audit;

/// <summary>
/// Checks and rebuilds are seldom, and PostgreSQL may have restarted since the last one (an upgrade, a failover) while the
/// service ran on. The next one connects afresh rather than failing on a connection the restart ended.
/// </summary>
[Collection(AuditAndFailuresCollection.Name)]
public sealed class when_the_read_models_are_checked_after_their_database_restarted(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task the_first_check_and_rebuild_after_the_restart_are_made()
    {
        await Api.AccessionTheSeed();
        await Service.ProjectionsCaughtUp();
        Assert.True((await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json["identical"]!.GetValue<bool>());

        await Service.StopDatabaseAsync();
        await Service.StartDatabaseAgainAsync();
        await Service.WaitUntilReadyAsync();
        await Api.AccessionTheSeed("ACC-2");
        await Service.ProjectionsCaughtUp();

        Assert.True((await Api.Get("/api/audit/verify-projections")).ShouldBe(HttpStatusCode.OK).Json["identical"]!.GetValue<bool>());
        (await Api.Post("/api/admin/projections/rebuild", new { })).ShouldBe(HttpStatusCode.OK);
    }
}

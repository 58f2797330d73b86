using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Observability;

public sealed class when_an_orchestrator_probes_the_service(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task liveness_answers_without_asking_the_database()
    {
        var live = (await Api.Get("/health/live")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("healthy", live.Json["status"]!.GetValue<string>());
        Assert.Null(live.Json["database"]);
    }

    [Fact]
    public async Task readiness_reports_the_database_up()
    {
        var ready = (await Api.Get("/health/ready")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal("healthy", ready.Json["status"]!.GetValue<string>());
        Assert.Equal("up", ready.Json["database"]!["status"]!.GetValue<string>());
        Assert.StartsWith("15", ready.Json["database"]!["serverVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task the_original_health_endpoint_gives_the_same_report()
    {
        var health = (await Api.Get("/health")).ShouldBe(HttpStatusCode.OK);
        var ready = (await Api.Get("/health/ready")).ShouldBe(HttpStatusCode.OK);

        Assert.Equal(health.Text, ready.Text);
    }
}

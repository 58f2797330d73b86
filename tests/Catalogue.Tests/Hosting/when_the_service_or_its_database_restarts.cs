using System.Net;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Hosting;

public sealed class when_the_service_or_its_database_restarts(CatalogueService service) : CatalogueScenario(service)
{
    [Fact]
    public async Task records_are_still_there_after_stopping_and_starting_both()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Api.Post($"/api/records/{id}/provenance", Support.Catalogue.SeedProvenance(1));

        await Service.RestartAsync();

        var record = (await Api.Get($"/api/records/{id}")).ShouldBe(HttpStatusCode.OK).Json;
        Assert.Equal(2, record["version"]!.GetValue<long>());
        Assert.Equal("81-85", record["provenance"]![0]!["folios"]!.GetValue<string>());
        Assert.Equal(2, await Api.EventCount(id));
    }

    [Fact]
    public async Task without_its_database_the_service_answers_503_and_appends_nothing()
    {
        var id = (await Api.AccessionTheSeed()).Id;
        await Service.StopDatabaseAsync();
        try
        {
            var command = (await Api.Post($"/api/records/{id}/subjects", new { version = 1, subjects = new[] { "Korea" } }))
                .ShouldBe(HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(command.Headers.RetryAfter);
            Assert.Equal("application/problem+json", command.ContentHeaders?.ContentType?.MediaType);
            Assert.DoesNotContain("Npgsql", command.Text);

            var health = (await Api.Get("/health")).ShouldBe(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("down", health.Json["database"]!["status"]!.GetValue<string>());
        }
        finally
        {
            await Service.RestartAsync();
        }

        Assert.Equal(1, await Api.EventCount(id));
        Assert.Equal("up", (await Api.Get("/health")).ShouldBe(HttpStatusCode.OK).Json["database"]!["status"]!.GetValue<string>());
    }
}

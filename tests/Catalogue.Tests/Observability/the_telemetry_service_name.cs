using Catalogue.Api.Observability;
using Microsoft.Extensions.Configuration;

namespace Catalogue.Tests.Observability;

public sealed class the_telemetry_service_name
{
    [Theory]
    [InlineData(null, null, "catalogue")]
    [InlineData("catalogue-eu", null, "catalogue-eu")]
    [InlineData(null, "deployment.environment=prod,service.name=archive-api", "archive-api")]
    [InlineData("catalogue-eu", "service.name=archive-api", "catalogue-eu")]
    [InlineData(null, "deployment.environment=prod", "catalogue")]
    public void follows_the_standard_variables(string? serviceName, string? resourceAttributes, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OTEL_SERVICE_NAME"] = serviceName,
                ["OTEL_RESOURCE_ATTRIBUTES"] = resourceAttributes,
            })
            .Build();

        Assert.Equal(expected, CatalogueObservability.ServiceNameFrom(configuration));
    }
}

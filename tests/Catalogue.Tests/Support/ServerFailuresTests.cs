using Catalogue.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Catalogue.Tests.Support;

/// <summary>A test that meets a 500 quotes what the server logged for that request, found by its correlation id.</summary>
public sealed class ServerFailuresTests
{
    [Fact]
    public void an_error_logged_while_serving_a_request_is_found_by_its_correlation_id()
    {
        var failures = new ServerFailures();
        using var logging = LoggerFactory.Create(b => b.AddProvider(failures.ForOneHost()));
        var logger = logging.CreateLogger("Catalogue.Api.Hosting.CatalogueExceptionHandler");

        using (logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = "88ca4b62629e9126f3b5a6e913996980" }))
        {
            logger.LogWarning("Database unavailable while serving {Path}", "/api/records");
            logger.LogError(new InvalidOperationException("the stream moved on"), "Unhandled failure while serving {Path}", "/api/records");
        }

        logger.LogError(new InvalidOperationException("outside any request"), "Background failure");

        var logged = failures.For("88ca4b62629e9126f3b5a6e913996980");
        Assert.NotNull(logged);
        Assert.Contains("Unhandled failure while serving /api/records", logged);
        Assert.Contains("System.InvalidOperationException: the stream moved on", logged);
        Assert.Null(failures.For("another-request"));
    }

    [Fact]
    public void a_failure_in_one_host_is_found_after_another_host_was_made()
    {
        var failures = new ServerFailures();
        using var first = LoggerFactory.Create(b => b.AddProvider(failures.ForOneHost()));
        using var second = LoggerFactory.Create(b => b.AddProvider(failures.ForOneHost()));
        var logger = first.CreateLogger("Catalogue.Api.Hosting.CatalogueExceptionHandler");

        using (logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = "0af7651916cd43dd8448eb211c80319c" }))
            logger.LogError(new InvalidOperationException("the stream moved on"), "Unhandled failure while serving {Path}", "/api/records");

        Assert.Contains("the stream moved on", failures.For("0af7651916cd43dd8448eb211c80319c"));
    }
}

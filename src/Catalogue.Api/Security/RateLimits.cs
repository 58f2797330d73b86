using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Catalogue.Api.Security;

public sealed class RateLimitOptions
{
    /// <summary>Requests one caller (an API key, a person, or an anonymous address) may make per minute.</summary>
    public int PermitsPerMinute { get; set; } = 1200;
}

/// <summary>
/// Limits each caller's request rate, so one runaway script cannot starve the others: a token bucket per
/// principal (per remote address when anonymous); a refused request gets 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public static WebApplicationBuilder AddCatalogueRateLimits(this WebApplicationBuilder builder)
    {
        // A bucket of no tokens is refused by the limiter when a caller's bucket is first made: every request would fail.
        var options = new RateLimitOptions();
        if (Hosting.CatalogueConfigurationException.Integer(builder.Configuration, "Catalogue:RateLimit:PermitsPerMinute", "a whole number, 1 or more (default 1200)", least: 1) is { } permits)
            options.PermitsPerMinute = permits;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetTokenBucketLimiter(CallerOf(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.PermitsPerMinute,
                        TokensPerPeriod = options.PermitsPerMinute,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    // Named as every other problem the service answers is (found from outside: it alone had no type).
                    type: "https://tools.ietf.org/html/rfc6585#section-4",
                    title: "Too many requests",
                    detail: $"This client may make {options.PermitsPerMinute} requests a minute; try again after the time in Retry-After.").ExecuteAsync(http);
            };
        });
        return builder;
    }

    private static string CallerOf(HttpContext http) =>
        SecurityServices.ActorOf(http.User) ?? $"address:{http.Connection.RemoteIpAddress}";
}

using Marten;

namespace Catalogue.Api.Records.Writing.Idempotency;

/// <summary>Everything Idempotency-Key needs from Marten and from the container.</summary>
public static class IdempotencyRegistration
{
    /// <summary>The kept responses, with their expiry as a column so the sweep deletes by index.</summary>
    public static StoreOptions AddIdempotency(this StoreOptions opts)
    {
        opts.Schema.For<IdempotentResponse>().Duplicate(x => x.ExpiresAt);
        return opts;
    }

    /// <summary>The key checks, the request fingerprint taken at the door, and the sweep of expired keys.</summary>
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section);
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton<ExpiredIdempotencyKeys>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredIdempotencyKeys>());
        services.AddTransient<IStartupFilter, FingerprintIdempotentRequests>();
        return services;
    }
}

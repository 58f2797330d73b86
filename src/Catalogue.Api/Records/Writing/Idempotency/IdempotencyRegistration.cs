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
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.Retention <= TimeSpan.FromDays(3650),
                "Catalogue:Idempotency:Retention must be a positive length of time up to ten years, e.g. 1.00:00:00 (a day).")
            .Validate(o => o.SweepInterval >= TimeSpan.FromSeconds(1) && o.SweepInterval <= TimeSpan.FromDays(30),
                "Catalogue:Idempotency:SweepInterval must be from one second to 30 days, e.g. 01:00:00 (an hour).")
            .ValidateOnStart();
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton<ExpiredIdempotencyKeys>();
        services.AddHostedService(sp => sp.GetRequiredService<ExpiredIdempotencyKeys>());
        services.AddTransient<IStartupFilter, FingerprintIdempotentRequests>();
        return services;
    }
}

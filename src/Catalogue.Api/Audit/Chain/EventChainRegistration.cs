using Marten;

namespace Catalogue.Api.Audit.Chain;

/// <summary>Everything the tamper-evident event chain needs from Marten and from the container.</summary>
public static class EventChainRegistration
{
    /// <summary>The seal and checkpoint tables, the guard triggers and the sealer subscription (run by the async daemon).</summary>
    public static StoreOptions AddEventChain(this StoreOptions opts)
    {
        opts.AddEventChainSchema();
        opts.Events.Subscribe(new EventSealer());
        return opts;
    }

    /// <summary>The verifier, checkpoint signing (key, store, periodic checkpoints) and the export.</summary>
    public static IServiceCollection AddEventChainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AuditOptions.From(configuration));
        services.AddSingleton(sp => CheckpointSigningKey.Load(sp.GetRequiredService<AuditOptions>(), sp.GetRequiredService<ILogger<CheckpointSigningKey>>()));
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<ChainCheckpoints>();
        services.AddSingleton<EventExport>();
        services.AddHostedService<PeriodicCheckpoints>();
        return services;
    }
}

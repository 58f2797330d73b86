using Catalogue.Api.Hosting;
using Marten;

namespace Catalogue.Api.Audit.Chain;

/// <summary>Everything the tamper-evident event chain needs from Marten, from the container and on the command line.</summary>
public static class EventChainRegistration
{
    /// <summary>
    /// The chain on the live store only (a scratch store that rebuilds the read models must never seal or guard), its
    /// verifier, checkpoints and export, and its verbs.
    /// </summary>
    public static CatalogueBuilder AddEventChain(this CatalogueBuilder catalogue) => catalogue
        .Services(builder =>
        {
            builder.Services.ConfigureMarten((services, opts) => opts.AddEventChain(services.GetRequiredService<ILogger<EventSealer>>()));
            builder.Services.AddEventChainServices(builder.Configuration);
        })
        // The signing key is loaded before serving, so a key file that is missing or unreadable ends the start with the
        // line that names it, not with a host that failed to start halfway.
        .RefuseToStartWhen((services, _) =>
        {
            services.GetRequiredService<CheckpointSigningKey>();
            return Task.FromResult<string?>(null);
        })
        .Verb(new Verb(
            "verify", "verify [--record ID]", "check the event chain against its seals and signed checkpoints; exit 1 if it is broken",
            ChainCommandLine.VerifyAsync))
        .Verb(new Verb("checkpoint", "checkpoint", "sign the head of the event chain now", ChainCommandLine.CheckpointAsync)
        {
            // A stray argument is a mistake to point out, not a Critter Stack verb to fall through to.
            Refuses = args => args is [] ? null : "usage: checkpoint   (it takes no arguments)",
        })
        .Verb(new Verb(
            "export-events", ChainCommandLine.ExportUsage, "write every event with its seal to FILE, or to standard output (-), to be checked offline with verify-export",
            ChainCommandLine.ExportAsync)
        {
            Refuses = ChainCommandLine.ExportMisused,
        })
        .Verb(new Verb(
            "verify-export", ChainCommandLine.VerifyExportUsage,
            "check an export (FILE, or standard input: -) without the database; exit 1 if it is broken", ChainCommandLine.VerifyExportAsync)
        {
            // Checking a file never starts or needs a database.
            Offline = true,
        });

    /// <summary>The seal and checkpoint tables, the guard triggers and the sealer subscription (run by the async daemon).</summary>
    /// <param name="logger">Where the sealer says why it stopped, when it does.</param>
    public static StoreOptions AddEventChain(this StoreOptions opts, ILogger<EventSealer>? logger = null)
    {
        opts.AddEventChainSchema();
        opts.Events.Subscribe(new EventSealer(logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<EventSealer>.Instance));

        // After a database outage the node must win the sealer's lock again and the daemon must notice the stopped
        // sealer before sealing resumes; Marten checks each every 5 s. Once a second keeps the chain seconds, not
        // tens of seconds, behind the appends (one advisory-lock try and an in-memory check a second).
        opts.Projections.LeadershipPollingTime = 1000;
        opts.Projections.HealthCheckPollingTime = TimeSpan.FromSeconds(1);

        // Events are sealed only up to the daemon's high-water mark. If that mark stands still while later events are
        // committed, Marten restarts its high-water agent, but only after two minutes by default, and auditors see
        // the backlog grow that whole time. Fifteen seconds is still several times the 3 s gap threshold. It costs
        // one max(seq_id) query per window, and only while the mark is not moving.
        opts.Projections.HighWaterProgressStallThreshold = TimeSpan.FromSeconds(15);
        return opts;
    }

    /// <summary>The verifier, checkpoint signing (key, store, periodic checkpoints) and the export.</summary>
    public static IServiceCollection AddEventChainServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AuditOptions.From(configuration));
        services.AddSingleton(sp => CheckpointSigningKey.Load(sp.GetRequiredService<AuditOptions>(), sp.GetRequiredService<ILogger<CheckpointSigningKey>>()));
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton(sp => new SharedVerification(sp.GetRequiredService<ChainVerifier>().VerifyAsync));
        services.AddSingleton<ChainCheckpoints>();
        services.AddSingleton<EventExport>();
        services.AddHostedService<PeriodicCheckpoints>();
        services.AddSingleton<SealingLagMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<SealingLagMonitor>());
        return services;
    }
}

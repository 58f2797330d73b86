using System.Diagnostics.Metrics;
using Catalogue.Api.Hosting;
using Npgsql;

namespace Catalogue.Api.Audit.Chain;

/// <summary>How far the sealer was behind the appends when last measured.</summary>
/// <param name="UnsealedEvents">Committed events after the last seal.</param>
/// <param name="OldestUnsealedAge">How long the oldest of them has waited (zero when there are none).</param>
public sealed record SealingLag(long UnsealedEvents, TimeSpan OldestUnsealedAge)
{
    public static readonly SealingLag None = new(0, TimeSpan.Zero);
}

/// <summary>
/// Measures how many committed events wait for their seal and for how long. It publishes both as OpenTelemetry gauges
/// and warns in the log while sealing is stalled. It measures the tables themselves, not the daemon's own progress.
/// That way it also sees a sealer that is running but not moving, for instance when its high-water mark is stuck.
/// </summary>
public sealed class SealingLagMonitor : BackgroundService
{
    public const string MeterName = "Catalogue";
    public const string UnsealedEventsInstrument = "catalogue.event_chain.unsealed_events";
    public const string OldestUnsealedAgeInstrument = "catalogue.event_chain.oldest_unsealed_age";
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RepeatWarningEvery = TimeSpan.FromMinutes(5);

    private static readonly string Query =
        $"select count(*), min(e.timestamp) from {EventChainSchema.Events} e where {ChainReader.AwaitingSealSql}";

    private readonly NpgsqlDataSource _dataSource;
    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SealingLagMonitor> _logger;
    private DateTimeOffset? _stalledWarnedAt;
    private readonly DateTimeOffset _startedAt;

    public SealingLagMonitor(
        NpgsqlDataSource dataSource, AuditOptions options, TimeProvider time, IMeterFactory meters, ILogger<SealingLagMonitor> logger)
    {
        _dataSource = dataSource;
        _options = options;
        _time = time;
        _logger = logger;
        _startedAt = time.GetUtcNow();
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(UnsealedEventsInstrument, () => Current.UnsealedEvents, "{event}",
            "Committed events not yet sealed into the event chain");
        meter.CreateObservableGauge(OldestUnsealedAgeInstrument, () => Current.OldestUnsealedAge.TotalSeconds, "s",
            "How long the oldest unsealed event has waited for its seal");
    }

    /// <summary>The last measurement; <see cref="SealingLag.None"/> until the first one.</summary>
    public SealingLag Current { get; private set; } = SealingLag.None;

    /// <summary>
    /// Whether an event has waited past the limit and this service has run that long: events a service left unsealed
    /// when it stopped (sealing follows the appends by a moment) had waited the whole time it was stopped when the next
    /// one started, and were taken for a stalled sealer at its first check, before its sealer could seal them.
    /// </summary>
    public bool IsStalled => Current.OldestUnsealedAge > _options.SealingLagWarning && _time.GetUtcNow() - _startedAt > _options.SealingLagWarning;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval, _time);
        do
        {
            await CheckAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Measures now. A database that cannot be reached keeps the last measurement; readiness reports the outage.</summary>
    public async Task<SealingLag> CheckAsync(CancellationToken ct)
    {
        try
        {
            await using var command = _dataSource.CreateCommand(Query);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var unsealed = reader.GetInt64(0);
            // Aged on the clock the service is given, as every time it reads is, rather than on the database's now():
            // the database stamped the events, but its clock is the service's own for the embedded cluster and kept
            // in step with it by NTP elsewhere, far closer than the lag this warns about (a minute by default).
            var waited = reader.IsDBNull(1) ? TimeSpan.Zero : _time.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(1);
            Current = new SealingLag(unsealed, unsealed == 0 || waited < TimeSpan.Zero ? TimeSpan.Zero : waited);
        }
        catch (Exception ex) when (CatalogueExceptionHandler.IsDatabaseFailure(ex))
        {
            _logger.LogDebug(ex, "Could not measure the sealing lag this time");
            return Current;
        }

        Report();
        return Current;
    }

    private void Report()
    {
        var now = _time.GetUtcNow();
        if (IsStalled)
        {
            if (_stalledWarnedAt is { } warned && now - warned < RepeatWarningEvery) return;
            _stalledWarnedAt = now;
            _logger.LogWarning(
                "Sealing is behind: {Unsealed} committed events have no seal yet, the oldest for {Age:0} s (warning after {Threshold:0} s). " +
                "Check GET /api/projections for the event_chain_sealer subscription, and the log for the sealer (EventSealer says why it stopped, if it did) and the daemon's high-water agent",
                Current.UnsealedEvents, Current.OldestUnsealedAge.TotalSeconds, _options.SealingLagWarning.TotalSeconds);
        }
        else if (_stalledWarnedAt is not null)
        {
            _stalledWarnedAt = null;
            _logger.LogInformation("Sealing has caught up: {Unsealed} events wait for their seal", Current.UnsealedEvents);
        }
    }
}

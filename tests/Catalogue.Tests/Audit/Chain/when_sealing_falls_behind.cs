using System.Diagnostics.Metrics;
using Catalogue.Api.Audit.Chain;
using Catalogue.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Catalogue.Tests.Audit.Chain;

/// <summary>
/// The sealer stops moving (here: its daemon is paused) while archivists keep working. Operators see it: the gauges
/// give the number of events waiting for a seal and how long the oldest has waited, and the log warns once the wait
/// passes the configured limit, and says so again when sealing has caught up.
/// </summary>
public sealed class when_sealing_falls_behind(CatalogueService service) : EventChainScenario(service)
{
    private readonly CapturedLogs _logs = new();

    /// <summary>The monitor's clock; it starts before this test appends anything, and moves only when the test moves it.</summary>
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    /// <summary>A monitor as the service builds one, on the service's database, timed by <see cref="_clock"/>.</summary>
    private SealingLagMonitor AMonitorThatWarnsAfter(TimeSpan limit, IMeterFactory meters) => new(
        Service.Host.Services.GetRequiredService<NpgsqlDataSource>(),
        Service.Host.Services.GetRequiredService<AuditOptions>() with { SealingLagWarning = limit },
        _clock,
        meters,
        LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<SealingLagMonitor>());

    private IReadOnlyList<CapturedLine> Warnings => [.. _logs.Lines.Where(l => l.Level == LogLevel.Warning)];

    /// <summary>Sets the monitor's clock to <paramref name="waited"/> after the database stamped the oldest event without a seal.</summary>
    private async Task TheOldestUnsealedEventHasWaited(TimeSpan waited)
    {
        var stamped = await Scalar<DateTime>($"select min(e.timestamp) from {EventChainSchema.Events} e where {ChainReader.AwaitingSealSql}");
        _clock.SetUtcNow(new DateTimeOffset(stamped, TimeSpan.Zero) + waited);
    }

    [Fact]
    public async Task the_service_measures_the_wait_and_publishes_it_as_gauges()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var monitor = AMonitorThatWarnsAfter(Service.Host.Services.GetRequiredService<AuditOptions>().SealingLagWarning, meters.GetRequiredService<IMeterFactory>());
        await Api.AccessionTheSeed();
        await AllEventsSealed();
        Assert.Equal(SealingLag.None, await monitor.CheckAsync(CancellationToken.None));

        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            await Api.AccessionTheSeed();
            await Api.AccessionTheSeed();
            await TheOldestUnsealedEventHasWaited(TimeSpan.FromSeconds(90));

            var lag = await monitor.CheckAsync(CancellationToken.None);
            Assert.Equal(new SealingLag(2, TimeSpan.FromSeconds(90)), lag);

            var gauges = ReadGauges(meters.GetRequiredService<IMeterFactory>());
            Assert.Equal(2, gauges[SealingLagMonitor.UnsealedEventsInstrument]);
            Assert.Equal(90, gauges[SealingLagMonitor.OldestUnsealedAgeInstrument], precision: 6);
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }

        await AllEventsSealed();
        Assert.Equal(SealingLag.None, await monitor.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task the_log_warns_once_the_wait_passes_the_limit_and_says_when_sealing_has_caught_up()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var monitor = AMonitorThatWarnsAfter(TimeSpan.FromMinutes(1), meters.GetRequiredService<IMeterFactory>());

        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            await Api.AccessionTheSeed();
            await TheOldestUnsealedEventHasWaited(TimeSpan.FromSeconds(59));
            await monitor.CheckAsync(CancellationToken.None);
            Assert.False(monitor.IsStalled);
            Assert.Empty(Warnings);

            await TheOldestUnsealedEventHasWaited(TimeSpan.FromSeconds(61));
            await monitor.CheckAsync(CancellationToken.None);
            Assert.True(monitor.IsStalled);
            var warning = Assert.Single(Warnings);
            Assert.Contains("Sealing is behind: 1 committed events have no seal yet, the oldest for 61 s", warning.Message);

            await monitor.CheckAsync(CancellationToken.None);
            Assert.Single(Warnings);
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }

        await AllEventsSealed();
        await monitor.CheckAsync(CancellationToken.None);
        Assert.False(monitor.IsStalled);
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Information && l.Message.StartsWith("Sealing has caught up"));
    }

    /// <summary>
    /// Found from outside: a service stopped a moment after a command left its events to be sealed at the next start;
    /// started two minutes later, it warned at its first check, before its sealer had run. It warns once it has had the
    /// time the limit gives and they still wait.
    /// </summary>
    [Fact]
    public async Task events_left_unsealed_by_a_service_stopped_are_not_a_stall_until_the_next_has_had_its_time()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await Service.Host.PauseAllDaemonsAsync();
        try
        {
            await Api.AccessionTheSeed();
            await TheOldestUnsealedEventHasWaited(TimeSpan.FromSeconds(120));
            var monitor = AMonitorThatWarnsAfter(TimeSpan.FromMinutes(1), meters.GetRequiredService<IMeterFactory>());

            Assert.Equal(TimeSpan.FromSeconds(120), (await monitor.CheckAsync(CancellationToken.None)).OldestUnsealedAge);
            Assert.False(monitor.IsStalled);
            Assert.Empty(Warnings);

            _clock.Advance(TimeSpan.FromSeconds(61));
            await monitor.CheckAsync(CancellationToken.None);
            Assert.True(monitor.IsStalled);
            Assert.Contains("the oldest for 181 s", Assert.Single(Warnings).Message);
        }
        finally
        {
            await Service.Host.ResumeAllDaemonsAsync();
        }
    }

    [Fact]
    public async Task a_database_that_cannot_be_reached_keeps_the_last_measurement()
    {
        using var meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var monitor = AMonitorThatWarnsAfter(TimeSpan.FromMinutes(1), meters.GetRequiredService<IMeterFactory>());
        await Api.AccessionTheSeed();
        await AllEventsSealed();
        await monitor.CheckAsync(CancellationToken.None);

        await Service.StopDatabaseAsync();
        try
        {
            Assert.Equal(SealingLag.None, await monitor.CheckAsync(CancellationToken.None));
        }
        finally
        {
            await Service.StartDatabaseAgainAsync();
            await Service.WaitUntilReadyAsync();
        }

        Assert.Empty(Warnings);
    }

    /// <summary>The current value of each of the catalogue's gauges from one host, as a metrics exporter would collect them.</summary>
    private static Dictionary<string, double> ReadGauges(IMeterFactory hostMeters)
    {
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SealingLagMonitor.MeterName && ReferenceEquals(instrument.Meter.Scope, hostMeters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}

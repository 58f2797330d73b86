using BenchmarkDotNet.Attributes;
using JasperFx.Events.Daemon;
using Marten;

namespace Catalogue.Benchmarks;

/// <summary>Appends per second from one writer and from 8 concurrent writers, one event per transaction, under each way of sealing.</summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(10)]
public class AppendBenchmarks
{
    /// <summary>Appends in one measured operation, shared among the writers.</summary>
    public const int AppendsPerInvoke = 400;

    /// <summary>The writers the sealing lag is measured after (<c>Program</c>), as many as the service's benchmark has clients.</summary>
    public const int LagWriters = 8;

    private DocumentStore _store = null!;
    private IProjectionDaemon? _daemon;

    [Params(Sealing.None, Sealing.Sealer, Sealing.InAppend)]
    public Sealing Sealing { get; set; }

    [Params(1, 8)]
    public int Writers { get; set; }

    [GlobalSetup]
    public async Task SetUp()
    {
        _store = await BenchDatabase.FreshStoreAsync(Sealing);
        // Start each scenario from a quiet server: no checkpoint or vacuum left over from the one before.
        await BenchDatabase.ExecuteAsync("checkpoint");
        await BenchDatabase.ExecuteAsync("vacuum analyze");
        if (Sealing == Sealing.Sealer) _daemon = await BenchDatabase.StartSealerAsync(_store);
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public Task Append() => BenchDatabase.AppendAsync(_store, Writers, AppendsPerInvoke / Writers);

    [GlobalCleanup]
    public async Task TearDown()
    {
        if (_daemon is not null)
        {
            await BenchDatabase.WaitUntilSealedAsync(TimeSpan.FromMinutes(2));
            await _daemon.StopAllAsync();
            _daemon.Dispose();
        }

        _store.Dispose();
    }
}

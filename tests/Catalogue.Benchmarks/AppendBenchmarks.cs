using BenchmarkDotNet.Attributes;
using JasperFx.Events.Daemon;
using Marten;

namespace Catalogue.Benchmarks;

/// <summary>Appends per second from 8 concurrent writers, one event per transaction, under each way of sealing.</summary>
[InProcess]
[WarmupCount(2)]
[IterationCount(10)]
public class AppendBenchmarks
{
    public const int Writers = 8;
    public const int AppendsPerWriter = 50;

    private DocumentStore _store = null!;
    private IProjectionDaemon? _daemon;

    [Params(Sealing.None, Sealing.Sealer, Sealing.InAppend)]
    public Sealing Sealing { get; set; }

    [GlobalSetup]
    public async Task SetUp()
    {
        _store = await BenchDatabase.FreshStoreAsync(Sealing);
        // Start each scenario from a quiet server: no checkpoint or vacuum left over from the one before.
        await BenchDatabase.ExecuteAsync("checkpoint");
        await BenchDatabase.ExecuteAsync("vacuum analyze");
        if (Sealing == Sealing.Sealer) _daemon = await BenchDatabase.StartSealerAsync(_store);
    }

    [Benchmark(OperationsPerInvoke = Writers * AppendsPerWriter)]
    public Task Append() => BenchDatabase.AppendAsync(_store, Writers, AppendsPerWriter);

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

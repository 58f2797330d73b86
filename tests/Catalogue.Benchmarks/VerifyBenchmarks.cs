using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Catalogue.Api.Audit.Chain;
using Marten;
using Npgsql;

namespace Catalogue.Benchmarks;

/// <summary>Events verified per second: against the database, and offline from an export file.</summary>
[InProcess]
[WarmupCount(1)]
[IterationCount(5)]
public class VerifyBenchmarks
{
    public const int Events = 20_000;

    private NpgsqlDataSource _dataSource = null!;
    private ChainVerifier _verifier = null!;
    private CheckpointSigningKey _key = null!;
    private string _export = null!;

    [GlobalSetup]
    public async Task SetUp()
    {
        using (var store = await BenchDatabase.FreshStoreAsync(Sealing.Sealer))
        {
            await BenchDatabase.FillAsync(store, Events);
            using var daemon = await BenchDatabase.StartSealerAsync(store);
            await BenchDatabase.WaitUntilSealedAsync(TimeSpan.FromMinutes(5));
            await daemon.StopAllAsync();
        }

        _dataSource = NpgsqlDataSource.Create(BenchDatabase.ConnectionString);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _key = CheckpointSigningKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem(), "benchmark");
        _verifier = new ChainVerifier(_dataSource, _key);
        _export = Path.Combine(Path.GetTempPath(), "catalogue-bench-export.jsonl");
        await using var writer = new StreamWriter(_export);
        await new EventExport(_dataSource, TimeProvider.System).WriteAsync(writer, CancellationToken.None);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task VerifyInDatabase()
    {
        var verification = await _verifier.VerifyAsync(CancellationToken.None);
        if (!verification.IsIntact || verification.SealedCount != Events) throw new InvalidOperationException("The chain did not verify.");
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task VerifyExportOffline()
    {
        using var reader = new StreamReader(_export);
        var check = await OfflineChainCheck.RunAsync(reader, null, null, CancellationToken.None);
        if (!check.Passed || check.Sealed != Events) throw new InvalidOperationException(check.Problem);
    }

    [GlobalCleanup]
    public async Task TearDown()
    {
        _key.Dispose();
        await _dataSource.DisposeAsync();
        File.Delete(_export);
    }
}

using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Catalogue.Benchmarks;

// dotnet run -c Release --project tests/Catalogue.Benchmarks [-- --fsync-off] [-- BenchmarkDotNet arguments]
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- batch-import [PAGES [KIB-PER-PAGE]] [--fsync-off]
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- read-side [--records N] [--seconds S] [--only NAME] [--fsync-off]
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- service [--restarts N] [--seconds S] [--published DIR] [--fsync-off]
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- rebuild [--records N] [--fsync-off]
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- harvest [--records N] [--fsync-off]: a full OAI-PMH harvest of the read-side catalogue
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- bulk-import [--records N] [--fsync-off]: export the read-side catalogue as JSON lines, import it into an empty one
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- nodes [--nodes N] [--seconds S] [--fsync-off]: one node against N on one database
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- start-up [--restarts N] [--fsync-off]: publish the service ReadyToRun as deploy/Dockerfile does, time its starts
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- long-streams [--fsync-off]: an auditor's reads of a record with 1,000 events (also part of service)
// dotnet run -c Release --project tests/Catalogue.Benchmarks -- all [--records N] [--rebuild-records N] [--seconds S] [--fsync-off]: service, read-side, harvest, rebuild, then the appends
// Starts its own PostgreSQL (the service's embedded launcher, in the system temp folder) and runs in-process
// (batch-import and read-side run the service as a process of its own, measured from outside).
var durable = !args.Contains("--fsync-off");
var benchmarkArgs = args.Where(a => a != "--fsync-off").ToArray();
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));

// Checked before anything starts: "--seconds abc" crashed after the cluster had started, "--seconds 0" printed a table
// of NaN, and a misspelt option was passed over (found from outside).
if (BenchmarkArguments.Refusal(benchmarkArgs) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 64;
}

await BenchDatabase.StartAsync(durable);
try
{
    if (benchmarkArgs is ["batch-import", .. var sizes])
    {
        var pages = sizes.Length > 0 ? int.Parse(sizes[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var kibPerPage = sizes.Length > 1 ? int.Parse(sizes[1], System.Globalization.CultureInfo.InvariantCulture) : 128;
        Console.WriteLine($"PostgreSQL {(durable ? "durable (fsync on)" : "with fsync off")}, {Environment.ProcessorCount} cores");
        return await BatchImportBenchmark.RunAsync(pages, kibPerPage);
    }

    if (benchmarkArgs is ["read-side", .. var options])
    {
        var records = Option(options, "--records") ?? 100_000;
        var seconds = Option(options, "--seconds") ?? 20;
        var only = Array.IndexOf(options, "--only") is var at and >= 0 && at + 1 < options.Length ? options[at + 1] : null;
        return await ReadSideBenchmark.RunAsync(records, seconds, durable, only);
    }

    if (benchmarkArgs is ["service", .. var serviceOptions])
    {
        var published = Array.IndexOf(serviceOptions, "--published") is var at and >= 0 && at + 1 < serviceOptions.Length ? serviceOptions[at + 1] : null;
        return await ServiceBenchmark.RunAsync(Option(serviceOptions, "--restarts") ?? 5, Option(serviceOptions, "--seconds") ?? 10, published);
    }

    if (benchmarkArgs is ["rebuild", .. var rebuildOptions])
    {
        return await RebuildBenchmark.RunAsync(Option(rebuildOptions, "--records") ?? 20_000);
    }

    if (benchmarkArgs is ["harvest", .. var harvestOptions])
    {
        return await HarvestBenchmark.RunAsync(Option(harvestOptions, "--records") ?? 100_000);
    }

    if (benchmarkArgs is ["bulk-import", .. var bulkOptions])
    {
        return await BulkImportBenchmark.RunAsync(Option(bulkOptions, "--records") ?? 20_000);
    }

    if (benchmarkArgs is ["start-up", .. var startUpOptions])
    {
        return await DeployedBuild.PublishAsync() is { } deployed
            ? await ServiceBenchmark.DeployedStartsAsync(deployed, Option(startUpOptions, "--restarts") ?? 5)
            : 1;
    }

    if (benchmarkArgs is ["long-streams", ..])
    {
        return await LongStreamBenchmark.RunAloneAsync();
    }

    if (benchmarkArgs is ["nodes", .. var nodesOptions])
    {
        return await NodesBenchmark.RunAsync(Option(nodesOptions, "--nodes") ?? 3, Option(nodesOptions, "--seconds") ?? 10);
    }

    if (benchmarkArgs is ["all", .. var allOptions])
    {
        var seconds = Option(allOptions, "--seconds") ?? 10;
        Console.WriteLine($"== the service: start-up, accession commands, memory ({DateTime.UtcNow:u})");
        var service = await ServiceBenchmark.RunAsync(restarts: 5, seconds, published: null);
        Console.WriteLine();
        Console.WriteLine($"== start-up as deployed: the ReadyToRun publish deploy/Dockerfile makes ({DateTime.UtcNow:u})");
        var deployedStarts = await DeployedBuild.PublishAsync() is { } deployed ? await ServiceBenchmark.DeployedStartsAsync(deployed, restarts: 5) : 1;
        Console.WriteLine();
        Console.WriteLine($"== the read side ({DateTime.UtcNow:u})");
        var readSide = await ReadSideBenchmark.RunAsync(Option(allOptions, "--records") ?? 100_000, seconds, durable);
        Console.WriteLine();
        Console.WriteLine($"== a full OAI-PMH harvest ({DateTime.UtcNow:u})");
        var harvest = await HarvestBenchmark.RunAsync(Option(allOptions, "--records") ?? 100_000);
        Console.WriteLine();
        Console.WriteLine($"== a full rebuild of the read models ({DateTime.UtcNow:u})");
        var rebuild = await RebuildBenchmark.RunAsync(Option(allOptions, "--rebuild-records") ?? 20_000);
        Console.WriteLine();
        Console.WriteLine($"== appends and the event chain, in-process ({DateTime.UtcNow:u})");
        var appends = await AppendsAsync([]);
        return new[] { service, deployedStarts, readSide, harvest, rebuild, appends }.Max();
    }

    return await AppendsAsync(benchmarkArgs);
}
finally
{
    await BenchDatabase.StopAsync();
}

async Task<int> AppendsAsync(string[] benchmarkArgs)
{
    var summaries = BenchmarkRunner.Run([typeof(VerifyBenchmarks), typeof(AppendBenchmarks)], config, benchmarkArgs);
    var lag = await MeasureSealingLagAsync();

    Console.WriteLine();
    Console.WriteLine($"PostgreSQL {(durable ? "durable (fsync on)" : "with fsync off")}, {Environment.ProcessorCount} cores");
    foreach (var summary in summaries)
    {
        foreach (var report in summary.Reports) Print(report);
    }

    Console.WriteLine($"sealing lag: the last of {AppendBenchmarks.AppendsPerInvoke} appends from {AppendBenchmarks.LagWriters} writers sealed {lag.TotalMilliseconds:F0} ms after it committed");
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

static int? Option(string[] options, string name) =>
    Array.IndexOf(options, name) is var at and >= 0 && at + 1 < options.Length ? int.Parse(options[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;

static void Print(BenchmarkReport report)
{
    if (report.ResultStatistics is not { } statistics) return;
    var parameters = report.BenchmarkCase.Parameters.DisplayInfo;
    var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
    var unit = name == nameof(AppendBenchmarks.Append) ? "appends/s" : "events/s";
    Console.WriteLine($"{name} {parameters}: {1e9 / statistics.Mean:F0} {unit} (±{statistics.StandardError / statistics.Mean * 100:F1} %)");
}

// Not a BenchmarkDotNet measurement: how long after the appends end does the sealer hold every event?
static async Task<TimeSpan> MeasureSealingLagAsync()
{
    using var store = await BenchDatabase.FreshStoreAsync(Sealing.Sealer);
    using var daemon = await BenchDatabase.StartSealerAsync(store);
    await BenchDatabase.AppendAsync(store, AppendBenchmarks.LagWriters, AppendBenchmarks.AppendsPerInvoke / AppendBenchmarks.LagWriters);
    var clock = Stopwatch.StartNew();
    await BenchDatabase.WaitUntilSealedAsync(TimeSpan.FromMinutes(1));
    var lag = clock.Elapsed;
    await daemon.StopAllAsync();
    return lag;
}

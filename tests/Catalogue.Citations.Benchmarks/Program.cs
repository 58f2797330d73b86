using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Catalogue.Citations.Benchmarks;

// dotnet run -c Release --project tests/Catalogue.Citations.Benchmarks [-- BenchmarkDotNet arguments]
// Reports go beside the build output (ignored by git), not into the folder the command was typed in.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
var summary = BenchmarkRunner.Run<CitationParsing>(config, args);

Print(summary, nameof(CitationParsing.Corpus), CitationParsing.Citations.Length, "corpus");
Print(summary, nameof(CitationParsing.OneTypical), 1, "typical");
return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;

static void Print(Summary summary, string method, int citationsPerOperation, string label)
{
    var report = summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
    if (report?.ResultStatistics is not { } statistics)
    {
        Console.WriteLine($"{label}: no result");
        return;
    }

    var perSecond = citationsPerOperation * 1e9 / statistics.Mean;
    var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
    Console.WriteLine($"{label}: citations/s: {perSecond:F0} (mean {statistics.Mean / citationsPerOperation:F0} ns per citation, {allocated / citationsPerOperation} bytes allocated per citation)");
}

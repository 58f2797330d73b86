using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Catalogue.Citations.Benchmarks;

/// <summary>Parsing every archive citation of the shared corpus, and one typical Russian citation.</summary>
[MemoryDiagnoser]
public class CitationParsing
{
    public static readonly string[] Citations = LoadCorpus();

    private const string Typical = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85";

    [Benchmark(Baseline = true, Description = "corpus (16 citations per operation)")]
    public int Corpus()
    {
        var references = 0;
        foreach (var citation in Citations)
        {
            references += CitationParser.Parse(citation).References.Count;
        }

        return references;
    }

    [Benchmark(Description = "one typical Russian citation")]
    public int OneTypical() => CitationParser.Parse(Typical).References.Count;

    private static string[] LoadCorpus()
    {
        using var stream = typeof(CitationParsing).Assembly.GetManifestResourceStream("catalogue-entries.jsonl")
            ?? throw new InvalidOperationException("The corpus is not embedded.");
        using var reader = new StreamReader(stream);
        var citations = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                using var json = JsonDocument.Parse(line);
                citations.Add(json.RootElement.GetProperty("archive_citation").GetString()!);
            }
        }

        return [.. citations];
    }
}

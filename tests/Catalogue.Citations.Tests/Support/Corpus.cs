using System.Text.Json;

namespace Catalogue.Citations.Tests.Support;

/// <summary>One line of Corpus/catalogue-entries.jsonl: a real catalogue entry and the citation it was published with.</summary>
public sealed record CorpusEntry(string Key, string ArchiveCitation, string? Archive, string? Shape, string? FullCitation);

public static class Corpus
{
    private static readonly Lazy<IReadOnlyList<CorpusEntry>> Loaded = new(Load);

    public static IReadOnlyList<CorpusEntry> Entries => Loaded.Value;

    /// <summary>An entry by its document id, or by its source URL when it has no id.</summary>
    public static CorpusEntry Entry(string key) =>
        Entries.SingleOrDefault(e => e.Key == key) ?? throw new KeyNotFoundException($"No corpus entry '{key}'.");

    public static string Citation(string key) => Entry(key).ArchiveCitation;

    private static List<CorpusEntry> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "catalogue-entries.jsonl");
        var entries = new List<CorpusEntry>();
        foreach (var line in File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            entries.Add(new CorpusEntry(
                Text("doc_id") ?? Text("source_url") ?? throw new InvalidDataException("A corpus entry has neither doc_id nor source_url."),
                Text("archive_citation") ?? throw new InvalidDataException("A corpus entry has no archive_citation."),
                Text("archive"),
                Text("citation_shape"),
                Text("full_citation")));
        }

        return entries;
    }
}

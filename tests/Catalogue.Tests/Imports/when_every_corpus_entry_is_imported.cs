using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Catalogue.Api.Records;
using Catalogue.Tests.Support;

namespace Catalogue.Tests.Imports;

/// <summary>
/// Every entry of the shared corpus, as a page in the archive's layout (and every page the corpus holds as it is),
/// imported: no creator or participant is named with a date or a topic, and a page whose citation names an archive
/// has its provenance.
/// </summary>
public sealed partial class when_every_corpus_entry_is_imported(CatalogueService service) : CatalogueScenario(service)
{
    /// <summary>The shared corpus when this checkout sits beside it, else the copy committed with the parser's tests.</summary>
    private static string CorpusFolder
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(RepositoryFiles.Root, "..", "shared", "corpus"));
            return Directory.Exists(shared) ? shared : RepositoryFiles.PathOf("tests", "Catalogue.Citations.Tests", "Corpus");
        }
    }

    /// <summary>A page to import, and whether its citation names an archive.</summary>
    public sealed record CorpusPage(string Name, string Text, bool NamesAnArchive)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<CorpusPage> Pages()
    {
        var pages = new TheoryData<CorpusPage>();
        foreach (var file in Directory.EnumerateFiles(CorpusFolder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var line = 0;
            foreach (var json in File.ReadLines(file))
            {
                line++;
                if (json.Trim().Length == 0) continue;
                pages.Add(PageOf(JsonNode.Parse(json)!, $"{Path.GetFileName(file)}:{line}"));
            }
        }

        foreach (var file in Directory.EnumerateFiles(CorpusFolder, "*.txt").Order(StringComparer.Ordinal))
        {
            pages.Add(new CorpusPage(Path.GetFileName(file), File.ReadAllText(file), NamesAnArchive: true));
        }

        return pages;
    }

    /// <summary>The entry laid out as the archive lays out a document page, its address made from its id when the site gave none.</summary>
    private static CorpusPage PageOf(JsonNode entry, string name)
    {
        string? Field(string field) => entry[field]?.GetValue<string>();

        var id = Field("doc_id") is { } docId ? Slug(docId) : Slug(Field("title")!);
        var date = Field("date_as_written") is { } written && EdtfDate.TryNormalise(written, out _) ? written : Field("date_iso");
        var citation = Field("full_citation") ?? Field("archive_citation") ?? "";
        var page = new List<string> { "" };
        if (date is not null) page.AddRange([$"## **{date}**", ""]);
        page.AddRange([$"# {Field("title")}", "", "## Citation:", "", $"{citation} https://digitalarchive.wilsoncenter.org/document/{id}", ""]);
        if (Field("funding_credit") is { } funding) page.AddRange(["#### **Credits:**", "", funding, ""]);
        if (Field("original_language") is { } language) page.AddRange(["# **Original Language:**", "", language, ""]);
        return new CorpusPage(name, string.Join('\n', page), NamesAnArchive: Field("archive") is not null);
    }

    private static string Slug(string text) => string.Join('-', NotSlug().Split(text.ToLowerInvariant()).Where(word => word.Length > 0));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();

    // A date as titles write them: a year, a day and a month, a numbered date.
    [GeneratedRegex(@"\d|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ADate();

    // What titles add after a name: "… on the Situation in Korea", "… regarding …", "… for 4 March 1957".
    [GeneratedRegex(@"\s(?:on|regarding|concerning|about|re)\s|\sfor\s+\d", RegexOptions.IgnoreCase)]
    private static partial Regex ATopic();

    [Theory, MemberData(nameof(Pages))]
    public async Task the_names_are_names_and_an_archive_cited_is_provenance(CorpusPage page)
    {
        var reply = await Api.PostRaw("/api/imports", page.Text, "text/plain");
        Assert.True(reply.Status is HttpStatusCode.Created, $"{page.Name}: {reply.Described}");
        var record = (await Api.Get($"/api/records/{reply.Id}")).ShouldBe(HttpStatusCode.OK).Json;

        foreach (var person in record["creators"]!.AsArray().Concat(record["participants"]!.AsArray()))
        {
            var name = person!["name"]!.GetValue<string>();
            Assert.False(ADate().IsMatch(name), $"{page.Name}: the name \"{name}\" holds a date");
            Assert.False(ATopic().IsMatch(name), $"{page.Name}: the name \"{name}\" holds a topic");
        }

        if (page.NamesAnArchive) Assert.NotEmpty(record["provenance"]!.AsArray());
    }
}

namespace Catalogue.Tests.Imports;

/// <summary>Page texts for the tests: the committed seed, and pages built in the seed's layout.</summary>
internal static class ArchivePages
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Seed =>
        File.ReadAllText(Path.Combine(RepositoryRoot, "tests", "Catalogue.Tests", "Imports", "Pages", "seed-117886.txt"));

    public static string Build(
        string title = "Memorandum",
        string? date = "November 10, 1949",
        string citation = "RGASPI, f. 17, op. 1, d. 1, l. 1. https://digitalarchive.wilsoncenter.org/document/1",
        string? summary = null,
        string? credits = null,
        string? originalLanguage = null,
        string? contents = null)
    {
        var page = new List<string> { string.Empty };
        if (date is not null)
        {
            page.AddRange([$"## **{date}**", string.Empty]);
        }

        page.AddRange([$"# {title}", string.Empty, "## Citation:", string.Empty, citation, string.Empty]);
        if (summary is not null)
        {
            page.AddRange(["## **Summary:**", string.Empty, summary, string.Empty]);
        }

        if (credits is not null)
        {
            page.AddRange(["#### **Credits:**", string.Empty, credits, string.Empty]);
        }

        if (originalLanguage is not null)
        {
            page.AddRange(["# **Original Language:**", string.Empty, originalLanguage, string.Empty]);
        }

        if (contents is not null)
        {
            page.AddRange(["## **Contents:**", string.Empty, contents]);
        }

        return string.Join('\n', page);
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Catalogue.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Catalogue.sln.");
    }
}

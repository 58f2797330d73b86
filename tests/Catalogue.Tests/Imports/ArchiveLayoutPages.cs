namespace Catalogue.Tests.Imports;

/// <summary>Pages in the archive's own layout: the committed seed page with another citation, title or document id.</summary>
public static class ArchiveLayoutPages
{
    public const string SeedReference = "AVPRF, f. 0100, op. 42, por. 19, pap. 288, ll. 81-85";
    public const string SeedCredit = "Translated by David Wolff.";
    public const string SeedTitle = "From the Diary of N.V. Roshchin, Memorandum of Conversation with Prime Minister Zhou Enlai on 10 November 1949";

    /// <summary>The seed page whose citation gives another archive reference and other credit sentences.</summary>
    public static string Citing(string reference, string credits, int documentId = 117886) =>
        Replaced(when_the_seed_page_is_imported.SeedPage, $"{SeedReference}. {SeedCredit}", $"{reference}. {credits}")
            .Replace("document/117886", $"document/{documentId}", StringComparison.Ordinal);

    /// <summary>The seed page of another document with another title, in its heading and in its citation alike.</summary>
    public static string Titled(string title, int documentId) =>
        Replaced(when_the_seed_page_is_imported.SeedPage, SeedTitle, title, expected: 2)
            .Replace("document/117886", $"document/{documentId}", StringComparison.Ordinal);

    private static string Replaced(string page, string what, string with, int expected = 1)
    {
        var found = (page.Length - page.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;
        Assert.True(found == expected, $"The seed page holds \"{what}\" {found} times, not {expected}: the helper no longer fits the seed.");
        return page.Replace(what, with, StringComparison.Ordinal);
    }
}

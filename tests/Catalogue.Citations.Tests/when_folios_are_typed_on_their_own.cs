using Catalogue.Citations;

namespace Catalogue.Citations.Tests;

/// <summary>
/// An archivist types a reference's folios in a field of their own, often as a citation writes them. They are kept as
/// the parser keeps a citation's, so that a citation of the record gives the abbreviation once.
/// </summary>
public sealed class when_folios_are_typed_on_their_own
{
    [Theory]
    [InlineData("ll. 81-85", "81-85")]
    [InlineData("l. 12 ob.", "12ob")]
    [InlineData("ll. 92-93 ob.", "92-93ob")]
    [InlineData("Л. 92-93 об.", "92-93ob")]
    [InlineData("fols. 3, 5-7", "3, 5-7")]
    [InlineData("12 ob.", "12ob")]
    [InlineData("81-85ob", "81-85ob")]
    [InlineData("81-85", "81-85")]
    [InlineData("0055", "0055")]
    [InlineData("12a", "12a")]
    [InlineData("  ll.81 - 85  ", "81-85")]
    public void folios_are_tidied_as_a_citations_are(string typed, string kept) => Assert.Equal(kept, CitationParser.TidyFolios(typed));

    [Theory]
    [InlineData("unnumbered")]
    [InlineData("ll. 1-5 (copy)")]
    [InlineData("f. 558, ll. 92")]
    [InlineData("xii")]
    [InlineData("")]
    [InlineData("   ")]
    public void what_is_not_folios_alone_is_not_tidied(string typed) => Assert.Null(CitationParser.TidyFolios(typed));

    [Theory]
    [InlineData("ll. 1-5 (copy)", true)]
    [InlineData("Л. 3", true)]
    [InlineData("fol. 7", true)]
    [InlineData("listy 3-4", true)]
    [InlineData("81-85", false)]
    [InlineData("xii", false)]
    [InlineData("f. 7", false)]
    [InlineData("", false)]
    public void a_leading_word_naming_leaves_is_told(string folios, bool names) => Assert.Equal(names, CitationParser.BeginsWithLeaves(folios));
}
